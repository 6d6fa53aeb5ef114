package dev.momopay.payout.persistence;

import java.time.Instant;
import java.util.List;

/**
 * Fired (as a CDI event) when outcome events were stored or queued again in a transaction ({@code outcomes} lists the
 * new ones); observers that must only see committed outcomes (metrics, the relay's wake-up) observe it with
 * {@code during = TransactionPhase.AFTER_SUCCESS}.
 */
public record OutcomesStored(List<Outcome> outcomes) {

    /** One stored outcome: what it is, for which account, and when its payout was received and decided. */
    public record Outcome(String operation, String status, String reasonCode, String account, Instant receivedAt,
            Instant occurredAt) {
    }
}
