package dev.momopay.payout.observability;

import dev.momopay.payout.application.IncomingCommand.DeadLetter;
import dev.momopay.payout.application.IntakeService;
import dev.momopay.payout.application.IncomingCommand.DeadLetterReason;
import dev.momopay.payout.momo.MomoConfig;
import dev.momopay.payout.persistence.OutboxRepository;
import dev.momopay.payout.persistence.OutcomesStored;
import dev.momopay.payout.persistence.PayoutQueries;
import dev.momopay.payout.persistence.PayoutQueries.UnfinishedStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The worker's domain meters (Prometheus at {@code /q/metrics}). Counters move only on committed facts (outcomes
 * are counted after their transaction committed); gauges that need SQL are computed on a schedule from indexed,
 * unfinished-only queries and cached, so a scrape never touches the database.
 *
 * <ul>
 *   <li>{@code payout.outcomes{operation,status,reason,account}}: outcome events stored (REJECTED, FAILED,
 *       SUCCESSFUL, UNRESOLVED).</li>
 *   <li>{@code payout.controls{action}}: money-control actions (approved, partly_approved, approval_rejected,
 *       approval_expired, cancel_cancelled, cancel_remembered, cancel_already_cancelled, cancel_refused).</li>
 *   <li>{@code payout.time.to.outcome{operation,status}}: from intake to the outcome (histogram).</li>
 *   <li>{@code payout.intake.records{result}}: command records taken in (received, awaiting_approval, rejected,
 *       cancelled, duplicate, dead_letter); {@code payout.dead.letters{reason}}: dead letters by reason.</li>
 *   <li>{@code payout.unfinished{status,account}}, {@code payout.unfinished.oldest.age{status}} (seconds; with
 *       AWAITING_APPROVAL, the payouts waiting for an approver),
 *       {@code payout.outbox.backlog}: refreshed every {@code payout.metrics.refresh-interval}.</li>
 * </ul>
 * MoMo calls ({@code momo.calls}), token refreshes ({@code momo.token.refreshes}) and balances
 * ({@code momo.balance.available}) are metered in the momo client and {@link BalanceCache}.
 */
@ApplicationScoped
public class PayoutMetrics {

    private static final Logger LOG = Logger.getLogger(PayoutMetrics.class);
    /** Reason codes are MoMo's or ours: upper-case words. Anything else is counted as OTHER (bounded tags). */
    private static final Pattern REASON_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,47}");
    private static final Duration[] OUTCOME_SLOS = {Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24)};
    private static final List<String> UNFINISHED = List.of("RECEIVED", "AWAITING_APPROVAL", "SUBMITTING", "SUBMITTED",
            "UNRESOLVED");

    private final MeterRegistry registry;
    private final PayoutQueries queries;
    private final OutboxRepository outbox;
    private final MultiGauge unfinishedCount;
    private final MultiGauge oldestAge;
    private final AtomicLong outboxBacklog = new AtomicLong();
    private final Set<String> accounts;

    public PayoutMetrics(MeterRegistry registry, PayoutQueries queries, OutboxRepository outbox, MomoConfig momo) {
        this.registry = registry;
        this.queries = queries;
        this.outbox = outbox;
        this.accounts = Set.copyOf(momo.accounts().keySet());
        this.unfinishedCount = MultiGauge.builder("payout.unfinished")
                .description("Payouts not finished yet, by status and account").register(registry);
        this.oldestAge = MultiGauge.builder("payout.unfinished.oldest.age").baseUnit("seconds")
                .description("Age of the oldest unfinished payout, by status").register(registry);
        Gauge.builder("payout.outbox.backlog", outboxBacklog, AtomicLong::get)
                .description("Outcome events waiting to be published").register(registry);
        // Counters exist at 0 from the start: a rate or an increase then sees their first event too.
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters(reason);
        }
        for (String result : List.of("received", "rejected", "duplicate", "dead_letter")) {
            intake(result, 0);
        }
    }

    private Counter deadLetters(DeadLetterReason reason) {
        return Counter.builder("payout.dead.letters").description("Command records sent to the dead-letter topic")
                .tag("reason", reason.name()).register(registry);
    }

    /** Counts committed outcomes; called by CDI only after the transaction that stored them committed. */
    void onOutcomesStored(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutcomesStored stored) {
        for (OutcomesStored.Outcome outcome : stored.outcomes()) {
            String operation = tag(outcome.operation());
            String status = tag(outcome.status());
            String reason = outcome.reasonCode() == null ? "none"
                    : REASON_CODE.matcher(outcome.reasonCode()).matches() ? outcome.reasonCode() : "OTHER";
            Counter.builder("payout.outcomes").description("Outcome events stored, by operation, status, reason "
                    + "and account").tags("operation", operation, "status", status, "reason", reason, "account",
                            tag(outcome.account()))
                    .register(registry).increment();
            if (outcome.receivedAt() != null && outcome.occurredAt() != null && !"UNRESOLVED".equals(status)) {
                Timer.builder("payout.time.to.outcome").description("From taking in a command to its terminal "
                        + "outcome").tags("operation", operation, "status", status)
                        .serviceLevelObjectives(OUTCOME_SLOS)
                        .register(registry)
                        .record(Duration.between(outcome.receivedAt(), outcome.occurredAt()).abs());
            }
        }
    }

    /** Counts one intake batch that was committed (and its dead letters acknowledged). */
    public void intakeCommitted(IntakeService.IntakeResult result) {
        intake("received", result.received());
        intake("awaiting_approval", result.awaitingApproval());
        intake("rejected", result.rejected());
        intake("cancelled", result.cancelled());
        intake("duplicate", result.duplicates());
        intake("dead_letter", result.deadLetters().size());
        deadLettered(result.deadLetters());
    }

    /** Counts one money-control action (approved, approval_rejected, cancel_cancelled, cancel_refused, ...). */
    public void controlAction(String action) {
        controlActions(action, 1);
    }

    public void controlActions(String action, int count) {
        Counter counter = Counter.builder("payout.controls").description("Money-control actions on payouts, by action")
                .tag("action", action).register(registry);
        if (count > 0) {
            counter.increment(count);
        }
    }

    /** Counts dead letters by reason (also those of the cancel topic). */
    public void deadLettered(List<DeadLetter> deadLetters) {
        for (DeadLetter letter : deadLetters) {
            deadLetters(letter.reason()).increment();
        }
    }

    private void intake(String result, int count) {
        Counter counter = Counter.builder("payout.intake.records").description("Command records taken in, by result")
                .tag("result", result).register(registry);
        if (count > 0) {
            counter.increment(count);
        }
    }

    /** Recomputes the SQL-backed gauges (scheduled; also callable by tests and the ops API). */
    @Scheduled(every = "${payout.metrics.refresh-interval:15s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refresh() {
        try {
            List<UnfinishedStats> stats = queries.unfinishedStats();
            Instant now = Instant.now();
            List<MultiGauge.Row<?>> counts = new ArrayList<>();
            Map<String, Instant> oldest = new HashMap<>();
            Map<Tags, Long> byStatusAndAccount = new HashMap<>();
            // Every configured account shows every unfinished status, at 0 when it has none.
            for (String account : accounts) {
                for (String status : UNFINISHED) {
                    byStatusAndAccount.put(Tags.of("status", status, "account", account), 0L);
                }
            }
            for (UnfinishedStats row : stats) {
                byStatusAndAccount.merge(Tags.of("status", row.status(), "account", tag(row.account())),
                        row.count(), Long::sum);
                oldest.merge(row.status(), row.oldestCreatedAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
            byStatusAndAccount.forEach((tags, count) -> counts.add(MultiGauge.Row.of(tags, count)));
            List<MultiGauge.Row<?>> ages = new ArrayList<>();
            for (String status : UNFINISHED) {
                Instant first = oldest.get(status);
                ages.add(MultiGauge.Row.of(Tags.of("status", status),
                        first == null ? 0 : Math.max(0, Duration.between(first, now).toMillis() / 1000.0)));
            }
            unfinishedCount.register(counts, true);
            oldestAge.register(ages, true);
            outboxBacklog.set(outbox.backlog());
        } catch (RuntimeException e) {
            LOG.warnf("could not refresh the payout gauges: %s", e.toString());
        }
    }

    private static String tag(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }
}
