package dev.momopay.payout.observability;

import dev.momopay.payout.domain.reconciliation.MismatchKind;
import dev.momopay.payout.persistence.ReconciliationRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The reconciliation's meters, computed from PostgreSQL (so every replica shows the same) and cached:
 * {@code payout.reconciliation.mismatches{kind}}, the payouts whose mismatch no operator has acknowledged yet (a row
 * per kind, 0 included), and {@code payout.reconciliation.last.completed.timestamp} (seconds since the epoch; 0 until
 * a scheduled run completed).
 */
@ApplicationScoped
public class ReconciliationMetrics {

    private static final Logger LOG = Logger.getLogger(ReconciliationMetrics.class);

    private final ReconciliationRepository runs;
    private final MultiGauge mismatches;
    private final AtomicLong lastCompleted = new AtomicLong();

    public ReconciliationMetrics(ReconciliationRepository runs, MeterRegistry registry) {
        this.runs = runs;
        this.mismatches = MultiGauge.builder("payout.reconciliation.mismatches")
                .description("Reconciliation mismatches not acknowledged by an operator, by kind").register(registry);
        Gauge.builder("payout.reconciliation.last.completed.timestamp", lastCompleted, AtomicLong::get)
                .baseUnit("seconds").description("When the last scheduled reconciliation run completed")
                .register(registry);
        register(Map.of());
    }

    @Scheduled(every = "${payout.metrics.refresh-interval:15s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.debugf("reconciliation metrics not refreshed: %s", e.getMessage());
        }
    }

    /** Reads the figures again (after a mismatch, a completion or an acknowledgement). */
    public void refresh() {
        register(runs.openMismatches());
        lastCompleted.set(runs.lastScheduledCompletion().map(at -> at.getEpochSecond()).orElse(0L));
    }

    private void register(Map<MismatchKind, Long> open) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (MismatchKind kind : MismatchKind.values()) {
            rows.add(MultiGauge.Row.of(Tags.of("kind", kind.name()), open.getOrDefault(kind, 0L)));
        }
        mismatches.register(rows, true);
    }
}
