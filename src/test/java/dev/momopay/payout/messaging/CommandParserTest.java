package dev.momopay.payout.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.application.IncomingCommand;
import dev.momopay.payout.application.IncomingCommand.DeadLetterReason;
import dev.momopay.payout.domain.Operation;
import dev.momopay.payout.domain.RawPayoutCommand;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CommandParserTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1,2]", "\"text\"", "42", "null", "{\"a\":1} trailing",
        "{\"referenceId\":\"x\",\"referenceId\":\"y\"}", "{"})
    void anythingButOneJsonObjectIsUnparseable(String value) {
        assertDeadLetter(value.getBytes(StandardCharsets.UTF_8), DeadLetterReason.UNPARSEABLE);
    }

    @Test
    void invalidUtf8AndTombstonesAreUnparseable() {
        assertDeadLetter(new byte[] {(byte) 0xC3, 0x28}, DeadLetterReason.UNPARSEABLE);
        assertDeadLetter(null, DeadLetterReason.UNPARSEABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"referenceId\":null}", "{\"referenceId\":42}", "{\"referenceId\":\"abc\"}",
        "{\"referenceId\":\"6f1c1a50-3c2e-11ee-be56-0242ac120002\"}"})
    void aMissingOrNonV4ReferenceIsInvalid(String value) {
        assertDeadLetter(value.getBytes(StandardCharsets.UTF_8), DeadLetterReason.INVALID_REFERENCE_ID);
    }

    @Test
    void fieldsOfTheWrongTypeAreKeptForTheValidatorToReport() {
        String ref = UUID.randomUUID().toString();
        String json = "{\"referenceId\":\"" + ref + "\",\"amount\":1500,\"currency\":\"EUR\",\"externalId\":\"o\","
                + "\"payee\":{\"partyIdType\":\"MSISDN\",\"partyId\":46733123450},\"extra\":{\"ignored\":true}}";
        IncomingCommand parsed = CommandParser.parse(source(json.getBytes(StandardCharsets.UTF_8)), Operation.DEPOSIT);
        RawPayoutCommand command = assertInstanceOf(IncomingCommand.Readable.class, parsed).command();
        assertEquals(UUID.fromString(ref), command.referenceId());
        assertTrue(command.isNonText("amount"));
        assertEquals("1500", command.nonTextFields().get("amount"));
        assertTrue(command.isNonText("payee.partyId"));
        assertEquals("EUR", command.currency());
    }

    private static void assertDeadLetter(byte[] value, DeadLetterReason reason) {
        IncomingCommand parsed = CommandParser.parse(source(value), Operation.TRANSFER);
        assertEquals(reason, assertInstanceOf(IncomingCommand.Unreadable.class, parsed).reason());
    }

    private static IncomingCommand.SourceRecord source(byte[] value) {
        return new IncomingCommand.SourceRecord("payouts.transfer.requested", 0, 0L, null, value);
    }
}
