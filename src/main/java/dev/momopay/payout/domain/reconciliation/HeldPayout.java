package dev.momopay.payout.domain.reconciliation;

import dev.momopay.payout.domain.PayoutStatus;

/** What the worker holds of a concluded payout, as the reconciliation compares it. */
public record HeldPayout(PayoutStatus status, String amount, String currency, String financialTransactionId,
        boolean momoAccepted) {
}
