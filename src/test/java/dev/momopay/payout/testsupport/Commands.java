package dev.momopay.payout.testsupport;

import java.util.UUID;

/** Builders for command JSON, so each test states only what matters to it. */
public final class Commands {

    /** A sandbox MSISDN that always succeeds. */
    public static final String SUCCESS_MSISDN = "56733123453";

    private Commands() {
    }

    public static String newReference() {
        return UUID.randomUUID().toString();
    }

    public static String payout(String referenceId, String amount, String msisdn) {
        return payout(referenceId, amount, "EUR", msisdn);
    }

    public static String payout(String referenceId, String amount, String currency, String msisdn) {
        return """
                {"referenceId":"%s","amount":"%s","currency":"%s","externalId":"order-%s",\
                "payee":{"partyIdType":"MSISDN","partyId":"%s"},"payerMessage":"Payout","payeeNote":"Thanks"}"""
                .formatted(referenceId, amount, currency, referenceId.substring(0, 8), msisdn);
    }

    /** The same command, routed to a named MoMo account. */
    public static String onAccount(String command, String account) {
        return "{\"account\":\"" + account + "\"," + command.substring(1);
    }

    public static String refund(String referenceId, String amount, String referenceIdToRefund) {
        return """
                {"referenceId":"%s","amount":"%s","currency":"EUR","externalId":"refund-%s",\
                "referenceIdToRefund":"%s"}""".formatted(referenceId, amount, referenceId.substring(0, 8),
                referenceIdToRefund);
    }
}
