package dev.momopay.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momopay.payout.testsupport.TopicRecorder;
import dev.momopay.payout.testsupport.TopicRecorder.RecordedRecord;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads what actually happened to each demo record, the way a user would see it: the payout through the worker's
 * {@code GET /payouts/{referenceId}}, outcome events on {@code payouts.outcomes} and dead letters on
 * {@code payouts.commands.dlq} (recorded from the start of each topic).
 */
final class OutcomeProbe {

    static final List<String> STATUSES = List.of("RECEIVED", "AWAITING_APPROVAL", "SUBMITTING", "SUBMITTED",
            "SUCCESSFUL", "FAILED", "REJECTED", "CANCELLED", "UNRESOLVED");
    private static final Set<String> TERMINAL = Set.of("SUCCESSFUL", "FAILED", "REJECTED", "CANCELLED");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String workerUrl;
    private final TopicRecorder outcomes;
    private final TopicRecorder deadLetters;

    OutcomeProbe(EmbeddedStack stack) {
        this.workerUrl = stack.workerUrl();
        this.outcomes = stack.recorder(EmbeddedStack.OUTCOMES);
        this.deadLetters = stack.recorder(EmbeddedStack.DLQ);
    }

    /** The actual outcome of one record, in the same words as its {@link Expected#text()}. */
    String actual(DemoRecord record) {
        return switch (record.expected().kind()) {
            case DEAD_LETTER -> deadLetter(record.key());
            case PAYOUT -> payout(record.key());
            case REPUBLISHED -> republished(record.key());
        };
    }

    boolean matches(DemoRecord record) {
        return record.expected().text().equals(actual(record));
    }

    /** How many of the batch's payouts are in each status now (payouts the worker has not stored yet: "waiting"). */
    Map<String, Integer> countsByStatus(List<DemoRecord> records) {
        Map<String, Integer> counts = new TreeMap<>();
        records.stream().filter(r -> r.expected().kind() == Expected.Kind.PAYOUT).map(DemoRecord::key).distinct()
                .forEach(reference -> counts.merge(payoutJson(reference).map(p -> p.path("status").asText())
                        .orElse("waiting"), 1, Integer::sum));
        return counts;
    }

    int outcomeEventCount() {
        return outcomes.all().size();
    }

    List<RecordedRecord> deadLetters() {
        return deadLetters.all();
    }

    private Optional<JsonNode> payoutJson(String reference) {
        return Http.getJson(workerUrl + "/payouts/" + reference);
    }

    private String payout(String reference) {
        Optional<JsonNode> payout = payoutJson(reference);
        if (payout.isEmpty()) {
            return "(not stored yet)";
        }
        String status = payout.get().path("status").asText();
        String code = payout.get().path("reason").path("code").asText("");
        String text = code.isEmpty() ? status : status + " " + code;
        if (!TERMINAL.contains(status)) {
            return text;
        }
        long events = eventIds(reference).size();
        return events == 1 ? text : text + (events == 0 ? " (no outcome event yet)" : " (" + events + " events!)");
    }

    private String republished(String reference) {
        List<RecordedRecord> events = outcomes.forKey(reference);
        Set<String> ids = eventIds(reference);
        String status = events.isEmpty() ? "(no outcome event)" : field(events.get(events.size() - 1), "status");
        if (events.size() < 2) {
            return status + ", not republished (yet)";
        }
        return ids.size() == 1 ? status + Expected.REPUBLISHED_SUFFIX : status + ", " + ids.size() + " eventIds!";
    }

    private String deadLetter(String key) {
        List<RecordedRecord> letters = deadLetters.forKey(key);
        if (letters.isEmpty()) {
            return "(no dead letter yet)";
        }
        return letters.stream().map(r -> "DLQ " + r.headers().get("dlq-reason")).distinct()
                .collect(Collectors.joining(", "));
    }

    private Set<String> eventIds(String reference) {
        return outcomes.forKey(reference).stream().map(r -> field(r, "eventId")).collect(Collectors.toSet());
    }

    private static String field(RecordedRecord record, String name) {
        try {
            return JSON.readTree(record.value()).path(name).asText();
        } catch (IOException e) {
            return "(unreadable event)";
        }
    }
}
