package dev.momopay.payout.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.TopicRecorder;
import dev.momopay.payout.testsupport.WorkerProcess;
import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.SimulatorConfig;
import dev.momopay.simulator.faults.EndpointClass;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged worker as separate processes on one Kafka and one PostgreSQL: two instances at once must never
 * POST a reference twice or publish two terminal outcomes for one payout, and an instance killed with SIGKILL in the
 * middle of a batch must leave nothing behind that a restarted instance does not finish.
 */
class SeveralWorkersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("SUCCESSFUL", "FAILED", "REJECTED", "CANCELLED");
    private static final String[] NUMBERS = {"56733123453", "46733123450", "46733123457", "46733123461",
            "56733123499", "46733123455"};

    private static MomoSimulator momo;
    private static TopicRecorder outcomes;

    @BeforeAll
    static void startSimulator() {
        momo = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ofMillis(200)));
        outcomes = TopicRecorder.of("payouts.outcomes");
    }

    @AfterAll
    static void stopSimulator() {
        momo.close();
    }

    @Test
    void twoInstancesAtOnceNeverPostTwiceOrPublishTwoOutcomes() throws IOException {
        momo.faults().reset().latency(EndpointClass.POST, Duration.ofMillis(50), Duration.ofMillis(50));
        try (WorkerProcess first = WorkerProcess.against("worker-a", momo, Map.of());
                WorkerProcess second = WorkerProcess.against("worker-b", momo, Map.of())) {
            WorkerProcess.startAll(first, second);
            List<String> references = publishMixedBatch(300);
            awaitTerminalOutcomes(references, Duration.ofSeconds(120));
            for (String ref : references) {
                assertEquals(1, momo.ledger().postAttempts(UUID.fromString(ref)), "POSTs for " + ref);
            }
            assertOneTerminalEventEach(references);
        }
    }

    @Test
    void aWorkerKilledMidBatchIsFinishedByItsReplacementWithOneTransactionEach() throws IOException {
        // Without MoMo's duplicate check, a replacement that POSTed a reference the killed worker had paid again
        // would pay it twice, and the accepted POSTs below would show it.
        momo.faults().reset().noDuplicateCheck(true)
                .latency(EndpointClass.POST, Duration.ofMillis(400), Duration.ofMillis(200));
        List<String> references;
        // A 5 s lease instead of 10 s: the doomed worker is killed at its first POST, so its leases only decide how
        // long the replacement, live about 5 s later, waits before it may take the payouts over.
        Map<String, String> shortLeases = Map.of("PAYOUT_SUBMISSION_LEASE", "5s", "PAYOUT_POLL_LEASE", "5s");
        try (WorkerProcess doomed = WorkerProcess.against("worker-killed", momo, shortLeases).start()) {
            references = publishMixedBatch(200);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> references.stream().anyMatch(r -> momo.ledger().postAttempts(UUID.fromString(r)) > 0));
            doomed.kill();
        }
        momo.faults().reset().noDuplicateCheck(true);
        try (WorkerProcess replacement = WorkerProcess.against("worker-replacement", momo, Map.of()).start()) {
            awaitTerminalOutcomes(references, Duration.ofSeconds(120));
        }
        for (String ref : references) {
            int accepted = momo.ledger().acceptedPostAttempts(UUID.fromString(ref));
            assertTrue(accepted <= 1, "accepted POSTs for " + ref);
        }
        assertOneTerminalEventEach(references);
        assertTerminalStatusMatchesMomo(references);
        momo.faults().reset();
    }

    @Test
    void aGracefulStopFlushesTheOutboxAndARestartLosesNothing() throws Exception {
        momo.faults().reset().latency(EndpointClass.POST, Duration.ofMillis(300), Duration.ofMillis(100));
        List<String> references;
        try (WorkerProcess stopping = WorkerProcess.against("worker-stopped", momo, Map.of()).start()) {
            references = publishMixedBatch(150);
            await().atMost(Duration.ofSeconds(60)).until(() -> references.stream()
                    .anyMatch(r -> !outcomes.forKey(r).isEmpty()));
            stopping.stop();
            assertEquals(0, outboxRows(references), "a graceful stop publishes every committed outcome first");
        }
        momo.faults().reset();
        try (WorkerProcess restarted = WorkerProcess.against("worker-restarted", momo, Map.of()).start()) {
            awaitTerminalOutcomes(references, Duration.ofSeconds(120));
        }
        assertOneTerminalEventEach(references);
        assertTerminalStatusMatchesMomo(references);
    }

    @Test
    void twoInstancesShareTheDailyLimitsAndNeverPayACancelledPayout() throws Exception {
        momo.faults().reset().latency(EndpointClass.POST, Duration.ofMillis(20), Duration.ofMillis(20));
        java.nio.file.Path settings = java.nio.file.Files.createTempFile("controls", ".properties");
        java.nio.file.Files.writeString(settings, "payout.controls.limits.payee-daily-amount.default.EUR=250\n");
        // One payout per lease: the two instances lease the same payee's payouts at the same time, so the limit
        // holds only if their counting is serialised.
        Map<String, String> controls = Map.of("QUARKUS_CONFIG_LOCATIONS", settings.toUri().toString(),
                "PAYOUT_SUBMISSION_BATCH_SIZE", "1");
        TopicRecorder deadLetters = TopicRecorder.of("payouts.commands.dlq");
        try (WorkerProcess first = WorkerProcess.against("worker-limits-a", momo, controls);
                WorkerProcess second = WorkerProcess.against("worker-limits-b", momo, controls)) {
            WorkerProcess.startAll(first, second);
            String payee = "2567" + String.format("%08d", new java.util.Random().nextInt(100_000_000));
            List<String> limited = new ArrayList<>();
            List<String> cancelled = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String ref = Commands.newReference();
                CommandProducer.send(i % 2 == 0 ? CommandProducer.DEPOSITS : CommandProducer.TRANSFERS, ref,
                        Commands.payout(ref, "25", payee));
                limited.add(ref);
            }
            for (int i = 0; i < 60; i++) {
                String ref = Commands.newReference();
                String cancel = "{\"referenceId\":\"" + ref + "\",\"reason\":\"race\"}";
                if (i % 2 == 0) {
                    CommandProducer.send(CommandProducer.CANCELS, ref, cancel);
                }
                CommandProducer.send(i % 3 == 0 ? CommandProducer.DEPOSITS : CommandProducer.TRANSFERS, ref,
                        Commands.payout(ref, "10", Commands.SUCCESS_MSISDN));
                if (i % 2 == 1) {
                    CommandProducer.send(CommandProducer.CANCELS, ref, cancel);
                }
                cancelled.add(ref);
            }

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<String, String> now = statuses(limited);
                return now.size() == limited.size() && now.values().stream()
                        .allMatch(s -> s.equals("SUCCESSFUL") || s.equals("AWAITING_APPROVAL"));
            });
            Map<String, String> limitedStatus = statuses(limited);
            assertEquals(10, limitedStatus.values().stream().filter("SUCCESSFUL"::equals).count(),
                    limitedStatus::toString);
            assertEquals(10, limitedStatus.values().stream().filter("AWAITING_APPROVAL"::equals).count());
            java.math.BigDecimal paid = momo.ledger().transactions().stream()
                    .filter(t -> t.payee() != null && payee.equals(t.payee().partyId()))
                    .map(t -> new java.math.BigDecimal(t.amount())).reduce(java.math.BigDecimal.ZERO,
                            java.math.BigDecimal::add);
            assertEquals(0, new java.math.BigDecimal("250").compareTo(paid), "paid to the payee: " + paid);

            awaitTerminalOutcomes(cancelled, Duration.ofSeconds(120));
            assertOneTerminalEventEach(cancelled);
            int refused = 0;
            for (Map.Entry<String, String> payout : statuses(cancelled).entrySet()) {
                UUID ref = UUID.fromString(payout.getKey());
                if (payout.getValue().equals("CANCELLED")) {
                    assertEquals(0, momo.ledger().postAttempts(ref), "POSTs for cancelled " + ref);
                } else {
                    refused++;
                    assertEquals("SUCCESSFUL", payout.getValue(), "status of " + ref);
                    assertEquals(1, momo.ledger().postAttempts(ref), "POSTs for " + ref);
                    await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.forKey(payout.getKey()).stream()
                            .anyMatch(r -> "CANCEL_REFUSED".equals(r.headers().get("dlq-reason"))));
                }
            }
            System.out.printf("cancel race: %d cancelled before submission, %d refused after a POST%n",
                    cancelled.size() - refused, refused);
        }
    }

    /** The status of each of these payouts, read from the shared database. */
    private static Map<String, String> statuses(List<String> references) throws java.sql.SQLException {
        Map<String, String> infra = dev.momopay.payout.testsupport.EmbeddedInfrastructure.start();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                infra.get("quarkus.datasource.jdbc.url"), infra.get("quarkus.datasource.username"),
                infra.get("quarkus.datasource.password"));
                java.sql.PreparedStatement query = connection.prepareStatement(
                        "SELECT reference_id, status FROM payout WHERE reference_id = ANY(?)")) {
            query.setArray(1, connection.createArrayOf("uuid", references.stream().map(UUID::fromString).toArray()));
            Map<String, String> found = new HashMap<>();
            try (java.sql.ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.put(rows.getString(1), rows.getString(2));
                }
            }
            return found;
        }
    }

    /** Outbox rows of this test's payouts only (other classes' rows are not this test's to judge). */
    private static long outboxRows(List<String> references) throws java.sql.SQLException {
        Map<String, String> infra = dev.momopay.payout.testsupport.EmbeddedInfrastructure.start();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                infra.get("quarkus.datasource.jdbc.url"), infra.get("quarkus.datasource.username"),
                infra.get("quarkus.datasource.password"));
                java.sql.PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM outbox_event o "
                        + "JOIN payout_event e ON e.event_id = o.event_id WHERE e.reference_id = ANY(?)")) {
            count.setArray(1, connection.createArrayOf("uuid", references.stream().map(java.util.UUID::fromString)
                    .toArray()));
            try (java.sql.ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static List<String> publishMixedBatch(int count) {
        List<String> references = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String ref = Commands.newReference();
            String msisdn = NUMBERS[i % NUMBERS.length];
            String topic = i % 2 == 0 ? CommandProducer.DEPOSITS : CommandProducer.TRANSFERS;
            CommandProducer.send(topic, ref, Commands.payout(ref, Integer.toString(10 + i), msisdn));
            references.add(ref);
        }
        return references;
    }

    private static void awaitTerminalOutcomes(List<String> references, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> references.stream()
                .allMatch(ref -> outcomes.forKey(ref).stream().anyMatch(r -> TERMINAL.contains(status(r)))));
    }

    private static void assertOneTerminalEventEach(List<String> references) {
        for (String ref : references) {
            Set<String> eventIds = new HashSet<>();
            for (TopicRecorder.RecordedRecord record : outcomes.forKey(ref)) {
                if (TERMINAL.contains(status(record))) {
                    eventIds.add(record.headers().get("ce_id"));
                }
            }
            assertEquals(1, eventIds.size(), "distinct terminal events for " + ref);
        }
    }

    private static void assertTerminalStatusMatchesMomo(List<String> references) {
        Map<String, String> published = new HashMap<>();
        for (String ref : references) {
            outcomes.forKey(ref).stream().filter(r -> TERMINAL.contains(status(r)))
                    .findFirst().ifPresent(r -> published.put(ref, status(r)));
            momo.ledger().transaction(UUID.fromString(ref)).ifPresent(tx ->
                    assertEquals(tx.status(), published.get(ref), "published outcome of " + ref));
        }
    }

    private static String status(TopicRecorder.RecordedRecord record) {
        try {
            JsonNode body = JSON.readTree(record.value());
            return body.get("status").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
