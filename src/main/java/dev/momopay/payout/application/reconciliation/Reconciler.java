package dev.momopay.payout.application.reconciliation;

import dev.momopay.payout.application.RateLimitedLeases;
import dev.momopay.payout.application.RateLimitedLeases.RateLimit;
import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.reconciliation.LineVerdict;
import dev.momopay.payout.domain.reconciliation.MismatchKind;
import dev.momopay.payout.domain.reconciliation.MomoRecord;
import dev.momopay.payout.domain.reconciliation.ReconciliationRules;
import dev.momopay.payout.domain.reconciliation.Verdict;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.observability.BalanceCache;
import dev.momopay.payout.observability.ReconciliationMetrics;
import dev.momopay.payout.persistence.ReconciliationRepository;
import dev.momopay.payout.persistence.ReconciliationRepository.MomoSide;
import dev.momopay.payout.persistence.ReconciliationRepository.PendingLine;
import dev.momopay.payout.persistence.ReconciliationRepository.Run;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Works on the reconciliation runs, one step per tick: claims a run (its lease fences every write, and a run whose
 * replica stopped is continued by the next to claim it), writes its lines once, asks MoMo about the next lines of each
 * account within a share of that account's status rate limit (the same bucket the status polls use), and completes
 * the run with its summary once every line has a verdict and the closing balances are read. It never changes a
 * payout: a mismatch is recorded, logged, counted and left to an operator.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BALANCE_REFRESH_SPACING = Duration.ofMinutes(1);
    /** With no run to work on, a replica looks for one this often (a run created here wakes it at once). */
    private static final Duration IDLE_RECHECK = Duration.ofSeconds(15);

    private final ReconciliationRepository runs;
    private final MomoRecords records;
    private final RateLimitedLeases leases;
    private final MomoClients clients;
    private final BalanceCache balanceCache;
    private final BalanceCheck balances;
    private final RunSummaries summaries;
    private final ReconciliationMetrics metrics;
    private final PayoutConfig.Reconciliation config;
    private final double statusRate;
    private final UUID token = UUID.randomUUID();
    private volatile Instant lastBalanceRefresh = Instant.EPOCH;
    private volatile Instant idleUntil = Instant.EPOCH;

    public Reconciler(ReconciliationRepository runs, MomoRecords records, RateLimitedLeases leases,
            MomoClients clients, BalanceCache balanceCache, BalanceCheck balances, RunSummaries summaries,
            ReconciliationMetrics metrics, PayoutConfig config) {
        this.runs = runs;
        this.records = records;
        this.leases = leases;
        this.clients = clients;
        this.balanceCache = balanceCache;
        this.balances = balances;
        this.summaries = summaries;
        this.metrics = metrics;
        this.config = config.reconciliation();
        this.statusRate = config.statusRateLimit();
    }

    /** A run was created: look for it at the next step rather than after the idle pause. */
    public void wakeUp() {
        idleUntil = Instant.EPOCH;
    }

    /** One step of the run this replica holds, or of one it can claim. */
    public void tick() {
        if (Instant.now().isBefore(idleUntil)) {
            return;
        }
        Optional<Run> claimed = runs.claim(token, config.lease());
        if (claimed.isEmpty()) {
            idleUntil = Instant.now().plus(IDLE_RECHECK);
            return;
        }
        Run run = claimed.get();
        if (!run.collected()) {
            if (!runs.collect(run, token)) {
                return;
            }
            LOG.infof("reconciliation run %d (%s to %s, %s) started: %s", run.id(), run.period().start(),
                    run.period().end(), run.account() == null ? "every account" : "account " + run.account(),
                    summaries.progress(run).get("verdicts"));
        }
        List<PendingLine> due = runs.pending(run.id(), perAccountRound());
        if (!due.isEmpty()) {
            ask(run, due);
            return;
        }
        if (runs.undecided(run.id()) > 0) {
            return;
        }
        finish(run);
    }

    /** Lines one round may ask per account: the configured share of the status rate limit over one interval. */
    int perAccountRound() {
        double seconds = config.checkInterval().toMillis() / 1000.0;
        return Math.max(1, (int) Math.floor(statusRate * config.statusShare() * seconds));
    }

    private void ask(Run run, List<PendingLine> due) {
        Map<String, List<String>> problems = clients.configurationProblems();
        Set<String> exhausted = new HashSet<>();
        List<PendingLine> asked = new ArrayList<>();
        List<Uni<MomoRecord>> answers = new ArrayList<>();
        for (PendingLine line : due) {
            if (exhausted.contains(line.account())) {
                continue;
            }
            if (!clients.accountNames().contains(line.account()) || problems.containsKey(line.account())) {
                // Nothing can be asked of an account that is not (fully) configured; counted as no answer.
                record(run, line, new MomoRecord.NoAnswer("MoMo account " + line.account()
                        + " is not configured: " + problems.getOrDefault(line.account(), List.of("unknown"))));
                continue;
            }
            RateLimit limit = new RateLimit("status:" + line.account(), statusRate);
            if (leases.withPermit(limit, () -> Boolean.TRUE).isEmpty()) {
                exhausted.add(line.account());
                continue;
            }
            asked.add(line);
            answers.add(records.ask(line.account(), line.operation(), line.referenceId()));
        }
        if (answers.isEmpty()) {
            return;
        }
        List<MomoRecord> answered = Uni.join().all(answers).andFailFast().await().atMost(CALL_TIMEOUT);
        boolean mismatch = false;
        for (int i = 0; i < asked.size(); i++) {
            mismatch |= record(run, asked.get(i), answered.get(i));
        }
        if (mismatch) {
            metrics.refresh();
        }
    }

    /** Records MoMo's answer about one line; true when it is a mismatch. */
    private boolean record(Run run, PendingLine line, MomoRecord answer) {
        LineVerdict verdict = ReconciliationRules.compare(line.held(), answer);
        switch (verdict.outcome()) {
            case MATCHED -> runs.decide(run.id(), token, line.referenceId(), Verdict.MATCHED, null, verdict.detail(),
                    side(answer));
            case MISMATCH -> {
                if (runs.decide(run.id(), token, line.referenceId(), Verdict.MISMATCH, verdict.kind(),
                        verdict.detail(), side(answer))) {
                    logMismatch(run, line, verdict);
                    return true;
                }
            }
            case ASK_AGAIN -> {
                if (runs.askAgain(run.id(), token, line.referenceId(), verdict.detail(), retryIn(line.attempts()),
                        config.maxAttempts())) {
                    LOG.warnf("reconciliation run %d: MoMo gave no answer about payout %s in %d attempts (%s); "
                            + "reported UNCHECKED", run.id(), line.referenceId(), config.maxAttempts(),
                            verdict.detail());
                }
            }
        }
        return false;
    }

    private static void logMismatch(Run run, PendingLine line, LineVerdict verdict) {
        String message = "reconciliation run %d: payout %s (%s, account %s) does not match MoMo: %s %s; it is "
                + "left as it is for an operator (POST /ops/reconciliations/mismatches/%s/acknowledge once acted on)";
        if (verdict.kind() == MismatchKind.FAILED_HERE_SUCCESSFUL_AT_MOMO) {
            LOG.errorf(message, run.id(), line.referenceId(), line.operation(), line.account(), verdict.kind(),
                    verdict.detail(), line.referenceId());
        } else {
            LOG.warnf(message, run.id(), line.referenceId(), line.operation(), line.account(), verdict.kind(),
                    verdict.detail(), line.referenceId());
        }
    }

    private static MomoSide side(MomoRecord answer) {
        if (answer instanceof MomoRecord.Found found) {
            return new MomoSide(found.status(), found.amount(), found.currency(), found.financialTransactionId());
        }
        return answer instanceof MomoRecord.NotFound ? new MomoSide("NOT_FOUND", null, null, null) : null;
    }

    /** The delay before asking again: the retry delay, doubled per attempt, at most ten times it. */
    private Duration retryIn(int attempts) {
        Duration base = config.retryDelay();
        Duration delay = base.multipliedBy(1L << Math.min(attempts, 3));
        Duration ceiling = base.multipliedBy(10);
        return delay.compareTo(ceiling) > 0 ? ceiling : delay;
    }

    private void finish(Run run) {
        Collection<String> accounts = run.account() == null ? clients.accountNames() : List.of(run.account());
        Instant waitUntil = run.period().end().plus(config.closingReadingWait());
        if (!balances.closingReadingsExist(run.period(), accounts) && Instant.now().isBefore(waitUntil)) {
            // The closing balances are read when due (the balance refresh); asked for here so the run ends soon.
            if (Duration.between(lastBalanceRefresh, Instant.now()).compareTo(BALANCE_REFRESH_SPACING) > 0
                    && !Instant.now().isBefore(run.period().end())) {
                lastBalanceRefresh = Instant.now();
                balanceCache.refresh();
            }
            return;
        }
        String summary = summaries.complete(run, accounts);
        if (runs.complete(run.id(), token, summary)) {
            Map<String, Object> progress = summaries.progress(run);
            LOG.infof("reconciliation run %d (%s to %s, %s) completed: %s", run.id(), run.period().start(),
                    run.period().end(), run.account() == null ? "every account" : "account " + run.account(),
                    progress.get("verdicts"));
            metrics.refresh();
        }
    }
}
