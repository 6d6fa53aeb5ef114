package dev.momopay.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's knobs, from {@code -Dbench.args="..."}: words {@code quick} (a short smoke run) and {@code publish}
 * (also copy the report to docs/benchmark/), {@code load-only} (warm-up and one step per rate, for profiling; no
 * baselines, no report), and {@code key=value} pairs: {@code rates=200,400,...},
 * {@code step=20} (seconds per knee step), {@code sustained=60}, {@code backlog=100000},
 * {@code status-rate=500} (the backlog's status GET limit per second), {@code finished=1000000}.
 */
record BenchOptions(boolean quick, boolean publish, boolean loadOnly, List<Double> rates, Duration step, Duration sustained,
        Duration warmup, double warmupRate, Duration drain, double sloMillis, int backlog, double backlogStatusRate,
        long finishedRows, int querySamples, int pgbenchClients, Duration pgbenchLength, long kafkaRecords,
        long kafkaPacedRecords, double kafkaPacedRate) {

    static BenchOptions parse(String text) {
        List<String> words = Arrays.stream(text == null ? new String[0] : text.trim().split("\\s+"))
                .filter(w -> !w.isBlank()).toList();
        boolean quick = words.contains("quick");
        BenchOptions o = quick
                ? new BenchOptions(true, false, false, List.of(100.0, 200.0, 400.0), Duration.ofSeconds(8),
                        Duration.ofSeconds(10), Duration.ofSeconds(10), 100, Duration.ofSeconds(30), 1000, 10_000,
                        500, 100_000, 100, 8, Duration.ofSeconds(5), 50_000, 5_000, 1000)
                : new BenchOptions(false, false, false, List.of(100.0, 150.0, 200.0, 250.0, 300.0, 400.0, 500.0,
                        700.0, 1000.0, 1500.0, 2000.0), Duration.ofSeconds(20), Duration.ofSeconds(60),
                        Duration.ofSeconds(30), 100, Duration.ofSeconds(30), 1000, 100_000, 500, 1_000_000, 300, 8,
                        Duration.ofSeconds(15), 200_000, 15_000, 1000);
        for (String w : words) {
            if (w.equals("quick")) {
                continue;
            }
            if (w.equals("publish")) {
                o = o.with(true, o.loadOnly());
                continue;
            }
            if (w.equals("load-only")) {
                o = o.with(o.publish(), true);
                continue;
            }
            String[] kv = w.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("unknown benchmark option '" + w + "'; see BenchOptions");
            }
            o = o.with(kv[0], kv[1]);
        }
        return o;
    }

    private BenchOptions with(boolean publishReport, boolean onlyLoad) {
        return new BenchOptions(quick, publishReport, onlyLoad, rates, step, sustained, warmup, warmupRate, drain, sloMillis,
                backlog, backlogStatusRate, finishedRows, querySamples, pgbenchClients, pgbenchLength, kafkaRecords,
                kafkaPacedRecords, kafkaPacedRate);
    }

    private BenchOptions with(String key, String value) {
        List<Double> r = rates;
        Duration st = step;
        Duration su = sustained;
        int b = backlog;
        double sr = backlogStatusRate;
        long f = finishedRows;
        switch (key) {
            case "rates" -> r = Arrays.stream(value.split(",")).map(Double::parseDouble).toList();
            case "step" -> st = Duration.ofSeconds(Long.parseLong(value));
            case "sustained" -> su = Duration.ofSeconds(Long.parseLong(value));
            case "backlog" -> b = Integer.parseInt(value);
            case "status-rate" -> sr = Double.parseDouble(value);
            case "finished" -> f = Long.parseLong(value);
            default -> throw new IllegalArgumentException("unknown benchmark option '" + key + "'; see BenchOptions");
        }
        return new BenchOptions(quick, publish, loadOnly, r, st, su, warmup, warmupRate, drain, sloMillis, b, sr, f,
                querySamples, pgbenchClients, pgbenchLength, kafkaRecords, kafkaPacedRecords, kafkaPacedRate);
    }
}
