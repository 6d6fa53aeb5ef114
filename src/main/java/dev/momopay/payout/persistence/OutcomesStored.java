package dev.momopay.payout.persistence;

import java.time.Instant;
import java.util.List;

/**
 * Fired (as a CDI event) when outcome events were stored in a transaction; observers that must only see committed
 * outcomes (metrics) observe it with {@code during = TransactionPhase.AFTER_SUCCESS}.
 */
public record OutcomesStored(List<Outcome> outcomes) {

    /** One stored outcome: what it is, for which account, and when its payout was received and decided. */
    public record Outcome(String operation, String status, String reasonCode, String account, Instant receivedAt,
            Instant occurredAt) {
    }
}
