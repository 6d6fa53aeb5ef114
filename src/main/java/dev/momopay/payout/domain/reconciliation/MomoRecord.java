package dev.momopay.payout.domain.reconciliation;

/** What MoMo answered when asked for a payout's status during a reconciliation. */
public sealed interface MomoRecord {

    /** MoMo's record: status as MoMo spells it (SUCCESSFUL, FAILED, PENDING, or anything else). */
    record Found(String status, String amount, String currency, String financialTransactionId)
            implements MomoRecord {
    }

    /** A definitive 404: MoMo has no such reference. */
    record NotFound() implements MomoRecord {
    }

    /** No answer that says anything (timeout, 5xx, 429, 401...): ask again later. */
    record NoAnswer(String why) implements MomoRecord {
    }
}
