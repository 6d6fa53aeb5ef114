package dev.momopay.payout.domain;

import java.util.Map;
import java.util.UUID;

/**
 * A command as it arrived, after its JSON was read but before its content was judged. Text fields are null when
 * absent; {@code nonTextFields} names the fields that were present with a JSON type other than string (or, for
 * {@code payee}, other than object), with their JSON text, which the validator reports precisely instead of guessing
 * a value, and which the fingerprint includes.
 */
public record RawPayoutCommand(
        UUID referenceId,
        Operation operation,
        String amount,
        String currency,
        String externalId,
        boolean payeePresent,
        String payeePartyIdType,
        String payeePartyId,
        String payerMessage,
        String payeeNote,
        String referenceIdToRefund,
        String account,
        String expectedPayeeName,
        String notBefore,
        Map<String, String> nonTextFields) {

    public static final String DEFAULT_ACCOUNT = "default";

    public RawPayoutCommand {
        nonTextFields = Map.copyOf(nonTextFields);
    }

    /** The account this command is for: the named one, or {@value #DEFAULT_ACCOUNT} when none is named. */
    public String accountOrDefault() {
        return account == null ? DEFAULT_ACCOUNT : account;
    }

    public boolean isNonText(String field) {
        return nonTextFields.containsKey(field);
    }
}
