package dev.momopay.payout.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.PayoutRows;
import dev.momopay.payout.testsupport.TopicRecorder;
import dev.momopay.payout.testsupport.WorkerProcess;
import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tracing as the packaged worker ships it: off by default (no trace context stored, none on the outcome, even for a
 * command that brings one), and on with one variable, where a collector that cannot be reached costs no payout.
 */
class TracingSwitchIT {

    private static final String UPSTREAM_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static MomoSimulator momo;
    private static TopicRecorder outcomes;

    @BeforeAll
    static void startSimulator() {
        momo = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ofMillis(100)));
        outcomes = TopicRecorder.of("payouts.outcomes");
    }

    @AfterAll
    static void stopSimulator() {
        momo.close();
    }

    @Test
    void offByDefaultNothingOfATraceIsKeptOrPublished() {
        String reference;
        try (WorkerProcess worker = WorkerProcess.against("worker-untraced", momo, Map.of()).start()) {
            reference = payWithUpstreamTrace();
        }
        TopicRecorder.RecordedRecord outcome = outcomes.forKey(reference).get(0);
        assertNull(outcome.headers().get("ce_traceparent"), "no trace header by default: " + outcome.headers());
        assertNull(outcome.headers().get("traceparent"), "no trace header by default: " + outcome.headers());
        assertNull(PayoutRows.traceParent(reference), "no trace context stored by default");
    }

    @Test
    void oneVariableTurnsItOnAndAnUnreachableCollectorCostsNoPayout() {
        String reference;
        Map<String, String> traced = Map.of("QUARKUS_OTEL_SDK_DISABLED", "false",
                "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:" + WorkerProcess.freePort());
        try (WorkerProcess worker = WorkerProcess.against("worker-traced", momo, traced).start()) {
            reference = payWithUpstreamTrace();
        }
        TopicRecorder.RecordedRecord outcome = outcomes.forKey(reference).get(0);
        String published = outcome.headers().get("ce_traceparent");
        assertTrue(published != null && published.startsWith("00-" + UPSTREAM_TRACE + "-"),
                "the outcome continues the command's trace: " + outcome.headers());
        String stored = PayoutRows.traceParent(reference);
        assertTrue(stored != null && stored.startsWith("00-" + UPSTREAM_TRACE + "-"), "stored: " + stored);
    }

    /** Sends a command that brings a trace context and waits for its SUCCESSFUL outcome; returns its reference. */
    private static String payWithUpstreamTrace() {
        String reference = Commands.newReference();
        CommandProducer.send(CommandProducer.TRANSFERS, reference,
                Commands.payout(reference, "31", Commands.SUCCESS_MSISDN),
                Map.of("traceparent", "00-" + UPSTREAM_TRACE + "-00f067aa0ba902b7-01"));
        await().atMost(Duration.ofSeconds(60)).until(() -> !outcomes.forKey(reference).isEmpty());
        String outcome = outcomes.forKey(reference).get(0).valueText();
        assertTrue(outcome.contains("\"SUCCESSFUL\""), outcome);
        assertEquals(1, momo.ledger().postAttempts(UUID.fromString(reference)));
        return reference;
    }
}
