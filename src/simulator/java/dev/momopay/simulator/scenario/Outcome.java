package dev.momopay.simulator.scenario;

import java.time.Duration;

/**
 * What the simulator plans for a transaction when it is accepted.
 *
 * @param kind   the kind of outcome
 * @param reason the FAILED reason code (only for {@link Kind#FAILED})
 * @param delay  for {@link Kind#PENDING_THEN_SUCCESSFUL}: the fixed delay before the transaction succeeds
 */
public record Outcome(Kind kind, String reason, Duration delay) {

    public enum Kind {
        /** Final SUCCESSFUL after the configured completion delay (if the float covers the amount). */
        SUCCESSFUL,
        /** Final FAILED with {@link #reason()} after the configured completion delay. */
        FAILED,
        /** Stays PENDING until forced final with {@code completeNow}. */
        PENDING_FOREVER,
        /** PENDING, then SUCCESSFUL after {@link #delay()} (the old "ongoing" sandbox semantics). */
        PENDING_THEN_SUCCESSFUL
    }

    public static Outcome successful() {
        return new Outcome(Kind.SUCCESSFUL, null, null);
    }

    public static Outcome failed(String reason) {
        return new Outcome(Kind.FAILED, reason, null);
    }

    public static Outcome pendingForever() {
        return new Outcome(Kind.PENDING_FOREVER, null, null);
    }

    public static Outcome pendingThenSuccessful(Duration delay) {
        return new Outcome(Kind.PENDING_THEN_SUCCESSFUL, null, delay);
    }
}
