package dev.momopay.payout.it;

import dev.momopay.payout.testsupport.InvariantChecker;
import dev.momopay.payout.testsupport.ScenarioWorkers;
import dev.momopay.payout.testsupport.WorkerProcess;
import dev.momopay.simulator.MomoSimulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every fault-scenario IT shares: one simulator per class (quick completion, a float no scenario drains), and
 * per test a fresh {@link InvariantChecker} and the test's own worker processes, killed afterwards, with the
 * simulator's faults reset before and after.
 */
abstract class FaultScenarioBase {

    protected static MomoSimulator momo;
    protected InvariantChecker checker;
    private ScenarioWorkers workers;

    @BeforeAll
    static void startSimulator() {
        momo = ScenarioWorkers.simulator(Duration.ofMillis(300));
    }

    @AfterAll
    static void stopSimulator() {
        momo.close();
    }

    @BeforeEach
    void newChecker() {
        momo.faults().reset();
        checker = new InvariantChecker(momo);
        workers = new ScenarioWorkers(momo, checker);
    }

    @AfterEach
    void killWorkers() {
        workers.close();
        momo.faults().reset();
    }

    /** A new worker process of this test (not started yet). */
    protected WorkerProcess worker(String name, Map<String, String> extra) {
        return workers.worker(name, extra);
    }

    /** Waits for the system to become quiet (at most {@code bound}), prints the report, fails on any violation. */
    protected void assertInvariants(Duration bound) {
        InvariantChecker.Report report = checker.awaitQuiet(bound);
        System.out.println(report);
        report.assertClean();
    }
}
