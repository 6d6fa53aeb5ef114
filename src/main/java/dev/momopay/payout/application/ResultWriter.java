package dev.momopay.payout.application;

import dev.momopay.payout.observability.PayoutLogContext;
import dev.momopay.payout.persistence.HistoryLine;
import dev.momopay.payout.persistence.Jdbc;
import dev.momopay.payout.persistence.HistoryRepository;
import dev.momopay.payout.persistence.OutboxRepository;
import dev.momopay.payout.persistence.OutcomeEventRecord;
import dev.momopay.payout.persistence.PayoutRepository;
import dev.momopay.payout.persistence.PayoutUpdate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Writes the results of MoMo calls in batches: many fenced updates, their history lines and their outcome events
 * commit in one transaction. Results arrive from HTTP client threads, which never touch the database; this loop does.
 * A batch that fails to commit stays queued and is tried again, so a result is never dropped while the process lives
 * (if the process dies, the leases run out and the calls are repeated with the same reference). A batch that the
 * database refuses for its data (not for an outage) is split, so one bad row cannot hold the others; a row that still
 * fails alone is parked: its lease is released with a history line and the error, the payout is looked at again
 * later with the same reference, and {@code payout.results.parked} counts it.
 */
@Singleton
public class ResultWriter extends WorkLoop {

    private static final Logger LOG = Logger.getLogger(ResultWriter.class);
    private static final int MAX_BATCH = 500;

    private final ConcurrentLinkedQueue<PayoutUpdate> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final PayoutRepository payouts;
    private final HistoryRepository history;
    private final OutboxRepository outbox;
    private final Counter parked;
    private List<PayoutUpdate> pending = List.of();

    /** How long a payout whose result could not be stored waits before it is looked at again. */
    static final Duration PARKED_FOR = Duration.ofMinutes(5);

    public ResultWriter(PayoutRepository payouts, HistoryRepository history, OutboxRepository outbox,
            MeterRegistry registry) {
        super("payout-result-writer");
        this.payouts = payouts;
        this.history = history;
        this.outbox = outbox;
        this.parked = Counter.builder("payout.results.parked")
                .description("Results the database refused for their data; the payout was parked and is asked "
                        + "again later").register(registry);
        Gauge.builder("payout.results.backlog", queued, AtomicInteger::get)
                .description("Results of MoMo calls waiting to be committed (new work stops at the configured "
                        + "maximum)").register(registry);
    }

    public void submit(PayoutUpdate update) {
        queue.add(update);
        if (queued.incrementAndGet() == 1) {
            wakeUp();
        }
    }

    /** Results not yet committed. */
    public int backlog() {
        return queued.get();
    }

    @Override
    protected Duration runRound() {
        if (pending.isEmpty()) {
            List<PayoutUpdate> batch = new ArrayList<>();
            PayoutUpdate next;
            while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
                batch.add(next);
            }
            pending = batch;
        }
        if (pending.isEmpty()) {
            return Duration.ofMillis(500);
        }
        writeNow(pending);
        queued.addAndGet(-pending.size());
        pending = List.of();
        return queue.isEmpty() ? Duration.ofMillis(500) : Duration.ZERO;
    }

    /**
     * Applies the updates in one transaction, with their history lines and outcome events; returns the updates that
     * won their fence. Listeners hear of stored events after the commit.
     */
    public List<PayoutUpdate> writeNow(List<PayoutUpdate> updates) {
        List<PayoutUpdate> applied;
        try {
            applied = writeBatch(updates);
        } catch (RuntimeException e) {
            if (!Jdbc.isDataError(e)) {
                throw e; // an outage: the whole batch is tried again later
            }
            if (updates.size() == 1) {
                park(updates.get(0), e);
                return List.of();
            }
            List<PayoutUpdate> won = new ArrayList<>();
            int half = updates.size() / 2;
            won.addAll(writeNow(updates.subList(0, half)));
            won.addAll(writeNow(updates.subList(half, updates.size())));
            return won;
        }
        return applied;
    }

    private void park(PayoutUpdate update, RuntimeException cause) {
        parked.increment();
        String error = Jdbc.describe(cause);
        try (PayoutLogContext context = PayoutLogContext.of(update.referenceId(), null)) {
            LOG.errorf("the result for payout %s could not be stored (%s); parked for %d min, the same reference is "
                    + "asked again then", update.referenceId(), error, PARKED_FOR.toMinutes());
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (payouts.releaseLease(update.referenceId(), update.claimToken(), PARKED_FOR)) {
                    history.append(List.of(new HistoryLine(update.referenceId(), update.from(), update.from(), null,
                            null, "a result could not be stored (" + error + "); parked, asked again in "
                                    + PARKED_FOR.toMinutes() + " min")));
                }
            });
        } catch (RuntimeException e) {
            try (PayoutLogContext context = PayoutLogContext.of(update.referenceId(), null)) {
                LOG.errorf("payout %s could not be parked either (%s); its lease runs out by itself",
                        update.referenceId(), e.toString());
            }
        }
    }

    private List<PayoutUpdate> writeBatch(List<PayoutUpdate> updates) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<PayoutUpdate> won = payouts.applyFenced(updates);
            List<HistoryLine> lines = new ArrayList<>();
            List<OutcomeEventRecord> events = new ArrayList<>();
            for (PayoutUpdate update : won) {
                if (update.historyDetail() != null || update.from() != update.to()) {
                    lines.add(new HistoryLine(update.referenceId(), update.from(), update.to(), update.momoStatus(),
                            update.reasonCode(), update.historyDetail()));
                }
                if (update.event() != null) {
                    events.add(update.event());
                }
            }
            history.append(lines);
            outbox.storeAndQueue(events);
            return won;
        });
    }
}
