package dev.momopay.payout.messaging;

import dev.momopay.payout.application.IncomingCommand.DeadLetter;
import dev.momopay.payout.application.IncomingCommand.DeadLetterReason;
import dev.momopay.payout.application.IncomingCommand.SourceRecord;
import dev.momopay.payout.domain.CommandValidator;
import dev.momopay.payout.persistence.MoneyControlsRepository.CancelRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a record of the cancel topic: the same JSON rules as a command, a UUIDv4 referenceId equal to the key (when
 * the record has one), and a reason of 1 to 160 characters without control characters.
 */
final class CancelCommandParser {

    /** A cancel request, or the dead letter that says why the record is not one. */
    record Parsed(SourceRecord source, CancelRequest request, DeadLetter deadLetter) {
    }

    private CancelCommandParser() {
    }

    static Parsed parse(SourceRecord source) {
        CommandParser.Reading reading = CommandParser.read(source);
        if (reading.problem() != null) {
            return new Parsed(source, null, new DeadLetter(source, reading.problem().reason(),
                    reading.problem().detail()));
        }
        if (source.key() != null && !new String(source.key(), StandardCharsets.UTF_8)
                .equals(reading.referenceId().toString())) {
            return invalid(source, "the record's key is not the referenceId of its value");
        }
        Map<String, String> nonText = new HashMap<>();
        String reason = CommandParser.text(reading.root(), "reason", "reason", nonText);
        if (!nonText.isEmpty()) {
            return invalid(source, "reason must be a string");
        }
        if (reason == null || reason.isBlank()) {
            return invalid(source, "reason is required: say why the payout is cancelled");
        }
        if (reason.length() > CommandValidator.MAX_MESSAGE_LENGTH) {
            return invalid(source, "reason is longer than " + CommandValidator.MAX_MESSAGE_LENGTH + " characters");
        }
        if (reason.chars().anyMatch(Character::isISOControl)) {
            return invalid(source, "reason contains a control character");
        }
        return new Parsed(source, new CancelRequest(reading.referenceId(), reason.strip(), "topic " + source.topic()),
                null);
    }

    private static Parsed invalid(SourceRecord source, String detail) {
        return new Parsed(source, null, new DeadLetter(source, DeadLetterReason.INVALID_CANCEL, detail));
    }
}
