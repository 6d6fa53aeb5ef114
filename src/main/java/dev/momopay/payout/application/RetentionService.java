package dev.momopay.payout.application;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.persistence.RetentionRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps the database from growing with the payouts' bulky parts: finished payouts past the retention age are
 * compacted in batches (one transaction each, so replicas share the work and a restart loses nothing), and balance
 * readings older than the same age are deleted. What a compact payout keeps is enough for duplicates forever.
 */
@ApplicationScoped
public class RetentionService {

    private static final Logger LOG = Logger.getLogger(RetentionService.class);

    private final RetentionRepository retention;
    private final Optional<Duration> age;
    private final int batchSize;
    private final Counter compacted;

    public RetentionService(RetentionRepository retention, PayoutConfig config, MeterRegistry registry) {
        this.retention = retention;
        this.age = config.retention().compactAfter();
        this.batchSize = config.retention().batchSize();
        this.compacted = Counter.builder("payout.compacted").description("Finished payouts compacted by retention")
                .register(registry);
    }

    /** Compacts what the configured age allows (nothing when retention is off); returns how many payouts. */
    public int compactDue() {
        return age.map(this::compactOlderThan).orElse(0);
    }

    /** Compacts every finished payout older than {@code olderThan}, batch by batch; returns how many. */
    public int compactOlderThan(Duration olderThan) {
        int total = 0;
        int done;
        do {
            done = QuarkusTransaction.requiringNew().call(() -> retention.compact(olderThan, batchSize));
            total += done;
            compacted.increment(done);
        } while (done == batchSize);
        int readings = QuarkusTransaction.requiringNew().call(() -> retention.forgetBalanceReadings(olderThan));
        if (total > 0 || readings > 0) {
            LOG.infof("retention: %d payouts finished more than %s ago compacted, %d balance readings deleted", total,
                    olderThan, readings);
        }
        return total;
    }
}
