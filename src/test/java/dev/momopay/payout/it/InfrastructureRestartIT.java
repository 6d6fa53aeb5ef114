package dev.momopay.payout.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.momopay.payout.testsupport.ConsumerGroups;
import dev.momopay.payout.testsupport.EmbeddedInfrastructure;
import dev.momopay.payout.testsupport.InvariantChecker;
import dev.momopay.payout.testsupport.MixedLoad;
import dev.momopay.payout.testsupport.WorkerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Restarts of the infrastructure under a running worker: the Kafka broker (with terminal outcomes waiting in the
 * outbox when the worker is killed) and PostgreSQL (an immediate restart, as after a crash, during load). The
 * embedded services only; with Testcontainers these tests are skipped. Afterwards the {@link InvariantChecker}
 * evaluates INV-1..INV-8.
 */
class InfrastructureRestartIT extends FaultScenarioBase {

    @BeforeEach
    void embeddedOnly() {
        assumeTrue(EmbeddedInfrastructure.embedded(), "restarts need the embedded services");
    }

    private WorkerProcess worker(String name) {
        return worker(name, Map.of());
    }

    /**
     * Recovery settings for the PostgreSQL restarts: an outbox row whose relay round was cut by the crash (leased and
     * sent, not yet deleted) is sent again after 5 s instead of the 30 s relay lease (again with its stored eventId),
     * and intake retries its batch in place at least every second instead of backing off to 16 s and more, so it
     * takes the batch in within a second of PostgreSQL being back. Kafka stays up in these tests: its acknowledgements
     * come within milliseconds, far inside the 5 s the relay waits for them.
     */
    private static final Map<String, String> QUICK_RECOVERY = Map.of("PAYOUT_EVENTS_RELAY_LEASE", "5s",
            "PAYOUT_INTAKE_RETRY_MAX_DELAY", "1s");

    /**
     * #6, #17: the broker goes down while payouts are in flight; they conclude at MoMo and in the database, but
     * their outcome events cannot leave the outbox; the worker is then killed with SIGKILL (terminal state committed,
     * outcome not published). The broker comes back, a new worker publishes the waiting outcomes with their stored
     * eventIds, and the consumer resumes from the committed offsets.
     */
    @Test
    void brokerDownThenWorkerKilledWithOutcomesInTheOutboxLosesAndDoublesNothing() {
        // The relay round that is waiting for the broker when the worker is killed holds its outbox rows for the relay
        // lease: 5 s instead of 30 s, so the new worker publishes them as soon as it is up rather than some 20 s later.
        // Those rows are still unpublished when the worker dies (the broker is down); only their wait changes.
        WorkerProcess doomed = worker("broker-restart", Map.of("PAYOUT_EVENTS_RELAY_LEASE", "5s")).start();
        List<String> refs = new MixedLoad(checker, 17L).payouts(40);
        await().atMost(Duration.ofSeconds(60)).until(() -> checker.rows(refs) == refs.size());
        EmbeddedInfrastructure.stopKafkaBroker();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> checker.count("SELECT count(*) FROM outbox_event o "
                    + "JOIN payout_event e ON e.event_id = o.event_id WHERE e.reference_id = ANY(?) "
                    + "AND e.status IN ('SUCCESSFUL', 'FAILED')", refs) > 0);
            doomed.kill();
        } finally {
            EmbeddedInfrastructure.startKafkaBroker();
        }
        worker("after-broker-restart").start();
        new MixedLoad(checker, 18L).payouts(30);
        assertInvariants();
    }

    /**
     * #18: the broker is down for 45 s, longer than the worker's Kafka delivery timeout (30 s), while payouts it took
     * in conclude at MoMo: their outcome events accumulate in the outbox (sends time out and are retried), and the
     * same worker, never restarted, drains the outbox and takes in new commands once the broker is back.
     */
    @Test
    void brokerDownLongerThanTheDeliveryTimeoutTheOutboxAccumulatesAndTheSameWorkerDrainsIt() {
        WorkerProcess live = worker("broker-outage").start();
        List<String> refs = new MixedLoad(checker, 180L).payouts(40);
        await().atMost(Duration.ofSeconds(60)).until(() -> checker.rows(refs) == refs.size());
        long outageStart = System.nanoTime();
        EmbeddedInfrastructure.stopKafkaBroker();
        long accumulated;
        try {
            // Outcomes pile up in the outbox while the broker is away (most of the 40 conclude within seconds).
            await().atMost(Duration.ofSeconds(40)).until(() -> outboxRows(refs) >= 20);
            // Down for 45 s in all: every send the relay made at the start of the outage has timed out by then.
            await().atMost(Duration.ofSeconds(50)).pollInterval(Duration.ofMillis(500))
                    .until(() -> System.nanoTime() - outageStart >= Duration.ofSeconds(45).toNanos());
            accumulated = outboxRows(refs);
            assertTrue(live.alive(), "the worker survives a broker outage");
        } finally {
            EmbeddedInfrastructure.startKafkaBroker();
        }
        System.out.printf("outage of %d s: %d outcome events waited in the outbox%n",
                Duration.ofNanos(System.nanoTime() - outageStart).toSeconds(), accumulated);
        assertTrue(accumulated >= 20, "outcomes accumulated in the outbox: " + accumulated);
        List<String> after = new MixedLoad(checker, 181L).payouts(20);
        assertInvariants();
        assertEquals(0, outboxRows(refs) + outboxRows(after), "the outbox is drained");
    }

    private long outboxRows(List<String> refs) {
        return checker.count("SELECT count(*) FROM outbox_event o JOIN payout_event e ON e.event_id = o.event_id "
                + "WHERE e.reference_id = ANY(?)", refs);
    }

    /**
     * #19, #20: PostgreSQL restarts immediately (connections cut, open transactions lost) twice during load. Commands
     * wait unacknowledged, no POST goes out without a committed row, and the pool recovers.
     */
    @Test
    void postgresRestartsDuringLoadLoseNothingAndPostNothingUncommitted() {
        worker("pg-restart", QUICK_RECOVERY).start();
        MixedLoad load = new MixedLoad(checker, 19L);
        List<String> first = load.payouts(60);
        await().atMost(Duration.ofSeconds(60)).until(() -> first.stream()
                .anyMatch(r -> momo.ledger().postAttempts(UUID.fromString(r)) > 0));
        EmbeddedInfrastructure.restartPostgresImmediately();
        load.payouts(60);
        EmbeddedInfrastructure.restartPostgresImmediately();
        load.payouts(30);
        assertInvariants();
    }

    /**
     * A PostgreSQL outage longer than the Kafka connector's age limit for unacknowledged records (set to 2 s here:
     * under the throttled commit strategy that limit stopped the channel and turned liveness DOWN): intake keeps the
     * batch unacknowledged and retries it in place, liveness stays UP the whole time (no restart loop), nothing is
     * dead-lettered or acknowledged because of the outage, and intake and every loop resume by themselves.
     */
    @Test
    void aPostgresOutageLongerThanTheUnacknowledgedAgeLimitRestartsNothingAndLosesNothing() {
        Map<String, String> settings = new java.util.HashMap<>(QUICK_RECOVERY);
        settings.put("JAVA_TOOL_OPTIONS",
                "-Dmp.messaging.incoming.payout-commands.throttled.unprocessed-record-max-age.ms=2000");
        WorkerProcess worker = worker("pg-outage", settings).start();
        MixedLoad load = new MixedLoad(checker, 29L);
        load.payouts(20);
        EmbeddedInfrastructure.restartPostgresImmediately(() -> {
            Map<TopicPartition, Long> before = ConsumerGroups.endOffsets();
            load.payouts(20);
            // Longer than a commit cycle: none of the records sent while PostgreSQL is down is acknowledged.
            java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
            await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(25)).untilAsserted(() -> {
                assertEquals(200, liveness(worker));
                Map<TopicPartition, Long> committed;
                try {
                    committed = ConsumerGroups.committed();
                } catch (IllegalStateException slow) {
                    return; // a look that did not come back is no acknowledgement; the looks are counted below
                }
                looks.incrementAndGet();
                committed.forEach((partition, offset) -> assertTrue(offset <= before.getOrDefault(partition, 0L),
                        partition + " committed " + offset + " while PostgreSQL was down (end before: "
                                + before.get(partition) + ")"));
            });
            assertTrue(looks.get() >= 3, "the committed offsets were read while PostgreSQL was down: " + looks);
        });
        load.payouts(10);
        assertInvariants();
        assertEquals(200, liveness(worker));
    }

    /**
     * SIGTERM while MoMo is still answering POSTs (3 s each): the stop waits for the calls in flight and commits
     * their results within its budget, so no payout MoMo accepted is left for a restart to ask about again, and the
     * process exits well inside the deployment's 45 s grace period.
     */
    @Test
    void aGracefulStopCommitsTheResultsOfCallsInFlightWithinItsBudget() {
        // A read timeout well above MoMo's 3 s: every call in flight gets its real answer, none times out.
        WorkerProcess worker = worker("sigterm-in-flight", Map.of("MOMO_READ_TIMEOUT", "15s")).start();
        momo.faults().latency(dev.momopay.simulator.faults.EndpointClass.POST, Duration.ofSeconds(3), Duration.ZERO);
        List<String> refs = new MixedLoad(checker, 31L).payouts(10);
        await().atMost(Duration.ofSeconds(60)).until(() -> refs.stream()
                .allMatch(r -> momo.ledger().postAttempts(UUID.fromString(r)) > 0));
        long started = System.nanoTime();
        worker.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        momo.faults().reset();
        List<String> accepted = refs.stream().filter(r -> momo.ledger().transaction(UUID.fromString(r)).isPresent())
                .toList();
        List<String> uncommitted = accepted.stream().filter(r -> checker.count("SELECT count(*) FROM payout "
                + "WHERE reference_id = ANY(?) AND (momo_accepted OR status IN ('SUCCESSFUL', 'FAILED'))",
                List.of(r)) == 0).toList();
        assertTrue(uncommitted.isEmpty(), "accepted by MoMo before the stop, answer not committed: "
                + describe(uncommitted)
                + " (response faults: " + uncommitted.stream().map(r -> momo.ledger().transaction(UUID.fromString(r))
                        .orElseThrow().responseFault()).toList() + "); worker log " + worker.log());
        assertTrue(took.compareTo(Duration.ofSeconds(40)) < 0, "stopped in " + took);
        worker("after-sigterm", Map.of()).start();
        assertInvariants();
    }

    /** Each payout's status, attempts and history, for a failure message. */
    private static String describe(List<String> refs) {
        StringBuilder out = new StringBuilder();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(EmbeddedInfrastructure.jdbcUrl(),
                "postgres", "postgres"); java.sql.PreparedStatement q = c.prepareStatement(
                "SELECT p.status, p.momo_accepted, p.post_attempts, p.claim_token IS NOT NULL, "
                        + "(SELECT string_agg(h.to_status || ':' || coalesce(h.detail, ''), ' / ' ORDER BY h.id) "
                        + "FROM payout_history h WHERE h.reference_id = p.reference_id) FROM payout p "
                        + "WHERE p.reference_id = ?::uuid")) {
            for (String ref : refs) {
                q.setString(1, ref);
                try (java.sql.ResultSet r = q.executeQuery()) {
                    if (r.next()) {
                        out.append("\n  ").append(ref).append(' ').append(r.getString(1)).append(" accepted=")
                                .append(r.getBoolean(2)).append(" attempts=").append(r.getInt(3)).append(" leased=")
                                .append(r.getBoolean(4)).append(" history: ").append(r.getString(5));
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            out.append(e);
        }
        return out.toString();
    }

    private static int liveness(WorkerProcess worker) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(worker.managementUrl() + "/q/health/live")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void assertInvariants() {
        assertInvariants(Duration.ofSeconds(120));
    }
}
