package dev.momopay.payout.domain.reconciliation;

/** How a payout's record here differs from MoMo's, most serious first (a line reports the most serious one). */
public enum MismatchKind {
    /** FAILED here, SUCCESSFUL at MoMo: the payee has the money and upstream was told it failed (may pay twice). */
    FAILED_HERE_SUCCESSFUL_AT_MOMO,
    /** SUCCESSFUL here, FAILED at MoMo: upstream was told the money went; it did not. */
    SUCCESSFUL_HERE_FAILED_AT_MOMO,
    /** MoMo does not know a payout it had acknowledged. */
    MISSING_AT_MOMO,
    /** Final here, not final (PENDING or an unknown status) at MoMo. */
    NOT_FINAL_AT_MOMO,
    AMOUNT_DIFFERS,
    CURRENCY_DIFFERS,
    FINANCIAL_TRANSACTION_ID_DIFFERS
}
