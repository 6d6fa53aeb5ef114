package dev.momopay.payout.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the decisions need to know about one payout, read in the transaction that leased it.
 *
 * @param postAttempts        POSTs whose intent was committed (each may have reached MoMo)
 * @param attemptsNotExecuted of those, the attempts MoMo certainly did not execute (not sent, 429, a configuration
 *                            refusal)
 * @param lastPostAt          when the newest attempt may have been sent
 * @param momoAccepted        MoMo acknowledged the reference (202, 409, or a status it reported)
 * @param pendingRefusal      a refusal of an attempt that followed one that may have executed: unknown until status
 *                            GETs have answered 404 for the confirmation window
 * @param notFoundSince       when the current unbroken run of 404 status answers began; null when the last answer
 *                            was not a 404
 * @param statusChecks        status GETs made so far (the polling back-off grows with them)
 * @param failedRounds        rounds in a row that made no progress (the retry back-off grows with them)
 * @param now                 the database's clock when the payout was leased
 */
public record PayoutSnapshot(
        PayoutStatus status,
        int postAttempts,
        int attemptsNotExecuted,
        Instant lastPostAt,
        boolean momoAccepted,
        Reason pendingRefusal,
        Instant notFoundSince,
        int statusChecks,
        int failedRounds,
        Instant now) {

    public PayoutSnapshot {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(now, "now");
        if (attemptsNotExecuted < 0 || attemptsNotExecuted > postAttempts) {
            throw new IllegalArgumentException("attemptsNotExecuted must be within 0..postAttempts");
        }
    }

    /** Attempts that may have reached MoMo and been executed. */
    public int attemptsMaybeExecuted() {
        return postAttempts - attemptsNotExecuted;
    }

    /** Time since the newest attempt may have been sent (zero when none was). */
    public Duration sinceLastPost() {
        return lastPostAt == null ? Duration.ZERO : Duration.between(lastPostAt, now);
    }

    /** The same payout with one more committed POST intent, stamped now: the state a POST's answer is judged in. */
    public PayoutSnapshot withPostIntent() {
        return new PayoutSnapshot(status, postAttempts + 1, attemptsNotExecuted, now, momoAccepted, pendingRefusal,
                notFoundSince, statusChecks, failedRounds, now);
    }
}
