package dev.momopay.payout.testsupport;

import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.SimulatorConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The worker processes of one fault scenario: each gets a unique name (and log, which the checker scans for INV-8)
 * and a short consumer-group session timeout, so that the partitions of a killed or paused instance move to a live one
 * within seconds instead of Kafka's default 45 s. {@link #close()} kills whatever is left.
 */
public final class ScenarioWorkers implements AutoCloseable {

    /** Kafka consumer settings of every scenario worker (any {@code kafka.*} property maps from the environment). */
    public static final Map<String, String> FAST_GROUP = Map.of("KAFKA_SESSION_TIMEOUT_MS", "6000",
            "KAFKA_HEARTBEAT_INTERVAL_MS", "1000");

    private final MomoSimulator momo;
    private final InvariantChecker checker;
    private final List<WorkerProcess> workers = new ArrayList<>();

    public ScenarioWorkers(MomoSimulator momo, InvariantChecker checker) {
        this.momo = momo;
        this.checker = checker;
    }

    /** A simulator for fault scenarios: quick completion and a float no scenario can drain. */
    public static MomoSimulator simulator(Duration completionDelay) {
        return MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(completionDelay)
                .withFloat("EUR", new BigDecimal("1000000000")));
    }

    /** A new (not yet started) worker; {@code extra} settings override the defaults. */
    public WorkerProcess worker(String name, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(FAST_GROUP);
        env.putAll(extra);
        WorkerProcess worker = WorkerProcess.against(name + "-" + UUID.randomUUID().toString().substring(0, 6),
                momo, env);
        workers.add(worker);
        checker.scanLog(worker.log());
        return worker;
    }

    public List<WorkerProcess> all() {
        return List.copyOf(workers);
    }

    @Override
    public void close() {
        workers.forEach(WorkerProcess::kill);
    }
}
