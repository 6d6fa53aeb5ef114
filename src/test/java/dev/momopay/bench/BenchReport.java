package dev.momopay.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Writes one run's report.md, results.json and PNG charts into target/benchmark/&lt;time&gt;/ and latest/. */
final class BenchReport {

    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final BenchResults r;
    private final BenchOptions options;
    private final Instant started;

    BenchReport(BenchResults results, BenchOptions options, Instant started) {
        this.r = results;
        this.options = options;
        this.started = started;
    }

    Path write() throws IOException {
        Path folder = Path.of("target", "benchmark", FOLDER.format(started));
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("results.json"), json(), StandardCharsets.UTF_8);
        throughputChart(folder.resolve("throughput.png"));
        latencyChart(folder.resolve("latency.png"));
        if (r.backlog != null) {
            backlogChart(folder.resolve("backlog.png"));
        }
        Files.writeString(folder.resolve("report.md"), markdown(), StandardCharsets.UTF_8);
        copyAll(folder, Path.of("target", "benchmark", "latest"));
        if (options.publish()) {
            copyAll(folder, Path.of("docs", "benchmark"));
        }
        return folder;
    }

    // ------------------------------------------------------------------------------------------------- JSON

    private String json() throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("environment", r.environment);
        root.put("options", options);
        root.put("headline", r.headline);
        root.put("targets", r.targets);
        root.put("steps", r.steps);
        Map<String, Object> baselines = new LinkedHashMap<>();
        baselines.put("pgbenchLifecycle", r.pgbench);
        baselines.put("kafkaProducer", r.kafkaProducer);
        baselines.put("kafkaConsumer", r.kafkaConsumer);
        root.put("baselines", baselines);
        Map<String, Object> dueWork = new LinkedHashMap<>();
        dueWork.put("smallTableRows", r.tableRowsAtSmallMeasurement);
        dueWork.put("smallTable", r.dueWorkSmallTable);
        dueWork.put("largeTableRows", r.finishedRowsInTable);
        dueWork.put("largeTable", r.dueWorkLargeTable);
        root.put("dueWork", dueWork);
        root.put("backlog", r.backlog);
        root.put("databaseCost", r.databaseCost);
        root.put("idle", r.idle);
        root.put("peakResidentMiB", r.peakResidentMiB);
        root.put("invariants", r.invariants);
        root.put("notes", r.notes);
        return new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }

    // --------------------------------------------------------------------------------------------- Markdown

    private String markdown() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark report\n\n");
        md.append("Run of ").append(started).append(" (").append(options.quick() ? "quick smoke run" : "full run")
                .append("), produced by `./mvnw -B -Pbench package`; see [docs/benchmark.md](../benchmark.md) for ")
                .append("what each phase does and how to read it. Absolute figures depend on the machine; the ")
                .append("ratios compare with baselines measured in the same run.\n\n");
        md.append("![throughput against offered rate](throughput.png)\n\n");
        md.append("## Headline\n\n| figure | value |\n|---|---|\n");
        r.headline.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n## Targets\n\n| target | goal | measured | verdict |\n|---|---|---|---|\n");
        for (BenchResults.Target t : r.targets) {
            md.append("| ").append(t.name()).append(" | ").append(t.goal()).append(" | ").append(t.measured())
                    .append(" | ").append(t.met() ? "met" : "**not met**").append(" |\n");
        }
        md.append("\n## Load steps (open loop, latency from the planned send time to the outcome event)\n\n");
        md.append("| phase | offered/s | achieved/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | GET/payout "
                + "| POST/payout | callbacks delivered | CPU ms/payout: worker / harness / PostgreSQL | machine busy | load avg "
                + "| sustained |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (BenchResults.StepSummary s : r.steps) {
            md.append(String.format("| %s | %.0f | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %d/%d | "
                    + "%.2f / %.2f / %.2f | %.0f%% | %.1f | %s |%n", s.phase(), s.offeredRate(), s.achievedRate(), s.p50(), s.p90(),
                    s.p99(), s.p999(), s.max(), s.statusGetsPerPayout(), s.postsPerPayout(), s.callbacksDelivered(),
                    s.callbacksAttempted(),
                    s.workerCpuMillisPerPayout(), s.harnessCpuMillisPerPayout(), s.postgresCpuMillisPerPayout(),
                    s.machineBusyShare() * 100, s.loadAverage(),
                    s.sustainable() ? "yes" : s.drained() ? "no" : "no (not drained)"));
        }
        md.append("\n![latency percentiles against offered rate](latency.png)\n");
        md.append("\n## Baselines (same run: A before the load, B after the knee, C at the end)\n\n");
        md.append("| baseline | run | figure |\n|---|---|---|\n");
        char round = 'A';
        for (PgbenchBaseline.Result p : r.pgbench) {
            md.append(String.format("| pgbench lifecycle, %d clients, %d s | %s | %.0f payouts/s, %.2f ms each |%n",
                    p.clients(), p.length().toSeconds(), round++, p.payoutsPerSecond(), p.latencyAverageMillis()));
        }
        round = 'A';
        for (int i = 0; i < r.kafkaProducer.size(); i++) {
            KafkaPerfBaseline.ProducerResult k = r.kafkaProducer.get(i);
            md.append(String.format("| kafka ProducerPerformance %s, %d B, acks=all | %s | %.0f rec/s, %.1f MB/s, "
                    + "p50 %.0f / p99 %.0f / p99.9 %.0f ms |%n", k.offeredRate() < 0 ? "max rate"
                    : String.format("%.0f/s", k.offeredRate()), KafkaPerfBaseline.RECORD_SIZE,
                    (char) ('A' + i / 2), k.recordsPerSecond(), k.megabytesPerSecond(), k.p50Millis(),
                    k.p99Millis(), k.p999Millis()));
        }
        for (KafkaPerfBaseline.ConsumerResult c : r.kafkaConsumer) {
            md.append(String.format("| kafka ConsumerPerformance | %s | %.0f rec/s, %.1f MB/s |%n", round++,
                    c.recordsPerSecond(), c.megabytesPerSecond()));
        }
        md.append("\n## Finding due work as the table grows\n\n");
        md.append("The leasing queries' search (same predicates as `PayoutRepository`, `LIMIT 200 FOR UPDATE SKIP "
                + "LOCKED`, rolled back) over 2,000 due rows of an account no worker serves.\n\n");
        md.append("| query | rows in table | median us | p95 us |\n|---|---|---|---|\n");
        for (DueWorkScaling.QueryCost q : r.dueWorkSmallTable) {
            md.append(String.format("| %s | %,d | %.0f | %.0f |%n", q.query(), r.tableRowsAtSmallMeasurement,
                    q.medianMicros(), q.p95Micros()));
        }
        for (DueWorkScaling.QueryCost q : r.dueWorkLargeTable) {
            md.append(String.format("| %s | %,d | %.0f | %.0f |%n", q.query(), r.finishedRowsInTable,
                    q.medianMicros(), q.p95Micros()));
        }
        for (DatabaseCost.Result cost : r.databaseCost) {
            md.append(String.format("%n## What PostgreSQL is asked per payout (%s run, %,d payouts)%n%n", cost.phase(),
                    cost.payouts()));
            md.append(String.format("%.1f statements, %.2f commits, %.3f rollbacks, %,.0f WAL bytes (%.1f records, "
                    + "%.2f full-page images) per payout. Statements from `pg_stat_statements` (the worker's database, "
                    + "every client of it during the run), commits from `pg_stat_database`, WAL from `pg_stat_wal`; "
                    + "[docs/benchmark.md](../benchmark.md) says why each statement is there.%n%n",
                    cost.statementsPerPayout(), cost.commitsPerPayout(), cost.rollbacksPerPayout(),
                    cost.walBytesPerPayout(), cost.walRecordsPerPayout(), cost.fullPagesPerPayout()));
            appendStatements(md, cost, "calls per payout");
            md.append("\n| table | rows inserted per payout | rows updated per payout | HOT share of updates | "
                    + "rows deleted per payout |\n|---|---|---|---|---|\n");
            for (DatabaseCost.TableCost t : cost.tables()) {
                md.append(String.format("| %s | %.2f | %.2f | %.0f%% | %.2f |%n", t.table(), t.inserted(),
                        t.updated(), t.hotShare() * 100, t.deleted()));
            }
        }
        if (r.idle != null) {
            md.append(String.format("%n## A worker with nothing to do%n%nFor %.0f s after the last step concluded: "
                    + "worker CPU %.2f%% of one core.", r.idle.seconds(), r.idle.workerCoreShare() * 100));
            md.append(" By thread (share of a core; a pool's threads summed): ");
            md.append(r.idle.coreShareByThread().entrySet().stream()
                    .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                    .map(e -> String.format("%s %.2f%%", e.getKey(), e.getValue() * 100))
                    .collect(java.util.stream.Collectors.joining(", "))).append('.');
            if (r.idle.perSecond() != null) {
                md.append(String.format(" It asked PostgreSQL %.1f statements and %.2f commits per second:%n%n",
                        r.idle.perSecond().statementsPerPayout(), r.idle.perSecond().commitsPerPayout()));
                appendStatements(md, r.idle.perSecond(), "calls per second");
            } else {
                md.append('\n');
            }
        }
        if (r.backlog != null) {
            md.append(String.format("%n## Backlog drain%n%n%,d payouts seeded as SUBMITTED (MoMo has concluded "
                    + "them), then a worker started with a status limit of %.0f GET/s: %.1f s from the first to the "
                    + "last conclusion, %.0f payouts/s.%n%n![backlog remaining over time](backlog.png)%n",
                    r.backlog.payouts(), r.backlog.configuredStatusRate(), r.backlog.secondsToDrain(),
                    r.backlog.drainRate()));
        }
        md.append(String.format("%n## Memory%n%nPeak resident set of the worker process (VmHWM, heap -Xmx384m): "
                + "%.0f MiB.%n", r.peakResidentMiB));
        md.append("\n## Invariants over every command of the run\n\n| invariant | result | checked |\n|---|---|---|\n");
        for (BenchResults.Invariant i : r.invariants) {
            md.append(String.format("| %s | %s | %,d |%n", i.name(), i.ok() ? "OK" : "VIOLATED: "
                    + String.join("; ", i.firstViolations()), i.checked()));
        }
        md.append("\n## Environment\n\n");
        r.environment.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("- options: ").append(options).append('\n');
        if (!r.notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            r.notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        try (InputStream in = BenchReport.class.getResourceAsStream("/bench/optimisations.md")) {
            if (in != null) {
                md.append('\n').append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return md.toString();
    }

    private static void appendStatements(StringBuilder md, DatabaseCost.Result cost, String unit) {
        md.append("| statement | " + unit + " | rows per call | us per call |\n|---|---|---|---|\n");
        for (DatabaseCost.StatementCost st : cost.statements()) {
            if (st.callsPerPayout() < 0.005) {
                continue;
            }
            md.append(String.format("| `%s` | %.2f | %.1f | %.0f |%n", st.query().replace("|", "\\|"),
                    st.callsPerPayout(), st.rowsPerCall(), st.microsPerCall()));
        }
    }

    // ----------------------------------------------------------------------------------------------- charts

    private void throughputChart(Path file) throws IOException {
        XYSeries achieved = new XYSeries("achieved (knee steps)");
        XYSeries ideal = new XYSeries("offered = achieved");
        double top = 0;
        for (BenchResults.StepSummary s : r.steps("knee")) {
            achieved.add(s.offeredRate(), s.achievedRate());
            top = Math.max(top, s.offeredRate());
        }
        ideal.add(0, 0);
        ideal.add(top, top);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(achieved);
        data.addSeries(ideal);
        double pgbench = BenchTargets.median(r.pgbench.stream()
                .mapToDouble(PgbenchBaseline.Result::payoutsPerSecond).toArray());
        if (pgbench > 0) {
            XYSeries line = new XYSeries("pgbench lifecycle ceiling (same run)");
            line.add(0, pgbench);
            line.add(top, pgbench);
            data.addSeries(line);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Payouts/s achieved against offered (zero MoMo latency)",
                "offered payouts/s", "payouts/s with an outcome event", data, PlotOrientation.VERTICAL, true,
                false, false);
        style(chart);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 520);
    }

    private void latencyChart(Path file) throws IOException {
        XYSeries p50 = new XYSeries("p50");
        XYSeries p90 = new XYSeries("p90");
        XYSeries p99 = new XYSeries("p99");
        XYSeries p999 = new XYSeries("p99.9");
        for (BenchResults.StepSummary s : r.steps("knee")) {
            p50.add(s.offeredRate(), Math.max(0.1, s.p50()));
            p90.add(s.offeredRate(), Math.max(0.1, s.p90()));
            p99.add(s.offeredRate(), Math.max(0.1, s.p99()));
            p999.add(s.offeredRate(), Math.max(0.1, s.p999()));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        Stream.of(p50, p90, p99, p999).forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart("Command-to-outcome latency percentiles (open loop)",
                "offered payouts/s", "milliseconds (log scale)", data, PlotOrientation.VERTICAL, true, false, false);
        ((XYPlot) chart.getPlot()).setRangeAxis(new LogarithmicAxis("milliseconds (log scale)"));
        style(chart);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 520);
    }

    private void backlogChart(Path file) throws IOException {
        XYSeries remaining = new XYSeries("payouts still waiting for MoMo's status");
        for (double[] point : r.backlog.remainingOverTime()) {
            remaining.add(point[0], point[1]);
        }
        XYSeriesCollection data = new XYSeriesCollection(remaining);
        JFreeChart chart = ChartFactory.createXYLineChart(String.format("Backlog of %,d drained at %.0f GET/s",
                r.backlog.payouts(), r.backlog.configuredStatusRate()), "seconds since the worker started",
                "payouts remaining", data, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 420);
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = (XYPlot) chart.getPlot();
        plot.setBackgroundPaint(new Color(248, 248, 248));
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2.0f));
        }
        plot.setRenderer(renderer);
    }

    private static void copyAll(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String name : List.of("report.md", "results.json", "throughput.png", "latency.png", "backlog.png")) {
            Path source = from.resolve(name);
            if (Files.exists(source)) {
                Files.copy(source, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
