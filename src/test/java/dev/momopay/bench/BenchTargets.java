package dev.momopay.bench;

import java.util.List;
import java.util.Optional;

/** The targets, decided from one run's measurements, and the headline ratios to same-run baselines. */
final class BenchTargets {

    /** The simulator's own time to a final status in the latency phase: it answers and concludes at once. */
    static final double SIMULATOR_TIME_TO_FINAL_MILLIS = 0;

    private BenchTargets() {
    }

    static void evaluate(BenchResults r, BenchOptions options) {
        double pgbench = median(r.pgbench.stream().mapToDouble(PgbenchBaseline.Result::payoutsPerSecond).toArray());
        double kafkaProduce = median(r.kafkaProducer.stream().filter(p -> p.offeredRate() < 0)
                .mapToDouble(KafkaPerfBaseline.ProducerResult::recordsPerSecond).toArray());
        double kafkaPacedP99 = median(r.kafkaProducer.stream().filter(p -> p.offeredRate() > 0)
                .mapToDouble(KafkaPerfBaseline.ProducerResult::p99Millis).toArray());

        r.headline.put("sustained payouts/s (zero latency, synchronous commit)", fmt(r.zeroLatencyThroughput));
        r.headline.put("pgbench lifecycle payouts/s (median of " + r.pgbench.size() + ")", fmt(pgbench));
        r.headline.put("worker / pgbench lifecycle", ratio(r.zeroLatencyThroughput, pgbench));
        r.headline.put("payouts/s at 200 ms latency", fmt(r.highLatencyThroughput));
        r.headline.put("200 ms / zero latency throughput", ratio(r.highLatencyThroughput, r.zeroLatencyThroughput));
        r.headline.put("kafka producer records/s (median)", fmt(kafkaProduce));
        r.headline.put("worker payouts/s / kafka records/s", ratio(r.zeroLatencyThroughput, kafkaProduce));

        if (pgbench > 0) {
            r.targets.add(new BenchResults.Target("throughput vs pgbench lifecycle ceiling", ">= 1.0x",
                    String.format("%.0f / %.0f = %.2fx", r.zeroLatencyThroughput, pgbench,
                            r.zeroLatencyThroughput / pgbench), r.zeroLatencyThroughput >= pgbench));
        } else {
            r.targets.add(new BenchResults.Target("throughput vs pgbench lifecycle ceiling", ">= 1.0x",
                    "no pgbench on this machine", false));
        }
        r.targets.add(new BenchResults.Target("throughput at 200 ms latency", ">= 0.9x zero latency",
                String.format("%.0f / %.0f = %.2fx", r.highLatencyThroughput, r.zeroLatencyThroughput,
                        r.highLatencyThroughput / r.zeroLatencyThroughput),
                r.highLatencyThroughput >= 0.9 * r.zeroLatencyThroughput));
        Optional<BenchResults.StepSummary> half = last(r.steps("half-rate-callbacks"));
        half.ifPresent(s -> {
            double over = s.p99() - SIMULATOR_TIME_TO_FINAL_MILLIS;
            r.headline.put("p99 at half rate, callbacks (ms)", fmt1(s.p99()));
            r.headline.put("p99 at half rate / kafka paced produce p99", ratio(s.p99(), kafkaPacedP99));
            r.targets.add(new BenchResults.Target("p99 at half the sustained rate, callbacks on",
                    "<= simulator's time + 100 ms", String.format("%.1f ms (simulator %.0f ms, %.0f/s)", s.p99(),
                            SIMULATOR_TIME_TO_FINAL_MILLIS, s.offeredRate()), over <= 100));
            r.targets.add(new BenchResults.Target("status GETs per payout, callbacks", "<= 1.1",
                    String.format("%.3f", s.statusGetsPerPayout()), s.statusGetsPerPayout() <= 1.1));
        });
        last(r.steps("no-callbacks")).ifPresent(s -> r.targets.add(new BenchResults.Target(
                "status GETs per payout, no callbacks", "<= 3", String.format("%.3f", s.statusGetsPerPayout()),
                s.statusGetsPerPayout() <= 3)));
        r.targets.add(new BenchResults.Target("worker resident memory at peak", "<= 512 MiB",
                String.format("%.0f MiB", r.peakResidentMiB), r.peakResidentMiB <= 512));
        if (!r.dueWorkSmallTable.isEmpty() && r.dueWorkSmallTable.size() == r.dueWorkLargeTable.size()) {
            double worst = 0;
            StringBuilder measured = new StringBuilder();
            for (int i = 0; i < r.dueWorkSmallTable.size(); i++) {
                DueWorkScaling.QueryCost small = r.dueWorkSmallTable.get(i);
                DueWorkScaling.QueryCost large = r.dueWorkLargeTable.get(i);
                double ratio = large.medianMicros() / small.medianMicros();
                worst = Math.max(worst, ratio);
                measured.append(String.format("%s%s %.0f -> %.0f us (%.2fx)", i == 0 ? "" : "; ", small.query(),
                        small.medianMicros(), large.medianMicros(), ratio));
            }
            r.targets.add(new BenchResults.Target("finding due work with " + String.format("%,d", r.finishedRowsInTable)
                    + " rows", "within 20%", measured.toString(), worst <= 1.2));
        }
        last(r.steps("sustained-large-table")).ifPresent(s -> r.headline.put(
                "payouts/s with the large table / without", ratio(s.achievedRate(), r.zeroLatencyThroughput)));
        if (r.backlog != null) {
            double ratio = r.backlog.drainRate() / r.backlog.configuredStatusRate();
            r.headline.put("backlog drain rate / configured status limit", fmt2(ratio));
            r.targets.add(new BenchResults.Target(String.format("backlog of %,d drains at the status limit",
                    r.backlog.payouts()), "within 10% of " + fmt(r.backlog.configuredStatusRate()) + "/s",
                    String.format("%.0f/s (%.2fx) in %.1f s", r.backlog.drainRate(), ratio,
                            r.backlog.secondsToDrain()), Math.abs(ratio - 1) <= 0.1));
        }
        last(r.steps("sustained")).ifPresent(s -> {
            r.targets.add(new BenchResults.Target("PostgreSQL CPU per payout at the sustained rate", "<= 1.0 ms",
                    String.format("%.2f ms", s.postgresCpuMillisPerPayout()), s.postgresCpuMillisPerPayout() <= 1.0));
            r.targets.add(new BenchResults.Target("worker CPU per payout at the sustained rate", "<= 0.8 ms",
                    String.format("%.2f ms", s.workerCpuMillisPerPayout()), s.workerCpuMillisPerPayout() <= 0.8));
        });
        last(r.databaseCost).ifPresentOrElse(c -> r.targets.add(new BenchResults.Target(
                "statements, commits and WAL per payout", "measured and reported",
                String.format("%.1f statements, %.2f commits, %,.0f WAL bytes", c.statementsPerPayout(),
                        c.commitsPerPayout(), c.walBytesPerPayout()), true)),
                () -> r.targets.add(new BenchResults.Target("statements, commits and WAL per payout",
                        "measured and reported", "pg_stat_statements not available", false)));
        if (r.idle != null) {
            r.headline.put("idle worker CPU (% of a core)", String.format("%.2f", r.idle.workerCoreShare() * 100));
            r.targets.add(new BenchResults.Target("idle worker CPU", "<= 1% of a core",
                    String.format("%.2f%%", r.idle.workerCoreShare() * 100), r.idle.workerCoreShare() <= 0.01));
        }
        r.targets.add(new BenchResults.Target("invariants INV-1..INV-8 over the whole run", "all hold",
                r.invariantsOk ? "all OK" : "VIOLATED", r.invariantsOk));
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static <T> Optional<T> last(List<T> list) {
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    private static String ratio(double a, double b) {
        return b <= 0 ? "n/a" : String.format("%.2fx", a / b);
    }

    private static String fmt(double v) {
        return String.format("%,.0f", v);
    }

    private static String fmt1(double v) {
        return String.format("%.1f", v);
    }

    private static String fmt2(double v) {
        return String.format("%.2fx", v);
    }
}
