package dev.momopay.payout.application.reconciliation;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.reconciliation.Period;
import dev.momopay.payout.persistence.ReconciliationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The daily runs: one per calendar day of the configured zone, created once the day ended and the delay passed. Every
 * replica may ask; the unique index on a scheduled run's period lets only the first create it. The last few days are
 * looked at too, so a day during which no worker ran still gets its run.
 */
@ApplicationScoped
public class ReconciliationSchedule {

    private static final Logger LOG = Logger.getLogger(ReconciliationSchedule.class);

    private final ReconciliationRepository runs;
    private final Reconciler reconciler;
    private final PayoutConfig.Reconciliation config;

    public ReconciliationSchedule(ReconciliationRepository runs, Reconciler reconciler, PayoutConfig config) {
        this.runs = runs;
        this.reconciler = reconciler;
        this.config = config.reconciliation();
    }

    /** Creates the missing runs of the days due by {@code now}; returns the ids of those it created. */
    public List<Long> ensureRuns(Instant now) {
        ZoneId zone = config.zone();
        LocalDate today = now.atZone(zone).toLocalDate();
        List<Long> created = new ArrayList<>();
        for (int back = config.catchUpDays(); back >= 1; back--) {
            Period day = Period.day(today.minusDays(back), zone);
            if (day.end().plus(config.delay()).isAfter(now)) {
                continue;
            }
            ReconciliationRepository.Created run = runs.create(day, null, true, "schedule");
            if (run.isNew()) {
                LOG.infof("reconciliation run %d created for %s (%s to %s)", run.run().id(), today.minusDays(back),
                        day.start(), day.end());
                created.add(run.run().id());
            }
        }
        if (!created.isEmpty()) {
            reconciler.wakeUp();
        }
        return created;
    }
}
