package dev.momopay.payout.domain;

/**
 * The worker's reason codes for a REJECTED payout: the command was refused before any MoMo call. Each names the
 * field (or rule) that failed, so an upstream team can fix its producer without reading logs.
 */
public enum RejectionCode {
    /** amount missing, not a string, not a plain decimal, not above zero, or more minor digits than the currency has. */
    INVALID_AMOUNT,
    /** currency missing, not a string, or not an ISO 4217 code of a real currency. */
    INVALID_CURRENCY,
    /** externalId missing, not a string, empty, or longer than 64 characters. */
    INVALID_EXTERNAL_ID,
    /** payee missing for a deposit or transfer, present for a refund, or with a bad partyIdType or partyId. */
    INVALID_PAYEE,
    /** payerMessage or payeeNote longer than 160 characters (MoMo's limit). */
    MESSAGE_TOO_LONG,
    /** payerMessage or payeeNote present but not a string, or with a character MoMo refuses (' or &). */
    INVALID_MESSAGE,
    /**
     * A text field (externalId, payee.partyId, payerMessage, payeeNote, expectedPayeeName, account) holds a control
     * character such as NUL: the worker sends MoMo exactly what was commanded, or nothing.
     */
    INVALID_CHARACTERS,
    /**
     * referenceIdToRefund missing or not a UUID for a refund, equal to the refund's own referenceId, or present on a
     * deposit or transfer.
     */
    INVALID_REFUND_REFERENCE,
    /** account names no configured MoMo account (nor does the currency route to one). */
    UNKNOWN_ACCOUNT,
    /** payee pre-validation is on and MoMo says the payee's wallet is not active (or does not exist). */
    PAYEE_NOT_ACTIVE,
    /** payee pre-validation is on and the command's expectedPayeeName does not match MoMo's name of the wallet. */
    PAYEE_NAME_MISMATCH,
    /** notBefore present but not a string holding an ISO-8601 instant with an offset (2026-12-24T08:00:00Z). */
    INVALID_NOT_BEFORE,
    /** notBefore is further ahead than the account's scheduling horizon allows. */
    SCHEDULED_TOO_FAR_AHEAD,
    /** The payout waited for approval and an operator rejected it (with their reason). */
    REJECTED_BY_APPROVER,
    /** The payout waited for approval and no approval came within the approval expiry. */
    APPROVAL_EXPIRED,
    /** The payout would exceed a daily velocity limit and the account rejects instead of holding such payouts. */
    VELOCITY_LIMIT_EXCEEDED
}
