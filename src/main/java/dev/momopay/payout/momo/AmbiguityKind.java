package dev.momopay.payout.momo;

/**
 * Why an outcome is ambiguous ("maybe sent, maybe executed"). Every kind means the same thing for a
 * money-moving POST: MoMo may have received and executed the request, so the caller must find out with a
 * status GET on the same reference (or re-POST the same reference, which answers 409 if it got through), and
 * must never mint a new reference for that payout.
 */
public enum AmbiguityKind {
    /** The request was written, then no (complete) response arrived within the read timeout. */
    READ_TIMEOUT,
    /** The connection was closed or reset after it was established, before a complete response arrived. */
    CONNECTION_RESET,
    /** A 5xx without a definitive MoMo refusal code (including 500 INTERNAL_PROCESSING_ERROR, 502, 504). */
    SERVER_ERROR,
    /**
     * Anything else the client could not classify with certainty: an unexpected exception, an informational or
     * redirect status, or a success status whose body could not be read.
     */
    UNEXPECTED
}
