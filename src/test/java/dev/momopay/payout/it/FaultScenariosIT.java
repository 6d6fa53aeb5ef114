package dev.momopay.payout.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.ConsumerGroups;
import dev.momopay.payout.testsupport.InvariantChecker;
import dev.momopay.payout.testsupport.MixedLoad;
import dev.momopay.payout.testsupport.WorkerProcess;
import dev.momopay.simulator.faults.AcceptThenFailMode;
import dev.momopay.simulator.faults.EndpointClass;
import dev.momopay.simulator.ledger.TransactionView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The fault scenarios of the shared notes (section 1.6) that run on one machine without Docker: the packaged worker
 * as separate processes, a real Kafka, a real PostgreSQL and the MoMo simulator. Each scenario injects its faults,
 * lets them stop, and then the {@link InvariantChecker} evaluates INV-1..INV-8 against the simulator's ledger, the
 * database and the outcome and dead-letter topics; any violation fails the test with the whole report.
 */
class FaultScenariosIT extends FaultScenarioBase {

    private static final Duration QUIET_BOUND = Duration.ofSeconds(90);

    private void assertInvariants() {
        assertInvariants(QUIET_BOUND);
    }

    /**
     * #3 and #28: SIGKILL after the intent is committed and before any POST could leave (MoMo unreachable: connection
     * refused), with a backlog of payouts; the restarted worker POSTs each stored reference once and drains the
     * backlog within the shared status rate limit, which MoMo's 429 enforces too (#11).
     */
    @Test
    void killedAfterIntentBeforeAnyPostThenABacklogRestartPaysEachReferenceOnce() {
        Map<String, String> unreachable = Map.of("MOMO_BASE_URL", "http://127.0.0.1:" + WorkerProcess.freePort());
        WorkerProcess doomed = worker("intent-only", unreachable).start();
        List<String> refs = new MixedLoad(checker, 3L).payouts(150);
        await().atMost(Duration.ofSeconds(60)).until(() -> checker.rows(refs) == refs.size());
        doomed.kill();
        assertEquals(0, refs.stream().filter(r -> momo.ledger().postAttempts(UUID.fromString(r)) > 0).count(),
                "no POST can have left");

        momo.faults().statusRateLimit(20);
        worker("backlog", Map.of("PAYOUT_STATUS_RATE_LIMIT", "15")).start();
        assertInvariants();
        for (String ref : refs) {
            assertTrue(momo.ledger().postAttempts(UUID.fromString(ref)) <= 1, "re-POSTs of " + ref);
        }
    }

    /**
     * #4 and #8: SIGKILL while POSTs are in flight at MoMo: some were recorded by MoMo whose answer never came (HANG),
     * others are still being processed when the worker dies. The restarted worker asks MoMo for the status with the
     * same reference and re-POSTs the same reference only when MoMo does not know it; never a second transaction.
     */
    @Test
    void killedWithPostsInFlightResolvesThemByStatusWithTheSameReference() {
        // A 5 s lease instead of 10 s: this worker dies within about a second of leasing (its POSTs still in flight,
        // the hung ones for 20 s), so its leases only decide how long the replacement, live about 5 s after the
        // kill, waits before it may take the payouts over.
        WorkerProcess doomed = worker("in-flight", Map.of("MOMO_READ_TIMEOUT", "20s",
                "PAYOUT_SUBMISSION_LEASE", "5s", "PAYOUT_POLL_LEASE", "5s")).start();
        momo.faults().acceptThenFailRate(1.0, AcceptThenFailMode.HANG);
        List<String> hung = new MixedLoad(checker, 4L).payouts(20);
        await().atMost(Duration.ofSeconds(60)).until(() -> hung.stream()
                .allMatch(r -> momo.ledger().transaction(UUID.fromString(r)).isPresent()));
        momo.faults().reset().latency(EndpointClass.POST, Duration.ofSeconds(3), Duration.ZERO);
        List<String> slow = new MixedLoad(checker, 44L).payouts(20);
        await().atMost(Duration.ofSeconds(60)).until(() -> slow.stream()
                .allMatch(r -> momo.ledger().postAttempts(UUID.fromString(r)) > 0));
        doomed.kill();

        momo.faults().reset();
        worker("after-in-flight", Map.of()).start();
        assertInvariants();
    }

    /**
     * #8, #9, #10, #21: the ambiguous provider faults without a crash: accepted-then-500, accepted-then-dropped
     * connection, 503 on POSTs and status GETs, 500 on status GETs. Each ends with MoMo's own outcome and one
     * transaction per reference (a retried POST of a reference MoMo holds gets 409 and is followed, not failed).
     */
    @Test
    void ambiguousProviderFaultsEndWithMomosOutcomeAndOneTransaction() {
        // The outage-like answers (the burst of 503s on status GETs among them) can open the account's breaker, which
        // then pauses the re-POSTs of the payouts whose POST got a 503: a short pause keeps the test short without
        // switching the breaker off, as in the hang scenario.
        worker("ambiguous", Map.of("PAYOUT_SAFEGUARDS_PROTECTION_BREAKER_OPEN_FOR", "5s")).start();
        MixedLoad load = new MixedLoad(checker, 8L);
        momo.faults().acceptThenFailRate(0.5, AcceptThenFailMode.HTTP_500);
        awaitPosted(load.payouts(15));
        momo.faults().reset().acceptThenFailRate(0.5, AcceptThenFailMode.DROP);
        awaitPosted(load.payouts(15));
        momo.faults().reset().errorRate(EndpointClass.POST, 0.3, 503).errorRate(EndpointClass.STATUS, 0.3, 500)
                .unavailableBurst(EndpointClass.STATUS, 20);
        awaitPosted(load.payouts(15));
        momo.faults().reset();
        assertInvariants();
    }

    /**
     * #27 (and #21's read timeout): MoMo stops answering for 20 s, far beyond the worker's 3 s read timeout and beyond
     * the consumer's poll interval (10 s here): every POST is executed at MoMo but never answered, every status GET
     * hangs. Intake does not wait on MoMo (commands sent during the hang are committed and acknowledged within
     * seconds), the worker stays live, and nothing is concluded from a timeout although MoMo has concluded (and
     * called back) every one of them. Once MoMo answers again, each payout ends with MoMo's outcome and one
     * transaction: the status with the same reference, a re-POST of a reference MoMo holds gets 409.
     */
    @Test
    void momoHangingLongerThanTheReadTimeoutBlocksNeitherIntakeNorTheWorker() throws Exception {
        // The timeouts open the account's breaker: a short pause keeps the test short without switching it off.
        WorkerProcess live = worker("hang", Map.of("KAFKA_MAX_POLL_INTERVAL_MS", "10000",
                "PAYOUT_SAFEGUARDS_PROTECTION_BREAKER_OPEN_FOR", "5s")).start();
        momo.faults().acceptThenFailRate(1.0, AcceptThenFailMode.HANG)
                .latency(EndpointClass.STATUS, Duration.ofSeconds(20), Duration.ZERO);
        long hangStart = System.nanoTime();
        MixedLoad load = new MixedLoad(checker, 27L);
        List<String> first = load.payouts(20);
        await().atMost(Duration.ofSeconds(15)).until(() -> checker.rows(first) == first.size());
        // Longer than the consumer's poll interval into the hang: intake still takes commands in at once.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> System.nanoTime() - hangStart >= Duration.ofSeconds(11).toNanos());
        List<String> second = load.payouts(20);
        await().atMost(Duration.ofSeconds(8)).until(() -> checker.rows(second) == second.size());
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(live.managementUrl() + "/q/health/live")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), "live while MoMo hangs: " + health.body());
        await().atMost(Duration.ofSeconds(30)).until(() -> first.stream()
                .allMatch(r -> momo.ledger().transaction(UUID.fromString(r)).filter(TransactionView::isFinal)
                        .isPresent()));
        assertEquals(0, checker.count("SELECT count(*) FROM payout WHERE reference_id = ANY(?) AND status IN "
                + "('SUCCESSFUL', 'FAILED', 'REJECTED')", first), "nothing concluded while MoMo gave no answer");
        momo.faults().reset();
        assertInvariants();
    }

    /**
     * #11, #12, #25: MoMo's status rate limit (429) below the load, early token expiry and every token revoked at
     * once, and payouts that stay PENDING at MoMo: the worker keeps polling within its budget, refreshes its token
     * and retries the same reference, and fabricates no outcome for what MoMo still has pending.
     */
    @Test
    void rateLimitsTokenExpiryAndEndlessPendingFabricateNothing() {
        momo.faults().statusRateLimit(8).tokenTtlOverride(Duration.ofMillis(700));
        worker("rate-limited", Map.of("PAYOUT_STATUS_RATE_LIMIT", "6")).start();
        MixedLoad load = new MixedLoad(checker, 11L, 0.15);
        awaitPosted(load.payouts(40));
        momo.expireAllTokens();
        awaitPosted(load.payouts(40));
        momo.faults().reset();
        assertInvariants();
        assertTrue(checker.statusCounts().getOrDefault("SUBMITTED", 0) > 0,
                "some payouts stay pending at MoMo, by design: " + checker.statusCounts());
    }

    /**
     * #13, #14, #15, #16: callbacks that contradict the status GET, callbacks that arrive before the 202, forged
     * callbacks (wrong secret, unknown or malformed reference), and late duplicate callbacks after the payout
     * concluded; then MoMo reverses some final statuses after the worker concluded them. Only the status GET
     * decides, and a terminal payout never changes or publishes a second outcome.
     */
    @Test
    void contradictoryForgedAndLateCallbacksChangeNothing() throws Exception {
        WorkerProcess live = worker("callbacks", Map.of()).start();
        MixedLoad load = new MixedLoad(checker, 13L);
        momo.faults().contradictoryCallback(true);
        List<String> contradicted = load.payouts(20);
        awaitPosted(contradicted);
        momo.faults().reset().callbackBeforeResponse(true);
        awaitPosted(load.payouts(20));
        momo.faults().reset();
        checker.awaitQuiet(QUIET_BOUND).assertClean();

        HttpClient http = HttpClient.newHttpClient();
        for (String ref : contradicted) {
            String secret = checker.callbackSecret(ref);
            assertEquals(404, callback(http, live, ref, "forged-" + secret));
            assertEquals(404, callback(http, live, Commands.newReference(), secret));
            assertEquals(404, callback(http, live, "not-a-uuid", secret));
            for (int i = 0; i < 3; i++) {
                assertEquals(200, callback(http, live, ref, secret), "a late callback is acknowledged");
            }
        }
        for (String ref : contradicted.subList(0, 5)) {
            UUID id = UUID.fromString(ref);
            TransactionView tx = momo.ledger().transaction(id).orElseThrow();
            momo.completeNow(id, "SUCCESSFUL".equals(tx.status()) ? "FAILED" : "SUCCESSFUL", null);
            checker.exemptFromTruth(id);
            callback(http, live, ref, checker.callbackSecret(ref));
        }
        assertInvariants();
    }

    /**
     * #1, #2, #22: the same command twice, the same reference with other content, invalid content, invalid
     * references, garbage bytes and truncated JSON, then the same commands again once concluded: one transaction
     * each, conflicts and garbage dead-lettered with their original bytes, nothing blocks a partition, and a repeated
     * concluded command republishes the same eventId.
     */
    @Test
    void duplicatesConflictsAndGarbageAreAccountedFor() {
        worker("bad-input", Map.of()).start();
        MixedLoad load = new MixedLoad(checker, 22L);
        load.payouts(40);
        load.badInput(60);
        load.payouts(20);
        checker.awaitQuiet(QUIET_BOUND).assertClean();
        load.badInput(20);
        assertInvariants();
    }

    /**
     * #26: an instance paused (SIGSTOP) for longer than its leases and its consumer-group session while it holds POSTs and status checks, beside a
     * live instance that takes the work over; then the zombie resumes with stale results in hand. Its results are
     * fenced off by the claim token: one transaction and one terminal outcome per payout.
     */
    @Test
    void aPausedZombieBesideALiveInstanceNeverDoublesAnything() {
        Map<String, String> shortLeases = Map.of("PAYOUT_SUBMISSION_LEASE", "2s", "PAYOUT_POLL_LEASE", "2s");
        WorkerProcess zombie = worker("zombie", shortLeases);
        WorkerProcess.startAll(zombie, worker("live", shortLeases));
        momo.faults().latency(EndpointClass.POST, Duration.ofMillis(800), Duration.ofMillis(400))
                .latency(EndpointClass.STATUS, Duration.ofMillis(300), Duration.ZERO);
        List<String> refs = new MixedLoad(checker, 26L).payouts(80);
        await().atMost(Duration.ofSeconds(60)).until(() -> refs.stream()
                .anyMatch(r -> momo.ledger().postAttempts(UUID.fromString(r)) > 0));
        zombie.pause();
        // The takeover itself: the zombie's session ran out and it left the consumer group, and no payout is left
        // with a lease that ran out (its 2 s leases are long gone by the 6 s session): the live instance leased them.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            int members = ConsumerGroups.members();
            long expired = checker.count("SELECT count(*) FROM payout WHERE reference_id = ANY(?) AND claim_token "
                    + "IS NOT NULL AND next_action_at < now()", refs);
            assertTrue(members == 1 && expired == 0, "group members " + members + ", payouts with a lease that ran "
                    + "out " + expired + ": " + checker.count("SELECT count(*) FROM payout WHERE reference_id = "
                    + "ANY(?) AND status NOT IN ('SUCCESSFUL', 'FAILED', 'REJECTED')", refs) + " unfinished");
        });
        zombie.resume();
        momo.faults().reset();
        assertInvariants();
    }

    /**
     * Three instances at once on one Kafka and one PostgreSQL with mixed traffic and a slow MoMo; one of them is
     * killed with SIGKILL mid-run and replaced.
     */
    @Test
    void threeInstancesAtOnceWithOneKilledAndReplaced() {
        momo.faults().latency(EndpointClass.POST, Duration.ofMillis(100), Duration.ofMillis(100));
        WorkerProcess a = worker("three-a", Map.of());
        WorkerProcess.startAll(a, worker("three-b", Map.of()), worker("three-c", Map.of()));
        MixedLoad load = new MixedLoad(checker, 33L, 0.05);
        List<String> refs = load.payouts(120);
        load.badInput(20);
        await().atMost(Duration.ofSeconds(60)).until(() -> refs.stream()
                .filter(r -> momo.ledger().postAttempts(UUID.fromString(r)) > 0).count() > 30);
        a.kill();
        worker("three-d", Map.of()).start();
        load.payouts(60);
        momo.faults().reset();
        assertInvariants();
    }

    // --------------------------------------------------------------------------------------------------- helpers

    private static void awaitPosted(List<String> refs) {
        await().atMost(Duration.ofSeconds(60)).until(() -> refs.stream()
                .allMatch(r -> momo.ledger().postAttempts(UUID.fromString(r)) > 0));
    }

    private static int callback(HttpClient http, WorkerProcess worker, String ref, String secret) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(worker.baseUrl() + "/callbacks/momo/" + ref + "/"
                + secret)).PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"SUCCESSFUL\"}"))
                .header("Content-Type", "application/json").build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
