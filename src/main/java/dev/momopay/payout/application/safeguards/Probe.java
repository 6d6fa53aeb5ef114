package dev.momopay.payout.application.safeguards;

import java.time.Duration;
import java.time.Instant;

/**
 * One probe at a time while an account is paused (an open breaker, a configuration hold). A probe that makes no MoMo
 * call, or never comes back, must not keep the account half-open: it ends when its round says so, or by itself after
 * {@code timeout}. Not thread-safe: its owner synchronises.
 */
final class Probe {

    private Instant since;

    /** Starts a probe unless one younger than {@code timeout} is out; returns whether it started. */
    boolean tryStart(Instant now, Duration timeout) {
        if (since != null && now.isBefore(since.plus(timeout))) {
            return false;
        }
        since = now;
        return true;
    }

    /** The probe is over (answered, or it made no call). */
    void end() {
        since = null;
    }

    boolean out() {
        return since != null;
    }
}
