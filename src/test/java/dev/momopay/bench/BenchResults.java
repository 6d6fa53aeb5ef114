package dev.momopay.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one benchmark run measured; rendered by {@link BenchReport} as Markdown, JSON and charts. */
final class BenchResults {

    /** One step of fixed offered load. Latencies in milliseconds, from the planned send time to the outcome event. */
    record StepSummary(String phase, String label, double offeredRate, long sent, long outcomes, double achievedRate,
            double p50, double p90, double p99, double p999, double max, boolean drained, boolean sustainable,
            double statusGetsPerPayout, double postsPerPayout, double workerCpuMillisPerPayout,
            double harnessCpuMillisPerPayout, double postgresCpuMillisPerPayout,
            double machineBusyShare, double loadAverage, double maxSendLagMillis, long callbacksAttempted,
            long callbacksDelivered, Map<String, Long> statuses) {
    }

    /** One target of the issue, with the measurement that decides it. */
    record Target(String name, String goal, String measured, boolean met) {
    }

    /** A backlog drained by status checks after a restart. */
    record BacklogDrain(int payouts, double configuredStatusRate, double secondsToDrain, double drainRate,
            List<double[]> remainingOverTime) {
    }

    record Invariant(String name, boolean ok, int checked, List<String> firstViolations) {
    }

    record Optimisation(String change, String before, String after) {
    }

    /** A worker with nothing to do for {@code seconds}: its CPU as a share of one core, and what it asks of PostgreSQL. */
    record IdleCost(double seconds, double workerCoreShare, DatabaseCost.Result perSecond,
            Map<String, Double> coreShareByThread) {
    }

    final Map<String, Object> environment = new LinkedHashMap<>();
    final List<StepSummary> steps = new ArrayList<>();
    final List<PgbenchBaseline.Result> pgbench = new ArrayList<>();
    final List<KafkaPerfBaseline.ProducerResult> kafkaProducer = new ArrayList<>();
    final List<KafkaPerfBaseline.ConsumerResult> kafkaConsumer = new ArrayList<>();
    final List<DueWorkScaling.QueryCost> dueWorkSmallTable = new ArrayList<>();
    final List<DueWorkScaling.QueryCost> dueWorkLargeTable = new ArrayList<>();
    final Map<String, Object> headline = new LinkedHashMap<>();
    final List<Target> targets = new ArrayList<>();
    final List<Invariant> invariants = new ArrayList<>();
    final List<Optimisation> optimisations = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    /** What PostgreSQL was asked per payout in the sustained run (empty without pg_stat_statements). */
    final List<DatabaseCost.Result> databaseCost = new ArrayList<>();
    /** A worker with nothing to do; its database figures are per second, not per payout. */
    IdleCost idle;
    BacklogDrain backlog;
    long finishedRowsInTable;
    long tableRowsAtSmallMeasurement;
    double peakResidentMiB;
    double sustainableRate;
    double zeroLatencyThroughput;
    double highLatencyThroughput;
    boolean invariantsOk;

    List<StepSummary> steps(String phase) {
        return steps.stream().filter(s -> s.phase().equals(phase)).toList();
    }
}
