package dev.momopay.payout.domain.reconciliation;

/** Where one payout of a reconciliation run stands. */
public enum Verdict {
    /** MoMo's record agrees with ours. */
    MATCHED,
    /** MoMo's record differs (see {@link MismatchKind}); an operator acknowledges it once acted on. */
    MISMATCH,
    /** MoMo gave no usable answer within the run's attempts: neither matched nor mismatched. */
    UNCHECKED,
    /** Never sent to MoMo (REJECTED or CANCELLED before any POST): nothing to ask. */
    NOT_ASKED
}
