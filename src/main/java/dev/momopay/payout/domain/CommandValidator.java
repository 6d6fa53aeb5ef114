package dev.momopay.payout.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Applies the contract's field rules to a command whose reference is already known to be a valid UUIDv4. */
public final class CommandValidator {

    public static final int MAX_EXTERNAL_ID_LENGTH = 64;
    public static final int MAX_MESSAGE_LENGTH = 160;
    /** No sign, exponent or separators; no leading zeros ("0.50" is fine, "050" is not). */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,17})(\\.[0-9]{1,18})?");
    private static final Pattern MSISDN = Pattern.compile("[0-9]{8,15}");
    private static final Pattern ISO_CODE = Pattern.compile("[A-Z]{3}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final int MAX_PARTY_ID_LENGTH = 128;

    private final Predicate<String> accountExists;
    private final Map<String, String> accountByCurrency;

    /**
     * @param accountExists     tells whether a MoMo account of that name is configured
     * @param accountByCurrency the account for commands that name none, by currency; others go to "default"
     */
    public CommandValidator(Predicate<String> accountExists, Map<String, String> accountByCurrency) {
        this.accountExists = accountExists;
        this.accountByCurrency = Map.copyOf(accountByCurrency);
    }

    public CommandValidator(Predicate<String> accountExists) {
        this(accountExists, Map.of());
    }

    /** The account a command is for: the one it names, else the one routed by its currency, else "default". */
    public String resolveAccount(RawPayoutCommand raw) {
        if (raw.account() != null) {
            return raw.account();
        }
        return raw.currency() == null ? RawPayoutCommand.DEFAULT_ACCOUNT
                : accountByCurrency.getOrDefault(raw.currency(), RawPayoutCommand.DEFAULT_ACCOUNT);
    }

    public Validation validate(RawPayoutCommand raw) {
        List<Violation> violations = new ArrayList<>();
        checkAmountAndCurrency(raw, violations);
        checkExternalId(raw, violations);
        checkPayee(raw, violations);
        checkMessage(raw, "payerMessage", raw.payerMessage(), violations);
        checkMessage(raw, "payeeNote", raw.payeeNote(), violations);
        checkExpectedPayeeName(raw, violations);
        checkRefundReference(raw, violations);
        checkAccount(raw, violations);
        checkNotBefore(raw, violations);
        checkCharacters(raw, violations);
        if (!violations.isEmpty()) {
            List<String> texts = violations.stream().map(Violation::text).toList();
            return new Validation.Invalid(violations.get(0).code(), String.join("; ", texts), texts);
        }
        Payee payee = raw.operation().requiresPayee()
                ? new Payee(PartyIdType.valueOf(raw.payeePartyIdType()), raw.payeePartyId())
                : null;
        return new Validation.Valid(new PayoutCommand(raw.referenceId(), raw.operation(), raw.amount(),
                raw.currency(), raw.externalId(), payee, raw.payerMessage(), raw.payeeNote(),
                raw.referenceIdToRefund(), resolveAccount(raw), raw.expectedPayeeName()));
    }

    private record Violation(RejectionCode code, String text) {
    }

    private static void checkAmountAndCurrency(RawPayoutCommand raw, List<Violation> out) {
        Integer minorDigits = null;
        String currencyProblem = currencyProblem(raw);
        if (currencyProblem == null) {
            minorDigits = Currency.getInstance(raw.currency()).getDefaultFractionDigits();
        }
        String amountProblem = amountProblem(raw, minorDigits);
        if (amountProblem != null) {
            out.add(new Violation(RejectionCode.INVALID_AMOUNT, amountProblem));
        }
        if (currencyProblem != null) {
            out.add(new Violation(RejectionCode.INVALID_CURRENCY, currencyProblem));
        }
    }

    private static String currencyProblem(RawPayoutCommand raw) {
        if (raw.isNonText("currency")) {
            return "currency must be a string";
        }
        if (raw.currency() == null) {
            return "currency is required";
        }
        if (!ISO_CODE.matcher(raw.currency()).matches()) {
            return "currency must be a three-letter ISO 4217 code in upper case";
        }
        try {
            if (Currency.getInstance(raw.currency()).getDefaultFractionDigits() < 0) {
                return "currency " + raw.currency() + " is not a currency that can be paid out";
            }
        } catch (IllegalArgumentException unknown) {
            return "currency " + raw.currency() + " is not an ISO 4217 code";
        }
        return null;
    }

    private static String amountProblem(RawPayoutCommand raw, Integer minorDigits) {
        if (raw.isNonText("amount")) {
            return "amount must be a decimal string, not a JSON number or other type";
        }
        String amount = raw.amount();
        if (amount == null) {
            return "amount is required";
        }
        if (!PLAIN_DECIMAL.matcher(amount).matches()) {
            return "amount must be a plain positive decimal string such as \"1500\" or \"12.50\" (no sign, "
                    + "exponent, spaces, separators or leading zeros)";
        }
        if (new BigDecimal(amount).signum() <= 0) {
            return "amount must be greater than zero";
        }
        int dot = amount.indexOf('.');
        int fraction = dot < 0 ? 0 : amount.length() - dot - 1;
        if (minorDigits != null && fraction > minorDigits) {
            return "amount has " + fraction + " decimal places but " + raw.currency() + " allows at most "
                    + minorDigits;
        }
        return null;
    }

    private static void checkExternalId(RawPayoutCommand raw, List<Violation> out) {
        String problem = null;
        if (raw.isNonText("externalId")) {
            problem = "externalId must be a string";
        } else if (raw.externalId() == null || raw.externalId().isEmpty()) {
            problem = "externalId is required (1 to 64 characters)";
        } else if (raw.externalId().length() > MAX_EXTERNAL_ID_LENGTH) {
            problem = "externalId is longer than 64 characters";
        }
        if (problem != null) {
            out.add(new Violation(RejectionCode.INVALID_EXTERNAL_ID, problem));
        }
    }

    private static void checkPayee(RawPayoutCommand raw, List<Violation> out) {
        String problem;
        if (!raw.operation().requiresPayee()) {
            problem = raw.payeePresent() || raw.isNonText("payee") ? "payee must be absent for a refund" : null;
        } else {
            problem = payeeProblem(raw);
        }
        if (problem != null) {
            out.add(new Violation(RejectionCode.INVALID_PAYEE, problem));
        }
    }

    private static String payeeProblem(RawPayoutCommand raw) {
        if (raw.isNonText("payee")) {
            return "payee must be an object with partyIdType and partyId";
        }
        if (!raw.payeePresent()) {
            return "payee is required for a " + raw.operation().name().toLowerCase();
        }
        if (raw.isNonText("payee.partyIdType") || raw.payeePartyIdType() == null) {
            return "payee.partyIdType is required (MSISDN, EMAIL or PARTY_CODE)";
        }
        PartyIdType type;
        try {
            type = PartyIdType.valueOf(raw.payeePartyIdType());
        } catch (IllegalArgumentException e) {
            return "payee.partyIdType must be one of MSISDN, EMAIL, PARTY_CODE";
        }
        String id = raw.payeePartyId();
        if (raw.isNonText("payee.partyId") || id == null || id.isBlank()) {
            return "payee.partyId is required and must be a non-empty string";
        }
        if (id.length() > MAX_PARTY_ID_LENGTH) {
            return "payee.partyId is longer than " + MAX_PARTY_ID_LENGTH + " characters";
        }
        return switch (type) {
            case MSISDN -> MSISDN.matcher(id).matches() ? null
                    : "payee.partyId must be an MSISDN of 8 to 15 digits, country code first, no '+' or spaces";
            case EMAIL -> EMAIL.matcher(id).matches() ? null : "payee.partyId must be an e-mail address";
            case PARTY_CODE -> null;
        };
    }

    private static void checkMessage(RawPayoutCommand raw, String field, String value, List<Violation> out) {
        if (raw.isNonText(field)) {
            out.add(new Violation(RejectionCode.INVALID_MESSAGE, field + " must be a string"));
        } else if (value != null && value.codePointCount(0, value.length()) > MAX_MESSAGE_LENGTH) {
            out.add(new Violation(RejectionCode.MESSAGE_TOO_LONG, field + " is longer than 160 characters"));
        } else if (value != null && (value.indexOf('\'') >= 0 || value.indexOf('&') >= 0)) {
            out.add(new Violation(RejectionCode.INVALID_MESSAGE, field + " contains ' or &, which MoMo refuses"));
        }
    }

    /** The command's notBefore as an instant; empty when absent (or not a valid instant: validation reports that). */
    public static Optional<Instant> notBefore(RawPayoutCommand raw) {
        if (raw.notBefore() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(raw.notBefore(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException notAnInstant) {
            return Optional.empty();
        }
    }

    private static void checkNotBefore(RawPayoutCommand raw, List<Violation> out) {
        if (raw.isNonText("notBefore")) {
            out.add(new Violation(RejectionCode.INVALID_NOT_BEFORE, "notBefore must be a string"));
        } else if (raw.notBefore() != null && notBefore(raw).isEmpty()) {
            out.add(new Violation(RejectionCode.INVALID_NOT_BEFORE, "notBefore must be an ISO-8601 instant with "
                    + "an offset, such as 2026-12-24T08:00:00Z"));
        }
    }

    /** Text fields go to MoMo (and back in the outcome) exactly as commanded: no control characters in them. */
    private static void checkCharacters(RawPayoutCommand raw, List<Violation> out) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("externalId", raw.externalId());
        fields.put("payee.partyId", raw.payeePartyId());
        fields.put("payerMessage", raw.payerMessage());
        fields.put("payeeNote", raw.payeeNote());
        fields.put("expectedPayeeName", raw.expectedPayeeName());
        fields.put("account", raw.account());
        fields.forEach((field, value) -> {
            int at = controlCharacterAt(value);
            if (at >= 0) {
                out.add(new Violation(RejectionCode.INVALID_CHARACTERS, String.format(
                        "%s contains the control character U+%04X at position %d", field, (int) value.charAt(at),
                        at)));
            }
        });
    }

    /** The index of the first control character (C0, DEL, C1, and the line and paragraph separators), or -1. */
    static int controlCharacterAt(String value) {
        if (value == null) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return i;
            }
        }
        return -1;
    }

    private static void checkExpectedPayeeName(RawPayoutCommand raw, List<Violation> out) {
        String name = raw.expectedPayeeName();
        if (raw.isNonText("expectedPayeeName") || name != null && (name.isBlank() || name.length() > 160)) {
            out.add(new Violation(RejectionCode.INVALID_PAYEE,
                    "expectedPayeeName must be a non-empty string of at most 160 characters"));
        } else if (name != null && !raw.operation().requiresPayee()) {
            out.add(new Violation(RejectionCode.INVALID_PAYEE, "expectedPayeeName must be absent for a refund"));
        }
    }

    private static void checkRefundReference(RawPayoutCommand raw, List<Violation> out) {
        String value = raw.referenceIdToRefund();
        String problem = null;
        if (raw.operation() == Operation.REFUND) {
            if (raw.isNonText("referenceIdToRefund") || value == null) {
                problem = "referenceIdToRefund is required for a refund (the X-Reference-Id of the original "
                        + "request-to-pay)";
            } else if (!isUuid(value)) {
                problem = "referenceIdToRefund must be a UUID";
            } else if (UUID.fromString(value).equals(raw.referenceId())) {
                problem = "referenceIdToRefund must name the original request-to-pay, not this refund itself";
            }
        } else if (value != null || raw.isNonText("referenceIdToRefund")) {
            problem = "referenceIdToRefund must be absent for a " + raw.operation().name().toLowerCase();
        }
        if (problem != null) {
            out.add(new Violation(RejectionCode.INVALID_REFUND_REFERENCE, problem));
        }
    }

    private void checkAccount(RawPayoutCommand raw, List<Violation> out) {
        if (raw.isNonText("account")) {
            out.add(new Violation(RejectionCode.UNKNOWN_ACCOUNT, "account must be a string"));
        } else if (!accountExists.test(resolveAccount(raw))) {
            out.add(new Violation(RejectionCode.UNKNOWN_ACCOUNT,
                    "account '" + resolveAccount(raw) + "' is not a configured MoMo account"));
        }
    }

    /** Strict check: the canonical 8-4-4-4-12 hexadecimal form. */
    public static boolean isUuid(String value) {
        if (value == null || value.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A UUID of version 4 with the RFC 4122 variant, as MoMo requires for X-Reference-Id. */
    public static boolean isUuidV4(String value) {
        if (!isUuid(value)) {
            return false;
        }
        UUID uuid = UUID.fromString(value);
        return uuid.version() == 4 && uuid.variant() == 2;
    }
}
