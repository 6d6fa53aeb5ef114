package dev.momopay.payout.domain;

import java.util.Locale;
import java.util.Map;

/**
 * Human texts for MoMo's reason codes, so that every FAILED outcome carries a message even when MoMo gave only a
 * code. MoMo's own message always wins when it gave one.
 */
public final class ReasonTexts {

    /** Reason code of a FAILED outcome when MoMo reported FAILED without saying why. */
    public static final String FAILED_WITHOUT_REASON = "MOMO_FAILED_WITHOUT_REASON";
    /** Reason code of a FAILED outcome when MoMo answered 400 to the POST without a code. */
    public static final String BAD_REQUEST = "BAD_REQUEST";

    private static final Map<String, String> TEXTS = Map.ofEntries(
            Map.entry("PAYEE_NOT_FOUND", "MoMo found no wallet for the payee"),
            Map.entry("PAYER_NOT_FOUND", "MoMo found no payer account for this API user"),
            Map.entry("NOT_ENOUGH_FUNDS", "Not enough funds: the float cannot cover the payout, or the payee's "
                    + "receiving limit is reached"),
            Map.entry("PAYER_LIMIT_REACHED", "The payer's transaction limit is reached"),
            Map.entry("PAYEE_NOT_ALLOWED_TO_RECEIVE", "The payee's wallet may not receive this payout"),
            Map.entry("NOT_ALLOWED", "MoMo does not allow this transaction for this account"),
            Map.entry("INVALID_CURRENCY", "MoMo does not accept this currency for the account"),
            Map.entry("NOT_ALLOWED_TARGET_ENVIRONMENT", "The API user may not use this target environment"),
            Map.entry("INVALID_CALLBACK_URL_HOST", "The callback host is not the API user's registered host"),
            Map.entry("PAYMENT_NOT_APPROVED", "The payment was not approved"),
            Map.entry("APPROVAL_REJECTED", "The approval was rejected"),
            Map.entry("EXPIRED", "The transaction expired at MoMo"),
            Map.entry("TRANSACTION_CANCELED", "The transaction was cancelled at MoMo"),
            Map.entry("RESOURCE_NOT_FOUND", "MoMo does not know the transaction"),
            Map.entry("INTERNAL_PROCESSING_ERROR", "MoMo reported an internal processing error"),
            Map.entry("COULD_NOT_PERFORM_TRANSACTION", "MoMo could not perform the transaction"),
            Map.entry(FAILED_WITHOUT_REASON, "MoMo reported FAILED without a reason"),
            Map.entry(BAD_REQUEST, "MoMo rejected the request as invalid (HTTP 400)"));

    private ReasonTexts() {
    }

    /** A reason with a non-empty human message: MoMo's own, else the description of the code. */
    public static Reason withText(String code, String momoMessage) {
        String c = code == null || code.isBlank() ? FAILED_WITHOUT_REASON : code.strip();
        if (momoMessage != null && !momoMessage.isBlank()) {
            return new Reason(c, momoMessage.strip());
        }
        return new Reason(c, describe(c));
    }

    /** The worker's description of a code (also of codes it does not know). */
    public static String describe(String code) {
        String known = TEXTS.get(code.toUpperCase(Locale.ROOT));
        return known != null ? known : "MoMo refused the payout with reason " + code;
    }
}
