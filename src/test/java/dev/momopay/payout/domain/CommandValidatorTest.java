package dev.momopay.payout.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CommandValidatorTest {

    private final CommandValidator validator = new CommandValidator(Set.of("default", "uganda")::contains);

    @Test
    void aCompleteDepositIsValidAndKeepsTheExactAmountString() {
        Validation verdict = validator.validate(deposit().build());
        PayoutCommand command = assertInstanceOf(Validation.Valid.class, verdict).command();
        assertEquals("1500.50", command.amount());
        assertEquals("default", command.account());
        assertEquals(PartyIdType.MSISDN, command.payee().partyIdType());
    }

    @ParameterizedTest(name = "amount {0} in {1} -> {2}")
    @CsvSource({
        "0, EUR, INVALID_AMOUNT", "-1, EUR, INVALID_AMOUNT", "1e3, EUR, INVALID_AMOUNT", "1.234, EUR, INVALID_AMOUNT",
        "' 10', EUR, INVALID_AMOUNT", "10.5, UGX, INVALID_AMOUNT", "'1,000', EUR, INVALID_AMOUNT",
        "10, EURO, INVALID_CURRENCY", "10, eur, INVALID_CURRENCY", "10, XYZ, INVALID_CURRENCY",
        "10, XXX, INVALID_CURRENCY", "007, EUR, INVALID_AMOUNT", "00.5, EUR, INVALID_AMOUNT"
    })
    void amountAndCurrencyRules(String amount, String currency, String code) {
        assertRejected(deposit().amount(amount).currency(currency).build(), code);
    }

    @ParameterizedTest(name = "amount {0} in {1} is valid")
    @CsvSource({"1, EUR", "0.01, EUR", "0.5, EUR", "1500, UGX", "999999999.99, EUR", "1500.00, EUR"})
    void validAmounts(String amount, String currency) {
        assertInstanceOf(Validation.Valid.class, validator.validate(deposit().amount(amount).currency(currency).build()));
    }

    @Test
    void notBeforeIsAnInstantWithAnOffset() {
        assertInstanceOf(Validation.Valid.class, validator.validate(deposit().notBefore("2026-12-24T08:00:00Z")
                .build()));
        RawPayoutCommand withOffset = deposit().notBefore("2026-12-24T10:00:00+02:00").build();
        assertInstanceOf(Validation.Valid.class, validator.validate(withOffset));
        assertEquals(java.time.Instant.parse("2026-12-24T08:00:00Z"), CommandValidator.notBefore(withOffset)
                .orElseThrow());
        assertRejected(deposit().notBefore("2026-12-24T08:00:00").build(), "INVALID_NOT_BEFORE");
        assertRejected(deposit().notBefore("tomorrow").build(), "INVALID_NOT_BEFORE");
        assertRejected(deposit().nonText("notBefore", "1766563200").build(), "INVALID_NOT_BEFORE");
    }

    @Test
    void anAmountThatIsAJsonNumberIsRejectedAsInvalidAmount() {
        assertRejected(deposit().amount(null).nonText("amount", "1500").build(), "INVALID_AMOUNT");
    }

    @Test
    void payeeRules() {
        assertRejected(deposit().payee(null, null).build(), "INVALID_PAYEE");
        assertRejected(deposit().payee("PHONE", "46733123450").build(), "INVALID_PAYEE");
        assertRejected(deposit().payee("MSISDN", "+46733123450").build(), "INVALID_PAYEE");
        assertRejected(deposit().payee("MSISDN", "1234567").build(), "INVALID_PAYEE");
        assertRejected(deposit().payee("MSISDN", "1234567890123456").build(), "INVALID_PAYEE");
        assertRejected(deposit().payee("EMAIL", "not-an-email").build(), "INVALID_PAYEE");
        assertInstanceOf(Validation.Valid.class, validator.validate(deposit().payee("EMAIL", "a@b.example").build()));
        assertInstanceOf(Validation.Valid.class,
                validator.validate(deposit().payee("PARTY_CODE", UUID.randomUUID().toString()).build()));
    }

    @Test
    void aRefundNeedsAUuidToRefundAndNoPayee() {
        Builder refund = deposit().operation(Operation.REFUND).payee(null, null);
        assertRejected(refund.build(), "INVALID_REFUND_REFERENCE");
        assertRejected(refund.refundOf("1").build(), "INVALID_REFUND_REFERENCE");
        assertInstanceOf(Validation.Valid.class, validator.validate(refund.refundOf(UUID.randomUUID().toString()).build()));
        assertRejected(refund.payee("MSISDN", "46733123450").build(), "INVALID_PAYEE");
        assertRejected(deposit().refundOf(UUID.randomUUID().toString()).build(), "INVALID_REFUND_REFERENCE");
    }

    @Test
    void messagesExternalIdAndAccount() {
        assertRejected(deposit().payerMessage("x".repeat(161)).build(), "MESSAGE_TOO_LONG");
        assertInstanceOf(Validation.Valid.class, validator.validate(deposit().payeeNote("x".repeat(160)).build()));
        assertRejected(deposit().externalId("").build(), "INVALID_EXTERNAL_ID");
        assertRejected(deposit().externalId("x".repeat(65)).build(), "INVALID_EXTERNAL_ID");
        assertRejected(deposit().account("ghana").build(), "UNKNOWN_ACCOUNT");
        assertInstanceOf(Validation.Valid.class, validator.validate(deposit().account("uganda").build()));
    }

    /** MoMo refuses ' and & in payerMessage and payeeNote (400): refused at intake instead of after a MoMo call. */
    @ParameterizedTest(name = "message {0}")
    @CsvSource({"'Rock & roll'", "'It''s paid'"})
    void messagesWithCharactersMomoRefusesAreRejected(String message) {
        assertRejected(deposit().payerMessage(message).build(), "INVALID_MESSAGE");
        assertRejected(deposit().payeeNote(message).build(), "INVALID_MESSAGE");
    }

    /** A control character is never sent to MoMo altered (nor at all): the command is rejected, naming the field. */
    @Test
    void controlCharactersInTextFieldsAreRejected() {
        assertRejected(deposit().payerMessage("Pay\u0000out").build(), "INVALID_CHARACTERS");
        assertRejected(deposit().payeeNote("line\nbreak").build(), "INVALID_CHARACTERS");
        assertRejected(deposit().externalId("order\u00001").build(), "INVALID_CHARACTERS");
        assertRejected(deposit().payee("EMAIL", "a\u0001@b.example").build(), "INVALID_CHARACTERS");
        assertRejected(deposit().payee("PARTY_CODE", "code\u0000").build(), "INVALID_CHARACTERS");
        assertRejected(deposit().expectedPayeeName("Jean\u007fMbeki").build(), "INVALID_CHARACTERS");
        Validation.Invalid invalid = assertInstanceOf(Validation.Invalid.class,
                validator.validate(deposit().payerMessage("Pay\u0000out").build()));
        assertTrue(invalid.message().contains("payerMessage") && invalid.message().contains("U+0000"),
                invalid.message());
    }

    @Test
    void aRefundOfItselfIsRejected() {
        UUID reference = UUID.randomUUID();
        RawPayoutCommand self = new RawPayoutCommand(reference, Operation.REFUND, "10", "EUR", "refund-1", false, null,
                null, null, null, reference.toString(), null, null, null, Map.of());
        assertRejected(self, "INVALID_REFUND_REFERENCE");
    }

    @Test
    void theFirstBrokenRuleGivesTheCodeAndTheMessageListsThemAll() {
        Validation.Invalid invalid = assertInstanceOf(Validation.Invalid.class,
                validator.validate(deposit().amount("-1").externalId("").account("nowhere").build()));
        assertEquals(RejectionCode.INVALID_AMOUNT, invalid.code());
        assertEquals(3, invalid.violations().size());
    }

    @Test
    void uuidChecks() {
        assertTrue(CommandValidator.isUuidV4(UUID.randomUUID().toString()));
        assertFalse(CommandValidator.isUuidV4(UUID.nameUUIDFromBytes(new byte[] {1}).toString()));
        assertFalse(CommandValidator.isUuidV4("9b2f3c9e0c1d4f579a596f0d2a6b1c11"));
        assertFalse(CommandValidator.isUuid("1-1-1-1-1"));
    }

    private void assertRejected(RawPayoutCommand command, String code) {
        Validation.Invalid invalid = assertInstanceOf(Validation.Invalid.class, validator.validate(command));
        assertEquals(code, invalid.code().name(), invalid.message());
    }

    static Builder deposit() {
        return new Builder();
    }

    /** A valid deposit to start from; each test breaks one thing. */
    static final class Builder {
        private Operation operation = Operation.DEPOSIT;
        private String amount = "1500.50";
        private String currency = "EUR";
        private String externalId = "order-1";
        private String payeeType = "MSISDN";
        private String payeeId = "46733123450";
        private String payerMessage = "Payout";
        private String payeeNote = "Thanks";
        private String refundOf;
        private String account;
        private String notBefore;
        private String expectedPayeeName;
        private final Map<String, String> nonText = new HashMap<>();

        Builder operation(Operation value) { operation = value; return this; }
        Builder amount(String value) { amount = value; return this; }
        Builder currency(String value) { currency = value; return this; }
        Builder externalId(String value) { externalId = value; return this; }
        Builder payee(String type, String id) { payeeType = type; payeeId = id; return this; }
        Builder payerMessage(String value) { payerMessage = value; return this; }
        Builder payeeNote(String value) { payeeNote = value; return this; }
        Builder refundOf(String value) { refundOf = value; return this; }
        Builder account(String value) { account = value; return this; }
        Builder nonText(String field, String json) { nonText.put(field, json); return this; }
        Builder expectedPayeeName(String value) { expectedPayeeName = value; return this; }
        Builder notBefore(String value) { notBefore = value; return this; }

        RawPayoutCommand build() {
            return new RawPayoutCommand(UUID.randomUUID(), operation, amount, currency, externalId,
                    payeeType != null || payeeId != null, payeeType, payeeId, payerMessage, payeeNote, refundOf,
                    account, expectedPayeeName, notBefore, nonText);
        }
    }
}
