package dev.momopay.payout.scheduling;

import dev.momopay.payout.application.reconciliation.ReconciliationSchedule;
import dev.momopay.payout.application.reconciliation.Reconciler;
import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.persistence.Jdbc;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Thin triggers of the reconciliation: a step of the current run, and the creation of the daily runs. */
@ApplicationScoped
public class ReconciliationTriggers {

    private static final Logger LOG = Logger.getLogger(ReconciliationTriggers.class);

    private final Reconciler reconciler;
    private final ReconciliationSchedule schedule;
    private final boolean scheduled;

    public ReconciliationTriggers(Reconciler reconciler, ReconciliationSchedule schedule, PayoutConfig config) {
        this.reconciler = reconciler;
        this.schedule = schedule;
        this.scheduled = config.reconciliation().scheduled();
    }

    @Scheduled(every = "${payout.reconciliation.check-interval:1s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void step() {
        try {
            reconciler.tick();
        } catch (RuntimeException e) {
            // The run stays leased to this replica and is continued at the next step (or by another replica).
            LOG.warnf("reconciliation step failed: %s", Jdbc.describe(e));
        }
    }

    @Scheduled(every = "5m", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void createDailyRuns() {
        if (!scheduled) {
            return;
        }
        try {
            schedule.ensureRuns(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("daily reconciliation runs not created: %s", Jdbc.describe(e));
        }
    }
}
