package dev.momopay.bench;

import dev.momopay.payout.testsupport.InvariantChecker;
import dev.momopay.payout.testsupport.QuietLogs;
import dev.momopay.payout.testsupport.WorkerProcess;
import dev.momopay.simulator.ledger.Ledger;
import dev.momopay.simulator.ledger.Totals;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark command ({@code ./mvnw -B -Pbench package}, docs/benchmark.md). In one run, on one machine:
 * <ol>
 * <li>same-run baselines: pgbench with the worker's transaction shapes, Kafka's producer and consumer perf tools
 * (repeated before, between and after the worker's phases, because a shared 2-core machine drifts);</li>
 * <li>the knee: open-loop steps of rising offered rate with a zero-latency simulator until one is not sustained,
 * then a longer run at the highest sustained rate;</li>
 * <li>the same rate with 200 ms of simulator latency on every call;</li>
 * <li>latency at half the sustained rate with callbacks, and status GETs per payout with and without callbacks;</li>
 * <li>the cost of finding due work before and after a million finished payouts, and a 100,000-payout backlog drained
 * under the configured status rate limit;</li>
 * <li>the invariant checker over every command of the run: a fast run that pays twice is a failed run.</li>
 * </ol>
 * Writes report.md, results.json and PNG charts to target/benchmark/&lt;time&gt;/ (and target/benchmark/latest/),
 * prints the headline ratios, and exits 1 when an invariant is violated.
 */
public final class PayoutBenchmark {

    private final BenchOptions options;
    private final BenchResults results = new BenchResults();
    private final Instant started = Instant.now();
    private DatabaseCost cost;

    private PayoutBenchmark(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        QuietLogs.apply();
        BenchOptions options = BenchOptions.parse(System.getProperty("bench.args", String.join(" ", args)));
        boolean ok = new PayoutBenchmark(options).run();
        System.exit(ok ? 0 : 1);
    }

    private boolean run() throws Exception {
        say("benchmark (%s): %s", options.quick() ? "quick" : "full", options);
        environment();
        try (BenchStack stack = BenchStack.start()) {
            say("stack up: PostgreSQL %s, Kafka %s, simulator %s", stack.jdbcUrl(), stack.bootstrapServers(),
                    stack.momo.baseUrl());
            DueWorkScaling scaling = new DueWorkScaling(stack.jdbcUrl(), stack.user(), stack.password());
            Optional<PgbenchBaseline> pgbench = PgbenchBaseline.prepare(stack.jdbcUrl(), stack.user(),
                    stack.password());
            if (pgbench.isEmpty()) {
                results.notes.add("pgbench was not found (PATH, /usr/lib/postgresql/*/bin): no database baseline.");
            } else {
                results.environment.put("pgbench", PgbenchBaseline.describe(pgbench.get().binary()));
            }
            KafkaPerfBaseline kafka = new KafkaPerfBaseline(stack.bootstrapServers());
            DatabaseCost statistics = new DatabaseCost(stack.jdbcUrl(), stack.user(), stack.password());
            cost = statistics.install() ? statistics : null;
            stack.startWorker(Map.of());
            // The due-work probe on a table that holds (almost) nothing else, before any load.
            scaling.insertProbeRows();
            results.tableRowsAtSmallMeasurement = scaling.rows();
            results.dueWorkSmallTable.addAll(scaling.measure(options.querySamples()));
            say("due-work queries on %,d rows: %s", results.tableRowsAtSmallMeasurement, results.dueWorkSmallTable);

            if (!options.loadOnly()) {
                baselines("A", pgbench, kafka);
            }
            try (OpenLoopLoad load = new OpenLoopLoad(stack.bootstrapServers(), stack.checker)) {
                say("warm-up: %.0f payouts/s for %d s", options.warmupRate(), options.warmup().toSeconds());
                load.run("warm-up", options.warmupRate(), options.warmup(), Duration.ofSeconds(60));
                if (options.loadOnly()) {
                    for (double rate : options.rates()) {
                        step(stack, load, "load-only", rate, options.sustained());
                    }
                    return true;
                }
                knee(stack, load);
                baselines("B", pgbench, kafka);
                highLatency(stack, load);
                halfRateAndPolling(stack, load);
                millionFinished(stack, load, scaling);
                idle(stack);
            }
            backlog(stack, scaling);
            baselines("C", pgbench, kafka);
            results.peakResidentMiB = stack.peakResidentMiB();
            invariants(stack);
            stack.stopWorker();
            results.peakResidentMiB = Math.max(results.peakResidentMiB, stack.peakResidentMiB());
        }
        BenchTargets.evaluate(results, options);
        Path folder = new BenchReport(results, options, started).write();
        say("report: %s", folder.resolve("report.md").toAbsolutePath());
        printHeadline();
        return results.invariantsOk;
    }

    // ------------------------------------------------------------------------------------------------- phases

    private void knee(BenchStack stack, OpenLoopLoad load) {
        double lastGood = 0;
        double firstBad = 0;
        for (double rate : options.rates()) {
            BenchResults.StepSummary step = step(stack, load, "knee", rate, options.step());
            if (step.sustainable()) {
                lastGood = rate;
            } else {
                firstBad = rate;
                break;
            }
        }
        if (firstBad > 0 && lastGood > 0 && firstBad - lastGood > 0.1 * lastGood) {
            double middle = Math.round((lastGood + firstBad) / 2 / 10) * 10.0;
            if (step(stack, load, "knee", middle, options.step()).sustainable()) {
                lastGood = middle;
            }
        }
        if (lastGood == 0) {
            lastGood = options.rates().get(0);
            results.notes.add("Not even the lowest offered rate was sustained; the sustained run uses it anyway.");
        }
        results.sustainableRate = lastGood;
        say("highest sustained offered rate: %.0f payouts/s; confirming for %d s", lastGood,
                options.sustained().toSeconds());
        DatabaseCost.Snapshot before = cost == null ? null : cost.start();
        BenchResults.StepSummary sustained = step(stack, load, "sustained", lastGood, options.sustained());
        results.zeroLatencyThroughput = sustained.achievedRate();
        if (cost != null) {
            DatabaseCost.Result perPayout = cost.since(before, "sustained", sustained.outcomes());
            results.databaseCost.add(perPayout);
            say("  PostgreSQL per payout: %.1f statements, %.2f commits, %.0f WAL bytes (%.1f records, %.2f full pages)",
                    perPayout.statementsPerPayout(), perPayout.commitsPerPayout(), perPayout.walBytesPerPayout(),
                    perPayout.walRecordsPerPayout(), perPayout.fullPagesPerPayout());
        }
    }

    private void highLatency(BenchStack stack, OpenLoopLoad load) {
        stack.momo.faults().latency(Duration.ofMillis(200), Duration.ZERO);
        try {
            say("200 ms simulator latency on every call, %.0f payouts/s offered", results.sustainableRate);
            // Warm the worker's connection pool up to the concurrency 200 ms needs before measuring.
            load.run("warm-up 200 ms", results.sustainableRate / 2, Duration.ofSeconds(10), Duration.ofSeconds(60));
            BenchResults.StepSummary step = step(stack, load, "latency-200ms", results.sustainableRate,
                    options.sustained());
            results.highLatencyThroughput = step.achievedRate();
        } finally {
            stack.momo.faults().latency(Duration.ZERO, Duration.ZERO);
        }
    }

    private void halfRateAndPolling(BenchStack stack, OpenLoopLoad load) {
        double half = Math.max(1, Math.round(results.sustainableRate / 2));
        say("half the sustained rate (%.0f payouts/s) with callbacks", half);
        step(stack, load, "half-rate-callbacks", half, options.sustained());
        stack.momo.faults().dropCallbacks(true);
        try {
            double pollRate = Math.min(half, 100);
            say("no callbacks (polling only, production poll delays), %.0f payouts/s", pollRate);
            step(stack, load, "no-callbacks", pollRate, options.step());
        } finally {
            stack.momo.faults().dropCallbacks(false);
        }
    }

    private void millionFinished(BenchStack stack, OpenLoopLoad load, DueWorkScaling scaling) throws Exception {
        say("adding %,d finished payouts to the table", options.finishedRows());
        long t0 = System.nanoTime();
        scaling.insertFinished(options.finishedRows(), "default");
        results.finishedRowsInTable = scaling.rows();
        say("  done in %.1f s; the table holds %,d rows", (System.nanoTime() - t0) / 1e9,
                results.finishedRowsInTable);
        results.dueWorkLargeTable.addAll(scaling.measure(options.querySamples()));
        say("due-work queries on %,d rows: %s", results.finishedRowsInTable, results.dueWorkLargeTable);
        step(stack, load, "sustained-large-table", results.sustainableRate, options.step());
    }

    /** The worker with nothing to do (everything of the steps concluded and published): its own cost. */
    private void idle(BenchStack stack) {
        Duration length = options.sustained();
        say("idle: the worker with nothing to do for %d s", length.toSeconds());
        WorkerProcess worker = stack.worker();
        DatabaseCost.Snapshot before = cost == null ? null : cost.start();
        double cpuBefore = ProcessStats.cpuSeconds(worker.pid());
        Map<String, Double> threadsBefore = ProcessStats.cpuSecondsByThread(worker.pid());
        long t0 = System.nanoTime();
        long end = System.nanoTime() + length.toNanos();
        while (System.nanoTime() < end) {
            LockSupport.parkNanos(end - System.nanoTime());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double share = (ProcessStats.cpuSeconds(worker.pid()) - cpuBefore) / seconds;
        Map<String, Double> byThread = new TreeMap<>();
        ProcessStats.cpuSecondsByThread(worker.pid()).forEach((name, cpu) -> {
            double used = cpu - threadsBefore.getOrDefault(name, 0.0);
            if (used > 0) {
                byThread.put(name, used / seconds);
            }
        });
        DatabaseCost.Result perSecond = cost == null ? null : cost.perSecond(before, "idle");
        results.idle = new BenchResults.IdleCost(seconds, share, perSecond, byThread);
        say("  worker CPU %.2f%% of a core%s", share * 100, perSecond == null ? "" : String.format(
                "; PostgreSQL asked %.1f statements/s, %.2f commits/s", perSecond.statementsPerPayout(),
                perSecond.commitsPerPayout()));
    }

    private void backlog(BenchStack stack, DueWorkScaling scaling) throws Exception {
        stack.stopWorker();
        int count = options.backlog();
        double rate = options.backlogStatusRate();
        say("seeding a backlog of %,d SUBMITTED payouts (MoMo has concluded them)", count);
        scaling.seedSubmittedBacklog(count, "default", stack.momo);
        say("starting a worker with a status rate limit of %.0f GET/s", rate);
        stack.startWorker(Map.of("PAYOUT_STATUS_RATE_LIMIT", Long.toString(Math.round(rate))));
        List<double[]> curve = new ArrayList<>();
        long start = System.nanoTime();
        long firstDrop = 0;
        long last = 0;
        long bound = TimeUnit.SECONDS.toNanos((long) (count / rate * 3) + 120);
        long remaining = count;
        while (remaining > 0 && System.nanoTime() - start < bound) {
            remaining = scaling.unfinished("default");
            long now = System.nanoTime();
            curve.add(new double[] {(now - start) / 1e9, remaining});
            if (firstDrop == 0 && remaining < count) {
                firstDrop = now;
            }
            last = now;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        }
        double seconds = firstDrop == 0 ? Double.NaN : (last - firstDrop) / 1e9;
        double drainRate = remaining > 0 || firstDrop == 0 ? (count - remaining) / ((last - start) / 1e9)
                : count / seconds;
        results.backlog = new BenchResults.BacklogDrain(count, rate, seconds, drainRate, curve);
        say("backlog: %,d payouts, %.1f s from the first to the last conclusion -> %.0f payouts/s "
                + "(limit %.0f/s)%s", count, seconds, drainRate, rate, remaining > 0 ? ", NOT DRAINED: "
                + remaining + " left" : "");
    }

    private void invariants(BenchStack stack) {
        say("invariant checker over %,d commands...", stack.checker.sent().size());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        InvariantChecker.Report report = stack.checker.check();
        while (!report.ok() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
            report = stack.checker.check();
        }
        for (InvariantChecker.Result r : report.results()) {
            results.invariants.add(new BenchResults.Invariant(r.invariant(), r.ok(), r.checked(),
                    r.violations().stream().limit(5).toList()));
            say("  %s %s (%,d checked)%s", r.invariant(), r.ok() ? "OK" : "VIOLATED", r.checked(),
                    r.ok() ? "" : ": " + r.violations().stream().limit(3).toList());
        }
        results.invariantsOk = report.ok();
    }

    private void baselines(String round, Optional<PgbenchBaseline> pgbench, KafkaPerfBaseline kafka)
            throws Exception {
        if (pgbench.isPresent()) {
            PgbenchBaseline.Result r = pgbench.get().run(options.pgbenchClients(), options.pgbenchLength());
            results.pgbench.add(r);
            say("baseline %s: pgbench lifecycle %.0f payouts/s (%d clients, %.2f ms per payout)", round,
                    r.payoutsPerSecond(), r.clients(), r.latencyAverageMillis());
        }
        String topic = kafka.newTopic("bench-perf-" + round.toLowerCase() + "-" + UUID.randomUUID());
        KafkaPerfBaseline.ProducerResult max = kafka.produce(topic, options.kafkaRecords(), -1);
        KafkaPerfBaseline.ProducerResult paced = kafka.produce(topic, options.kafkaPacedRecords(),
                options.kafkaPacedRate());
        KafkaPerfBaseline.ConsumerResult consumed = kafka.consume(topic, options.kafkaRecords());
        results.kafkaProducer.add(max);
        results.kafkaProducer.add(paced);
        results.kafkaConsumer.add(consumed);
        say("baseline %s: kafka produce %.0f rec/s (p99 %.0f ms), paced %.0f/s p99 %.0f ms; consume %.0f rec/s", round,
                max.recordsPerSecond(), max.p99Millis(), paced.offeredRate(), paced.p99Millis(),
                consumed.recordsPerSecond());
    }

    // ------------------------------------------------------------------------------------------------ one step

    private BenchResults.StepSummary step(BenchStack stack, OpenLoopLoad load, String phase, double rate,
            Duration length) {
        WorkerProcess worker = stack.worker();
        double cpuBefore = ProcessStats.cpuSeconds(worker.pid());
        long[] ticksBefore = ProcessStats.machineTicks();
        double[] othersBefore = ProcessStats.ownAndPostgresCpuSeconds();
        Totals totalsBefore = stack.momo.ledger().totals();
        OpenLoopLoad.Step step = load.run(phase + " " + Math.round(rate) + "/s", rate, length, options.drain());
        double cpu = ProcessStats.cpuSeconds(worker.pid()) - cpuBefore;
        double busy = ProcessStats.utilisation(ticksBefore, ProcessStats.machineTicks());
        Totals totalsAfter = stack.momo.ledger().totals();
        double[] othersAfter = ProcessStats.ownAndPostgresCpuSeconds();
        long warm = Math.min(5_000, length.toMillis() / 4);
        double achieved = load.outcomeRate(step.startMillis + warm, step.endMillis);
        Ledger ledger = stack.momo.ledger();
        long gets = 0;
        long posts = 0;
        List<UUID> references;
        synchronized (step.references) {
            references = List.copyOf(step.references);
        }
        for (UUID reference : references) {
            gets += ledger.statusGets(reference);
            posts += ledger.postAttempts(reference);
        }
        long outcomes = step.outcomes.get();
        double p50;
        double p90;
        double p99;
        double p999;
        double max;
        synchronized (step.latencyMicros) {
            p50 = step.latencyMicros.getValueAtPercentile(50) / 1000.0;
            p90 = step.latencyMicros.getValueAtPercentile(90) / 1000.0;
            p99 = step.latencyMicros.getValueAtPercentile(99) / 1000.0;
            p999 = step.latencyMicros.getValueAtPercentile(99.9) / 1000.0;
            max = step.latencyMicros.getMaxValue() / 1000.0;
        }
        boolean drained = step.pending() == 0;
        boolean sustainable = drained && achieved >= 0.95 * rate && p99 <= options.sloMillis();
        Map<String, Long> statuses = new TreeMap<>();
        step.statuses.forEach((k, v) -> statuses.put(k, v.get()));
        BenchResults.StepSummary summary = new BenchResults.StepSummary(phase, step.label, rate, step.sent.get(),
                outcomes, achieved, p50, p90, p99, p999, max, drained, sustainable,
                outcomes == 0 ? 0 : gets / (double) outcomes, outcomes == 0 ? 0 : posts / (double) outcomes,
                outcomes == 0 ? 0 : cpu * 1000 / outcomes,
                outcomes == 0 ? 0 : (othersAfter[0] - othersBefore[0]) * 1000 / outcomes,
                outcomes == 0 ? 0 : (othersAfter[1] - othersBefore[1]) * 1000 / outcomes, busy, ProcessStats.loadAverage(),
                step.maxSendLagMicros / 1000.0, totalsAfter.callbacksAttempted() - totalsBefore.callbacksAttempted(),
                totalsAfter.callbacksDelivered() - totalsBefore.callbacksDelivered(), statuses);
        results.steps.add(summary);
        say("  %-28s offered %6.0f/s achieved %6.0f/s  p50 %6.1f p99 %7.1f p99.9 %7.1f max %7.1f ms  GET/payout %.2f"
                + "  callbacks %d/%d  CPU ms/payout worker %.2f harness %.2f postgres %.2f  machine %3.0f%%  %s", step.label,
                rate, achieved, p50, p99, p999, max, summary.statusGetsPerPayout(), summary.callbacksDelivered(),
                summary.callbacksAttempted(), summary.workerCpuMillisPerPayout(), summary.harnessCpuMillisPerPayout(),
                summary.postgresCpuMillisPerPayout(), busy * 100,
                sustainable ? "sustained" : drained ? "NOT sustained" : "NOT sustained (" + step.pending()
                        + " outcomes missing)");
        return summary;
    }

    // ----------------------------------------------------------------------------------------------- verdicts

    private void printHeadline() {
        System.out.println();
        System.out.println("HEADLINE");
        results.headline.forEach((k, v) -> System.out.printf("  %-58s %s%n", k, v));
        System.out.println("TARGETS");
        for (BenchResults.Target t : results.targets) {
            System.out.printf("  [%s] %-52s %-26s measured %s%n", t.met() ? "met" : "NOT MET", t.name(), t.goal(),
                    t.measured());
        }
        System.out.printf("INVARIANTS: %s%n", results.invariantsOk ? "all OK" : "VIOLATED");
    }

    private void environment() {
        results.environment.put("started", started.toString());
        results.environment.put("cores", ProcessStats.cores());
        results.environment.put("load average at start", ProcessStats.loadAverage());
        results.environment.put("java", System.getProperty("java.version"));
        results.environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        results.environment.put("worker heap", "-Xmx384m");
    }

    static void say(String format, Object... args) {
        System.out.printf("[bench %s] %s%n", Instant.now().toString().substring(11, 19), String.format(format, args));
        System.out.flush();
    }
}
