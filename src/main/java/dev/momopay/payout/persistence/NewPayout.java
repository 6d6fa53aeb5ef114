package dev.momopay.payout.persistence;

import dev.momopay.payout.domain.Operation;
import dev.momopay.payout.domain.PayoutStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * A payout row as intake writes it: RECEIVED (due for submission at once, or from {@code notBefore}),
 * AWAITING_APPROVAL (for {@code approvalsRequired} approvers), or REJECTED or CANCELLED (nothing left to do; it then
 * carries the id of its outcome event).
 */
public record NewPayout(
        UUID referenceId,
        Operation operation,
        String account,
        String amount,
        String currency,
        String externalId,
        String payeeType,
        String payeeId,
        String payerMessage,
        String payeeNote,
        String referenceIdToRefund,
        String expectedPayeeName,
        String fingerprint,
        PayoutStatus status,
        String reasonCode,
        String reasonMessage,
        String callbackToken,
        UUID outcomeEventId,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        String traceParent,
        Instant notBefore,
        int approvalsRequired) {
}
