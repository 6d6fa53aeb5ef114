package dev.momopay.payout.messaging;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.momopay.payout.application.IncomingCommand;
import dev.momopay.payout.application.IncomingCommand.DeadLetterReason;
import dev.momopay.payout.application.IncomingCommand.SourceRecord;
import dev.momopay.payout.domain.CommandValidator;
import dev.momopay.payout.domain.Operation;
import dev.momopay.payout.domain.RawPayoutCommand;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a command record's bytes: strict UTF-8, one JSON object (no trailing data, no duplicate keys), and a
 * referenceId that is a UUID version 4. Anything else becomes a dead letter with the contract's reason. The content
 * of the other fields is not judged here; the domain validator does that.
 */
public final class CommandParser {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final int MAX_DETAIL = 200;

    private CommandParser() {
    }

    /** A record's value as a JSON object with a UUIDv4 referenceId, or why it is not one. */
    record Reading(JsonNode root, UUID referenceId, IncomingCommand.Unreadable problem) {
    }

    /** The checks every record of the worker's topics passes first (command and cancel topics alike). */
    static Reading read(SourceRecord source) {
        if (source.value() == null) {
            return problem(source, DeadLetterReason.UNPARSEABLE, "the record has no value (a tombstone)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(source.value())).toString();
        } catch (CharacterCodingException e) {
            return problem(source, DeadLetterReason.UNPARSEABLE, "the value is not valid UTF-8");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return problem(source, DeadLetterReason.UNPARSEABLE,
                    "the value is not valid JSON: " + clip(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            return problem(source, DeadLetterReason.UNPARSEABLE, "the value is JSON but not a JSON object");
        }
        JsonNode reference = root.get("referenceId");
        if (reference == null || reference.isNull()) {
            return problem(source, DeadLetterReason.INVALID_REFERENCE_ID, "referenceId is missing");
        }
        if (!reference.isTextual() || !CommandValidator.isUuidV4(reference.textValue())) {
            return problem(source, DeadLetterReason.INVALID_REFERENCE_ID,
                    "referenceId must be a UUID version 4 string");
        }
        return new Reading(root, UUID.fromString(reference.textValue()), null);
    }

    private static Reading problem(SourceRecord source, DeadLetterReason reason, String detail) {
        return new Reading(null, null, unreadable(source, reason, detail));
    }

    public static IncomingCommand parse(SourceRecord source, Operation operation) {
        Reading reading = read(source);
        if (reading.problem() != null) {
            return reading.problem();
        }
        JsonNode root = reading.root();
        Map<String, String> nonText = new HashMap<>();
        JsonNode payee = root.get("payee");
        boolean payeePresent = payee != null && payee.isObject();
        if (payee != null && !payee.isNull() && !payee.isObject()) {
            nonText.put("payee", payee.toString());
        }
        RawPayoutCommand command = new RawPayoutCommand(
                reading.referenceId(),
                operation,
                text(root, "amount", "amount", nonText),
                text(root, "currency", "currency", nonText),
                text(root, "externalId", "externalId", nonText),
                payeePresent,
                payeePresent ? text(payee, "partyIdType", "payee.partyIdType", nonText) : null,
                payeePresent ? text(payee, "partyId", "payee.partyId", nonText) : null,
                text(root, "payerMessage", "payerMessage", nonText),
                text(root, "payeeNote", "payeeNote", nonText),
                text(root, "referenceIdToRefund", "referenceIdToRefund", nonText),
                text(root, "account", "account", nonText),
                text(root, "expectedPayeeName", "expectedPayeeName", nonText),
                text(root, "notBefore", "notBefore", nonText),
                nonText);
        return new IncomingCommand.Readable(source, command);
    }

    static String text(JsonNode parent, String field, String path, Map<String, String> nonText) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            nonText.put(path, node.toString());
            return null;
        }
        return node.textValue();
    }

    private static IncomingCommand.Unreadable unreadable(SourceRecord source, DeadLetterReason reason,
            String detail) {
        return new IncomingCommand.Unreadable(source, reason, detail);
    }

    private static String clip(String message) {
        if (message == null) {
            return "";
        }
        String oneLine = message.replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "...";
    }
}
