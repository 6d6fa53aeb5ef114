package dev.momopay.payout.observability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.PayoutRows;
import dev.momopay.payout.testsupport.PayoutTestResource;
import dev.momopay.payout.testsupport.TopicRecorder;
import dev.momopay.payout.testsupport.TopicRecorder.RecordedRecord;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * One trace follows a payout from its command record, through its MoMo calls (rounds apart, with the database in
 * between), to its outcome record: the trace context the command brings is kept with the payout, every later span
 * is its descendant, the REST client's and the producer's own spans sit under ours, and the outcome carries
 * {@code ce_traceparent} and {@code traceparent} in that trace.
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class PayoutTracingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AttributeKey<String> REFERENCE_ID = AttributeKey.stringKey(PayoutTracing.REFERENCE_ID);
    private static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");

    @Inject
    InMemorySpanExporter exported;

    private final TopicRecorder outcomes = TopicRecorder.of("payouts.outcomes");

    @Test
    void theCommandsTraceContextIsCarriedToEveryMomoCallAndTheOutcome() {
        String traceId = hex(16);
        String upstreamSpanId = hex(8);
        String reference = Commands.newReference();
        CommandProducer.send(CommandProducer.TRANSFERS, reference,
                Commands.payout(reference, "21", Commands.SUCCESS_MSISDN),
                Map.of("traceparent", "00-" + traceId + "-" + upstreamSpanId + "-01"));

        RecordedRecord outcome = awaitSuccessfulOutcome(reference);
        List<SpanData> trace = awaitTrace(traceId, "publish outcome SUCCESSFUL");

        SpanData receive = only(trace, named("process " + CommandProducer.TRANSFERS));
        assertEquals(SpanKind.CONSUMER, receive.getKind());
        assertEquals(upstreamSpanId, receive.getParentSpanId(), "the receive span continues the command's trace");
        assertEquals(reference, receive.getAttributes().get(REFERENCE_ID));
        assertEquals("00-" + traceId + "-" + receive.getSpanId() + "-01", PayoutRows.traceParent(reference),
                "the payout keeps its receive span's context for the rounds to come");

        assertFollowsPayout(trace, receive, reference, outcome);
    }

    @Test
    void aCommandWithoutTraceContextStartsATraceThePayoutKeeps() {
        String reference = Commands.newReference();
        CommandProducer.send(CommandProducer.TRANSFERS, reference,
                Commands.payout(reference, "22", Commands.SUCCESS_MSISDN));

        RecordedRecord outcome = awaitSuccessfulOutcome(reference);
        String stored = PayoutRows.traceParent(reference);
        assertTrue(stored != null && stored.startsWith("00-"), "a trace context is stored: " + stored);
        String traceId = stored.substring(3, 35);
        List<SpanData> trace = awaitTrace(traceId, "publish outcome SUCCESSFUL");

        SpanData receive = only(trace, named("process " + CommandProducer.TRANSFERS));
        assertFalse(receive.getParentSpanContext().isValid(), "a new trace has no parent");
        assertEquals(stored, "00-" + traceId + "-" + receive.getSpanId() + "-01");

        assertFollowsPayout(trace, receive, reference, outcome);
    }

    /** The MoMo calls and the publication are children of the receive span; each library's span sits under ours. */
    private void assertFollowsPayout(List<SpanData> trace, SpanData receive, String reference,
            RecordedRecord outcome) {
        SpanData submit = only(trace, named("momo submit transfer"));
        assertEquals(receive.getSpanId(), submit.getParentSpanId(), "the POST continues the payout's trace");
        assertEquals(reference, submit.getAttributes().get(REFERENCE_ID));
        SpanData post = only(trace, childOf(submit).and(kind(SpanKind.CLIENT)));
        assertEquals("POST", post.getAttributes().get(HTTP_METHOD), "the REST client's span of the POST");

        List<SpanData> polls = trace.stream().filter(named("momo status transfer")).toList();
        assertFalse(polls.isEmpty(), "at least one status GET: " + names(trace));
        for (SpanData poll : polls) {
            assertEquals(receive.getSpanId(), poll.getParentSpanId(), "a status GET continues the payout's trace");
            SpanData get = only(trace, childOf(poll).and(kind(SpanKind.CLIENT)));
            assertEquals("GET", get.getAttributes().get(HTTP_METHOD), "the REST client's span of the GET");
        }

        SpanData publish = only(trace, named("publish outcome SUCCESSFUL"));
        assertEquals(receive.getSpanId(), publish.getParentSpanId());
        SpanData send = only(trace, childOf(publish).and(kind(SpanKind.PRODUCER)));

        String traceId = receive.getTraceId();
        assertEquals("00-" + traceId + "-" + publish.getSpanId() + "-01", outcome.headers().get("ce_traceparent"),
                "the outcome names the span that published it (CloudEvents distributed tracing)");
        assertEquals("00-" + traceId + "-" + send.getSpanId() + "-01", outcome.headers().get("traceparent"),
                "the instrumented producer's own header");
    }

    private RecordedRecord awaitSuccessfulOutcome(String reference) {
        await().atMost(TIMEOUT).until(() -> !outcomes.forKey(reference).isEmpty());
        RecordedRecord outcome = outcomes.forKey(reference).get(0);
        assertTrue(outcome.valueText().contains("\"SUCCESSFUL\""), outcome.valueText());
        return outcome;
    }

    /** The finished spans of a trace, once the one named {@code last} (and the producer's under it) is exported. */
    private List<SpanData> awaitTrace(String traceId, String last) {
        await().atMost(TIMEOUT).untilAsserted(() -> {
            List<SpanData> trace = spansOf(traceId);
            assertTrue(trace.stream().anyMatch(named(last)) && trace.stream().anyMatch(kind(SpanKind.PRODUCER)),
                    "'" + last + "' and a producer span in trace " + traceId + ": " + names(trace));
        });
        return spansOf(traceId);
    }

    private List<SpanData> spansOf(String traceId) {
        return exported.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    private static SpanData only(List<SpanData> spans, Predicate<SpanData> which) {
        List<SpanData> found = spans.stream().filter(which).toList();
        assertEquals(1, found.size(), "exactly one such span in " + names(spans));
        return found.get(0);
    }

    private static Predicate<SpanData> named(String name) {
        return span -> span.getName().equals(name);
    }

    private static Predicate<SpanData> kind(SpanKind kind) {
        return span -> span.getKind() == kind;
    }

    private static Predicate<SpanData> childOf(SpanData parent) {
        return span -> span.getParentSpanId().equals(parent.getSpanId());
    }

    private static List<String> names(List<SpanData> spans) {
        return spans.stream().map(span -> span.getName() + "(" + span.getKind() + " " + span.getSpanId() + " < "
                + span.getParentSpanId() + ")").toList();
    }


    private static String hex(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
