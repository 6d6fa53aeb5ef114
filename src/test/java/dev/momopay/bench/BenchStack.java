package dev.momopay.bench;

import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.EmbeddedInfrastructure;
import dev.momopay.payout.testsupport.InvariantChecker;
import dev.momopay.payout.testsupport.WorkerProcess;
import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.SimulatorConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The system under test and its surroundings: embedded PostgreSQL (synchronous commit on) and a KRaft broker, the
 * MoMo simulator (answers at once unless latency is injected, concludes transactions at once, sends callbacks) and
 * the packaged worker as a child process with production defaults, except the MoMo rate limits, which are lifted so
 * that the worker, not MoMo's quota, is measured.
 */
final class BenchStack implements AutoCloseable {

    static final List<String> TOPICS = List.of(CommandProducer.DEPOSITS, CommandProducer.TRANSFERS,
            CommandProducer.REFUNDS, InvariantChecker.OUTCOMES, InvariantChecker.DLQ);
    static final int PARTITIONS = 3;

    /** Production defaults of the polling settings (WorkerProcess's test defaults are tuned for fast tests). */
    private static final Map<String, String> PRODUCTION_TIMINGS = Map.of(
            "PAYOUT_POLL_INITIAL_DELAY", "5s",
            "PAYOUT_POLL_MAX_DELAY", "5m",
            "PAYOUT_SUBMISSION_AMBIGUOUS_GRACE", "10s",
            "PAYOUT_SUBMISSION_RETRY_INITIAL_DELAY", "2s",
            "PAYOUT_SUBMISSION_LEASE", "2m",
            "PAYOUT_POLL_LEASE", "2m",
            "MOMO_READ_TIMEOUT", "30s");

    final Map<String, String> infrastructure;
    final MomoSimulator momo;
    final InvariantChecker checker;
    private WorkerProcess worker;
    private int workers;
    private double peakResidentMiB;

    private BenchStack(Map<String, String> infrastructure, MomoSimulator momo) {
        this.infrastructure = infrastructure;
        this.momo = momo;
        this.checker = new InvariantChecker(momo);
    }

    static BenchStack start() throws Exception {
        // pg_stat_statements counts the statements per payout (DatabaseCost); it must be loaded at server start.
        Map<String, String> infra = EmbeddedInfrastructure.startEmbeddedWithoutShutdownHook(
                Map.of("shared_preload_libraries", "pg_stat_statements"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.get("kafka.bootstrap.servers")))) {
            admin.createTopics(TOPICS.stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        }
        MomoSimulator momo = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ZERO)
                .withFloat("EUR", new BigDecimal("1000000000000")));
        return new BenchStack(infra, momo);
    }

    /** Starts a worker with the benchmark's settings plus {@code extra}; stops the previous one first. */
    WorkerProcess startWorker(Map<String, String> extra) {
        stopWorker();
        Map<String, String> env = new HashMap<>(PRODUCTION_TIMINGS);
        env.put("PAYOUT_STATUS_RATE_LIMIT", "20000");
        env.put("PAYOUT_SAFEGUARDS_PROTECTION_POST_RATE_LIMIT", "20000");
        env.putAll(extra);
        worker = WorkerProcess.against("bench-worker-" + (++workers), momo, env).start();
        checker.scanLog(worker.log());
        return worker;
    }

    WorkerProcess worker() {
        return worker;
    }

    /** Records the worker's peak resident memory, then stops it gracefully (SIGTERM). */
    void stopWorker() {
        if (worker != null) {
            peakResidentMiB = Math.max(peakResidentMiB, ProcessStats.peakResidentMiB(worker.pid()));
            worker.stop();
            worker = null;
        }
    }

    /** The highest peak resident memory of any worker of the run so far (the running one included). */
    double peakResidentMiB() {
        return worker == null ? peakResidentMiB
                : Math.max(peakResidentMiB, ProcessStats.peakResidentMiB(worker.pid()));
    }

    String bootstrapServers() {
        return infrastructure.get("kafka.bootstrap.servers");
    }

    String jdbcUrl() {
        return infrastructure.get("quarkus.datasource.jdbc.url");
    }

    String user() {
        return infrastructure.get("quarkus.datasource.username");
    }

    String password() {
        return infrastructure.get("quarkus.datasource.password");
    }

    @Override
    public void close() {
        stopWorker();
        momo.close();
        CommandProducer.close();
        EmbeddedInfrastructure.stop();
    }
}
