package dev.momopay.payout.application;

import dev.momopay.payout.application.safeguards.AccountBreakers;
import dev.momopay.payout.application.safeguards.FloatGuard;
import dev.momopay.payout.application.safeguards.PayeeCheck;
import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.momo.AmbiguityKind;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.persistence.ClaimedPayout;
import dev.momopay.payout.persistence.HistoryLine;
import dev.momopay.payout.persistence.HistoryRepository;
import dev.momopay.payout.persistence.PayoutRepository;
import dev.momopay.payout.persistence.PayoutUpdate;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Drives submissions from the database, one MoMo account at a time. Each round leases an account's due payouts
 * (SKIP LOCKED, so replicas never share one) within that account's POST rate limit (shared by all replicas), its
 * circuit breaker and its bulkhead, commits the lease, and only then calls MoMo, outside any transaction, with the
 * payout's own reference.
 * <ul>
 *   <li>A payout never POSTed before passes the safeguards (payee check, float guard) and is POSTed.</li>
 *   <li>A payout whose earlier POST may have reached MoMo is first looked up with a status GET, and POSTed again
 *       with the same reference only when MoMo does not know it after the grace period.</li>
 * </ul>
 */
@Singleton
public class SubmissionDispatcher extends WorkLoop {

    private static final Logger LOG = Logger.getLogger(SubmissionDispatcher.class);

    private final PayoutRepository payouts;
    private final HistoryRepository history;
    private final RateLimitedLeases leases;
    private final MomoClients clients;
    private final MomoGateway gateway;
    private final OutcomeDecisions decisions;
    private final ResultWriter writer;
    private final InFlightCalls inFlight;
    private final AccountBreakers breakers;
    private final PayeeCheck payeeCheck;
    private final FloatGuard floatGuard;
    private final PayoutConfig.Submission settings;
    private final double postRate;

    public SubmissionDispatcher(PayoutRepository payouts, HistoryRepository history, RateLimitedLeases leases,
            MomoClients clients, MomoGateway gateway, OutcomeDecisions decisions, ResultWriter writer,
            InFlightCalls inFlight, AccountBreakers breakers, PayeeCheck payeeCheck, FloatGuard floatGuard,
            PayoutConfig config) {
        super("payout-submission");
        this.payouts = payouts;
        this.history = history;
        this.leases = leases;
        this.clients = clients;
        this.gateway = gateway;
        this.decisions = decisions;
        this.writer = writer;
        this.inFlight = inFlight;
        this.breakers = breakers;
        this.payeeCheck = payeeCheck;
        this.floatGuard = floatGuard;
        this.settings = config.submission();
        this.postRate = config.safeguards().protection().postRateLimit();
    }

    @Override
    protected Duration runRound() {
        boolean dueLeft = false;
        for (String account : clients.accountNames()) {
            int allowed = breakers.submissionAllowance(account, settings.batchSize());
            if (allowed == 0) {
                continue;
            }
            RateLimitedLeases.Round round = leases.lease(account, allowed,
                    new RateLimitedLeases.RateLimit("post:" + account, postRate),
                    limit -> payouts.countDueSubmissions(account, limit),
                    (limit, token) -> payouts.claimForSubmission(account, limit, settings.lease(), token),
                    this::recordLeases);
            dueLeft |= round.dueLeft();
            for (ClaimedPayout payout : round.claimed()) {
                process(payout).subscribe().with(this::finish, failure -> {
                    LOG.errorf("unexpected failure while submitting payout %s: %s", payout.referenceId(), failure);
                    finish(new Outcome(payout, decisions.afterPost(payout,
                            new MomoResult.Ambiguous<>(AmbiguityKind.SERVER_ERROR, failure.toString())), null));
                });
            }
        }
        return dueLeft ? Duration.ofMillis(Math.max(5, (long) (1000 / postRate))) : Duration.ofMillis(500);
    }

    private void recordLeases(List<ClaimedPayout> claimed) {
        history.append(claimed.stream()
                .filter(p -> !p.previousStatus().equals(p.status()))
                .map(p -> new HistoryLine(p.referenceId(), p.previousStatus(), p.status(), null, null,
                        "leased for submission"))
                .toList());
    }

    /** A payout's new state together with the MoMo answer that led to it (null when no call was made). */
    record Outcome(ClaimedPayout payout, PayoutUpdate update, MomoResult<?> momoAnswer) {
    }

    Uni<Outcome> process(ClaimedPayout payout) {
        if (payout.postAttempts() == 0) {
            return firstSubmission(payout);
        }
        return gateway.status(payout).onItem().transformToUni(result -> {
            if (result instanceof MomoResult.NotFound<?>) {
                Duration sincePost = payout.lastPostAt() == null ? decisions.ambiguousGrace()
                        : Duration.between(payout.lastPostAt(), payout.now());
                if (sincePost.compareTo(decisions.ambiguousGrace()) < 0) {
                    return Uni.createFrom().item(new Outcome(payout, decisions.waitForGrace(payout,
                            decisions.ambiguousGrace().minus(sincePost)), result));
                }
                return post(payout);
            }
            return Uni.createFrom().item(new Outcome(payout, decisions.afterStatus(payout, result), result));
        });
    }

    private Uni<Outcome> firstSubmission(ClaimedPayout payout) {
        return payeeCheck.check(payout).onItem().transformToUni(verdict -> {
            if (verdict instanceof PayeeCheck.Verdict.Reject reject) {
                return Uni.createFrom().item(new Outcome(payout,
                        decisions.rejectBeforeMoney(payout, reject.code().name(), reject.message()), null));
            }
            if (verdict instanceof PayeeCheck.Verdict.Postpone postpone) {
                return Uni.createFrom().item(new Outcome(payout, decisions.postpone(payout, postpone.detail()), null));
            }
            if (!floatGuard.tryReserve(payout)) {
                return Uni.createFrom().item(new Outcome(payout, decisions.hold(payout, floatGuard.holdRecheck()),
                        null));
            }
            return post(payout);
        });
    }

    private Uni<Outcome> post(ClaimedPayout payout) {
        return gateway.submit(payout).map(result -> new Outcome(payout, decisions.afterPost(payout, result), result));
    }

    private void finish(Outcome outcome) {
        ClaimedPayout payout = outcome.payout();
        inFlight.giveBack(payout.account(), 1);
        if (outcome.momoAnswer() != null) {
            breakers.record(payout.account(), outcome.momoAnswer());
        }
        if ("NOT_ENOUGH_FUNDS".equals(outcome.update().reasonCode())) {
            floatGuard.drained(payout.account(), payout.currency());
        }
        writer.submit(outcome.update());
    }
}
