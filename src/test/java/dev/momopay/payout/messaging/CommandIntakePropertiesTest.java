package dev.momopay.payout.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momopay.payout.application.IncomingCommand;
import dev.momopay.payout.application.IncomingCommand.SourceRecord;
import dev.momopay.payout.domain.CommandValidator;
import dev.momopay.payout.domain.Operation;
import dev.momopay.payout.domain.Validation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Property-based tests of the intake path of a command record: whatever bytes arrive, reading them never throws, and
 * every record ends in exactly one of the three contract outcomes: accepted (a valid payout), rejected (a REJECTED
 * outcome with a rejection code) or dead-lettered (with one of the contract's dlq reasons).
 */
class CommandIntakePropertiesTest {

    private static final CommandValidator VALIDATOR = new CommandValidator(Set.of("default", "ghana")::contains);
    private static final List<String> FIELDS = List.of("referenceId", "amount", "currency", "externalId", "payee",
            "payerMessage", "payeeNote", "referenceIdToRefund", "account", "expectedPayeeName", "extra");

    enum End { ACCEPTED, REJECTED, DEAD_LETTERED }

    @Property(tries = 1000)
    void arbitraryBytesNeverCrashTheReader(@ForAll @Size(max = 300) byte[] value, @ForAll Operation operation) {
        end(value, operation);
    }

    @Property(tries = 1000)
    void arbitraryJsonishTextEndsAcceptedRejectedOrDeadLettered(@ForAll("jsonish") String value,
            @ForAll Operation operation) {
        end(value.getBytes(StandardCharsets.UTF_8), operation);
    }

    @Property(tries = 500)
    void aCommandWithAValidReferenceIsNeverDeadLetteredForItsContent(@ForAll("commandObjects") String value,
            @ForAll Operation operation) {
        End end = end(value.getBytes(StandardCharsets.UTF_8), operation);
        // The generator always puts a valid UUIDv4 referenceId first: the record is judged, never dead-lettered.
        assertEquals(true, end == End.ACCEPTED || end == End.REJECTED, "ended " + end + ": " + value);
    }

    /**
     * Parses and validates one record exactly as intake does, fails the property on any exception, and checks each
     * end against an independent reading of the bytes: only a JSON object with a UUID {@code referenceId} is ever
     * judged (accepted or rejected), an accepted payout keeps that reference, and a rejection says why.
     */
    static End end(byte[] value, Operation operation) {
        IncomingCommand parsed = CommandParser.parse(new SourceRecord("t", 0, 0L, null, value), operation);
        if (parsed instanceof IncomingCommand.Unreadable) {
            return End.DEAD_LETTERED;
        }
        UUID reference = independentReference(value);
        assertNotNull(reference, "judged although no JSON object with a UUID referenceId: " + text(value));
        IncomingCommand.Readable readable = (IncomingCommand.Readable) parsed;
        assertEquals(reference, readable.command().referenceId());
        Validation validation = VALIDATOR.validate(readable.command());
        if (validation instanceof Validation.Invalid invalid) {
            assertFalse(invalid.message() == null || invalid.message().isBlank(), "a rejection without a message");
            return End.REJECTED;
        }
        assertEquals(reference, ((Validation.Valid) validation).command().referenceId());
        return End.ACCEPTED;
    }

    /** The referenceId of a JSON object, read without the product's code; null when there is none. */
    private static UUID independentReference(byte[] value) {
        try {
            JsonNode node = new ObjectMapper().readTree(value);
            if (node == null || !node.isObject() || !node.path("referenceId").isTextual()) {
                return null;
            }
            return UUID.fromString(node.get("referenceId").asText());
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.oneOf(commandObjects(), commandObjects().map(CommandIntakePropertiesTest::mangle),
                Arbitraries.strings().withChars("{}[]\":,0123456789abcdefnulltrue-.eE\\ ").ofMaxLength(80),
                jsonValue(2));
    }

    /** JSON objects with a valid referenceId and random values of random types for the contract's fields. */
    @Provide
    Arbitrary<String> commandObjects() {
        Arbitrary<String> member = Combinators.combine(Arbitraries.of(FIELDS), fieldValue())
                .as((name, v) -> "\"" + name + "\":" + v);
        return member.list().ofMaxSize(12).uniqueElements(m -> m.substring(0, m.indexOf("\":")))
                .filter(ms -> ms.stream().noneMatch(m -> m.startsWith("\"referenceId\"")))
                .map(ms -> {
                    StringBuilder out = new StringBuilder("{\"referenceId\":\"" + UUID.randomUUID() + "\"");
                    ms.forEach(m -> out.append(',').append(m));
                    return out.append('}').toString();
                });
    }

    private static Arbitrary<String> fieldValue() {
        Arbitrary<String> plausible = Arbitraries.of("\"1500\"", "\"0\"", "\"-5\"", "\"1e3\"", "\"12.345\"",
                "\"EUR\"", "\"XYZ\"", "\"eur\"", "\"JPY\"", "\"UGX\"", "\"default\"", "\"ghana\"", "\"nowhere\"",
                "\"" + UUID.randomUUID() + "\"", "\"order-1\"", "\"\"",
                "{\"partyIdType\":\"MSISDN\",\"partyId\":\"46733123453\"}",
                "{\"partyIdType\":\"EMAIL\",\"partyId\":\"a@b.c\"}", "{\"partyIdType\":\"MSISDN\",\"partyId\":12}",
                "{\"partyIdType\":\"FAX\"}", "\"" + "x".repeat(161) + "\"", "\"it's & co\"");
        return Arbitraries.oneOf(plausible, jsonValue(2));
    }

    private static Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(CommandIntakePropertiesTest::quote),
                Arbitraries.longs().map(Object::toString),
                Arbitraries.doubles().map(Object::toString),
                Arbitraries.of("true", "false", "null"));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> array = jsonValue(depth - 1).list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> object = Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(6), jsonValue(depth - 1))
                .as((k, v) -> quote(k) + ":" + v).list().ofMaxSize(3)
                .uniqueElements(member -> member.substring(0, member.indexOf("\":") + 1))
                .map(l -> "{" + String.join(",", l) + "}");
        return Arbitraries.oneOf(scalar, array, object);
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Breaks a JSON text the way broken producers do: truncation, a duplicated tail, a stray character. */
    private static String mangle(String json) {
        int cut = Math.abs(json.hashCode()) % Math.max(1, json.length());
        return switch (Math.abs(json.hashCode() / 7) % 4) {
            case 0 -> json.substring(0, cut);
            case 1 -> json + json.substring(cut);
            case 2 -> json.substring(0, cut) + "\u0000" + json.substring(cut);
            default -> json.replace("\"referenceId\"", "\"referenceId\":\"x\",\"referenceId\"");
        };
    }
}
