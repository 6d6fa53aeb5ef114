package dev.momopay.payout.persistence;

import java.time.Instant;
import java.util.UUID;

/**
 * A payout leased by this worker for one round of work (a submission or a status check). {@code claimToken} fences
 * the lease: a result is only written while the row still carries it. {@code previousStatus} is the status before
 * the claim (RECEIVED becomes SUBMITTING when claimed).
 */
public record ClaimedPayout(
        UUID referenceId,
        UUID claimToken,
        String previousStatus,
        String status,
        String operation,
        String account,
        String amount,
        String currency,
        String externalId,
        String payeeType,
        String payeeId,
        String payerMessage,
        String payeeNote,
        String referenceIdToRefund,
        String callbackToken,
        boolean momoAccepted,
        int postAttempts,
        int statusChecks,
        Instant lastPostAt,
        Instant createdAt,
        Instant now) {
}
