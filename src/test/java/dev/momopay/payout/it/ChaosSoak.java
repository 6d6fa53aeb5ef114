package dev.momopay.payout.it;

import dev.momopay.payout.testsupport.EmbeddedInfrastructure;
import dev.momopay.payout.testsupport.SuiteShutdown;
import dev.momopay.payout.testsupport.InvariantChecker;
import dev.momopay.payout.testsupport.QuietLogs;
import dev.momopay.payout.testsupport.MixedLoad;
import dev.momopay.payout.testsupport.ScenarioWorkers;
import dev.momopay.payout.testsupport.WorkerProcess;
import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.faults.AcceptThenFailMode;
import dev.momopay.simulator.faults.EndpointClass;
import dev.momopay.simulator.ledger.TransactionView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The chaos soak: N minutes of seeded mixed load (payouts, refunds, duplicates, conflicts, invalid content and
 * garbage) against two worker processes on the embedded Kafka and PostgreSQL and the MoMo simulator, with random
 * faults from the scenario list (SIGKILL and restart of a worker, SIGSTOP/SIGCONT, accept-then-fail, 503 and 500
 * bursts, latency, 429, token expiry, contradictory and early callbacks, forged and late callbacks, MoMo concluding
 * long-pending payouts, a broker stopped and started, PostgreSQL crashed and restarted). Then the faults stop, the system gets a bounded time to become quiet, and the
 * {@link InvariantChecker} evaluates INV-1..INV-8. Prints every fault injected and every invariant's result; exits 1
 * on any violation. The seed fixes the load and the fault schedule (the timing of the processes is not seeded).
 *
 * <pre>
 * ./mvnw -B -q package -DskipTests
 * ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/soak.cp
 * java -cp target/test-classes:target/classes:$(cat target/soak.cp) dev.momopay.payout.it.ChaosSoak --seed 42 --minutes 5
 * </pre>
 */
public final class ChaosSoak {

    enum Fault {
        KILL_RESTART, PAUSE_RESUME, ACCEPT_THEN_500, ACCEPT_THEN_DROP, ACCEPT_THEN_HANG, UNAVAILABLE_BURST,
        ERROR_RATE, LATENCY, RATE_LIMIT_429, TOKEN_EXPIRY, CONTRADICTORY_CALLBACKS, CALLBACK_BEFORE_RESPONSE,
        FORGED_AND_LATE_CALLBACKS, BAD_INPUT_BURST, MOMO_CONCLUDES_PENDING, BROKER_RESTART, POSTGRES_RESTART
    }

    private final long seed;
    private final Duration length;
    private final double payoutsPerSecond;
    private final Duration quietBound;
    /** Drives the fault schedule only (kind, target, duration, gap), so the schedule repeats for a seed. */
    private final Random random;
    /** Everything else that is random per tick or per fault (bad input, callbacks, conclusions). */
    private final Random other;
    private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
    private final List<String> log = new ArrayList<>();
    private final Instant start = Instant.now();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ChaosSoak(long seed, Duration length, double payoutsPerSecond, Duration quietBound) {
        this.seed = seed;
        this.length = length;
        this.payoutsPerSecond = payoutsPerSecond;
        this.quietBound = quietBound;
        this.random = new Random(seed);
        this.other = new Random(~seed);
    }

    public static void main(String[] args) throws Exception {
        QuietLogs.apply();
        long seed = 1;
        double minutes = 5;
        double rate = 5;
        long quietSeconds = 240;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--quiet-seconds" -> quietSeconds = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: ChaosSoak [--seed N] [--minutes M] [--rate payouts/s] "
                            + "[--quiet-seconds S]");
                    System.exit(2);
                }
            }
        }
        System.setProperty("payout.tests.docker", System.getProperty("payout.tests.docker", "false"));
        boolean ok;
        try {
            ok = new ChaosSoak(seed, Duration.ofMillis((long) (minutes * 60_000)), rate,
                    Duration.ofSeconds(quietSeconds)).run();
        } finally {
            // Stopped here, while the JVM runs normally, not by racing shutdown hooks: a passing soak exits 0.
            SuiteShutdown.stopAll();
        }
        System.exit(ok ? 0 : 1);
    }

    private boolean run() throws Exception {
        say("chaos soak: seed=%d minutes=%.1f rate=%.1f payouts/s", seed, length.toMillis() / 60000.0,
                payoutsPerSecond);
        EmbeddedInfrastructure.start();
        try (MomoSimulator momo = ScenarioWorkers.simulator(Duration.ofMillis(500))) {
            InvariantChecker checker = new InvariantChecker(momo);
            Map<String, String> env = Map.of("PAYOUT_POLL_GIVE_UP_AFTER", "90s", "PAYOUT_SUBMISSION_LEASE", "5s",
                    "PAYOUT_POLL_LEASE", "5s");
            String run = Long.toString(seed) + "-" + Long.toHexString(System.currentTimeMillis() & 0xffffff);
            ScenarioWorkers scenario = new ScenarioWorkers(momo, checker);
            List<WorkerProcess> workers = List.of(scenario.worker("soak-" + run + "-w1", env),
                    scenario.worker("soak-" + run + "-w2", env));
            workers.forEach(WorkerProcess::start);
            MixedLoad load = new MixedLoad(checker, seed, 0.03);
            Instant end = Instant.now().plus(length);
            say("infrastructure and workers up; load and faults start");
            Instant nextFault = Instant.now().plusSeconds(5);
            Instant simFaultEnds = null;
            WorkerProcess paused = null;
            Instant resumeAt = null;
            WorkerProcess killed = null;
            Instant restartAt = null;
            double owed = 0;
            long tick = System.nanoTime();
            while (Instant.now().isBefore(end)) {
                long now = System.nanoTime();
                owed += payoutsPerSecond * (now - tick) / 1e9;
                tick = now;
                if (owed >= 1) {
                    load.payouts((int) owed);
                    owed -= (int) owed;
                }
                if (other.nextInt(40) == 0) {
                    load.badInput(1);
                }
                if (simFaultEnds != null && Instant.now().isAfter(simFaultEnds)) {
                    momo.faults().reset();
                    simFaultEnds = null;
                    say("  sim faults cleared");
                }
                if (paused != null && Instant.now().isAfter(resumeAt)) {
                    paused.resume();
                    say("  resumed a paused worker");
                    paused = null;
                }
                if (killed != null && Instant.now().isAfter(restartAt)) {
                    killed.start();
                    say("  restarted a killed worker");
                    killed = null;
                }
                if (Instant.now().isAfter(nextFault)) {
                    Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
                    Duration duration = Duration.ofMillis(2000 + random.nextInt(10_000));
                    WorkerProcess target = workers.get(random.nextInt(workers.size()));
                    boolean applied = true;
                    boolean simFault = fault.ordinal() >= Fault.ACCEPT_THEN_500.ordinal()
                            && fault.ordinal() <= Fault.CALLBACK_BEFORE_RESPONSE.ordinal();
                    if (simFault) {
                        momo.faults().reset(); // one simulator fault at a time, so the log says what was active
                    }
                    switch (fault) {
                        case KILL_RESTART -> {
                            if (killed != null || paused == target) {
                                applied = false;
                            } else {
                                target.kill();
                                killed = target;
                                restartAt = Instant.now().plus(duration);
                            }
                        }
                        case PAUSE_RESUME -> {
                            if (paused != null || killed == target) {
                                applied = false;
                            } else {
                                target.pause();
                                paused = target;
                                resumeAt = Instant.now().plus(duration);
                            }
                        }
                        case ACCEPT_THEN_500 -> momo.faults().acceptThenFailRate(0.3, AcceptThenFailMode.HTTP_500);
                        case ACCEPT_THEN_DROP -> momo.faults().acceptThenFailRate(0.3, AcceptThenFailMode.DROP);
                        case ACCEPT_THEN_HANG -> momo.faults().acceptThenFailRate(0.2, AcceptThenFailMode.HANG);
                        case UNAVAILABLE_BURST -> momo.faults().unavailableBurst(EndpointClass.POST, 20)
                                .unavailableBurst(EndpointClass.STATUS, 20);
                        case ERROR_RATE -> momo.faults().errorRate(EndpointClass.POST, 0.2, 503)
                                .errorRate(EndpointClass.STATUS, 0.2, 500);
                        case LATENCY -> momo.faults().latency(EndpointClass.POST, Duration.ofMillis(1500),
                                Duration.ofMillis(1500)).latency(EndpointClass.STATUS, Duration.ofMillis(500),
                                Duration.ofMillis(500));
                        case RATE_LIMIT_429 -> momo.faults().statusRateLimit(3);
                        case TOKEN_EXPIRY -> {
                            momo.expireAllTokens();
                            momo.faults().tokenTtlOverride(Duration.ofSeconds(1));
                        }
                        case CONTRADICTORY_CALLBACKS -> momo.faults().contradictoryCallback(true);
                        case CALLBACK_BEFORE_RESPONSE -> momo.faults().callbackBeforeResponse(true);
                        case FORGED_AND_LATE_CALLBACKS -> forgedAndLateCallbacks(momo, workers, killed, paused);
                        case BAD_INPUT_BURST -> load.badInput(20);
                        case MOMO_CONCLUDES_PENDING -> concludePending(momo);
                        case BROKER_RESTART -> { // the load pauses while the broker is down (sends would block)
                            EmbeddedInfrastructure.stopKafkaBroker();
                            Thread.sleep(duration.toMillis());
                            EmbeddedInfrastructure.startKafkaBroker();
                        }
                        case POSTGRES_RESTART -> EmbeddedInfrastructure.restartPostgresImmediately();
                        default -> throw new IllegalStateException();
                    }
                    if (applied) {
                        injected.merge(fault, 1, Integer::sum);
                        if (simFault) {
                            simFaultEnds = Instant.now().plus(duration);
                        }
                        say("inject %-26s %s", fault, fault == Fault.KILL_RESTART || fault == Fault.PAUSE_RESUME
                                ? target.log().getFileName() + " for " + duration.toMillis() + " ms"
                                : simFault || fault == Fault.BROKER_RESTART ? "for " + duration.toMillis() + " ms" : "");
                    }
                    nextFault = Instant.now().plusMillis(4000 + random.nextInt(12_000));
                }
                Thread.sleep(100);
            }
            say("load stops; faults stop; waiting up to %d s for the system to become quiet", quietBound.toSeconds());
            momo.faults().reset();
            if (paused != null) {
                paused.resume();
            }
            if (killed != null) {
                killed.start();
            }
            InvariantChecker.Report report = checker.awaitQuiet(quietBound);
            workers.forEach(WorkerProcess::stop);
            summary(checker, momo, report);
            return report.ok();
        } finally {
            System.out.flush();
        }
    }

    /** Forged callbacks (wrong secret, unknown reference) and replays of genuine ones, to a live worker. */
    private void forgedAndLateCallbacks(MomoSimulator momo, List<WorkerProcess> workers, WorkerProcess killed,
            WorkerProcess paused) {
        WorkerProcess target = workers.stream().filter(w -> w != killed && w != paused).findFirst().orElse(null);
        List<TransactionView> txs = momo.ledger().transactions();
        if (target == null || txs.isEmpty()) {
            return;
        }
        for (int i = 0; i < 10; i++) {
            TransactionView tx = txs.get(other.nextInt(txs.size()));
            String url = tx.callbackUrl();
            String base = target.baseUrl() + "/callbacks/momo/";
            List<String> urls = new ArrayList<>(List.of(base + tx.referenceId() + "/forged",
                    base + UUID.randomUUID() + "/" + UUID.randomUUID(), base + "not-a-uuid/x"));
            if (url != null) {
                urls.add(url); // a late or duplicate genuine callback (the worker that posted it may be down)
            }
            for (String u : urls) {
                try {
                    http.send(HttpRequest.newBuilder(URI.create(u)).timeout(Duration.ofSeconds(2))
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"SUCCESSFUL\"}")).build(),
                            HttpResponse.BodyHandlers.discarding());
                } catch (Exception e) {
                    // A callback to a dead or paused worker fails, as MoMo's would.
                }
            }
        }
    }

    /** MoMo finally concludes a few payouts that stayed PENDING (some of them UNRESOLVED at the worker by now). */
    private void concludePending(MomoSimulator momo) {
        List<TransactionView> pending = momo.ledger().transactions().stream().filter(t -> !t.isFinal()).toList();
        for (int i = 0; i < Math.min(3, pending.size()); i++) {
            TransactionView tx = pending.get(other.nextInt(pending.size()));
            if (!momo.ledger().transaction(tx.referenceId()).orElseThrow().isFinal()) {
                momo.completeNow(tx.referenceId(), other.nextBoolean() ? "SUCCESSFUL" : "FAILED", "EXPIRED");
            }
        }
    }

    private void summary(InvariantChecker checker, MomoSimulator momo, InvariantChecker.Report report) {
        long valid = checker.references().size();
        say("=== chaos soak summary (seed %d, %.1f min of load, %d s total) ===", seed, length.toMillis() / 60000.0,
                Duration.between(start, Instant.now()).toSeconds());
        say("records sent: %d (distinct valid references %d)", checker.sent().size(), valid);
        say("payout status counts: %s", checker.statusCounts());
        say("MoMo ledger: %s", momo.ledger().totals());
        say("faults injected: %s", injected);
        say("invariants:%n%s", report);
        say("RESULT: %s", report.ok() ? "PASS (no invariant violated)" : "FAIL (invariant violated)");
    }

    private void say(String format, Object... args) {
        String line = String.format("[%6.1fs] ", Duration.between(start, Instant.now()).toMillis() / 1000.0)
                + String.format(format, args);
        log.add(line);
        System.out.println(line);
    }
}
