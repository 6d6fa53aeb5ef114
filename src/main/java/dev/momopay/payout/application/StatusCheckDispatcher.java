package dev.momopay.payout.application;

import dev.momopay.payout.observability.PayoutLogContext;
import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.Decision;
import dev.momopay.payout.momo.AmbiguityKind;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.persistence.ClaimedPayout;
import dev.momopay.payout.persistence.PayoutRepository;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Follows submitted payouts to a final status. Each round, per MoMo account, it takes permits from a token bucket
 * shared by all replicas (so the account's status GETs never exceed the configured rate, whatever the number of
 * instances), leases that many due payouts, and asks MoMo for their status. A callback only makes a payout due now;
 * the GET decides.
 */
@Singleton
public class StatusCheckDispatcher extends WorkLoop {

    private static final Logger LOG = Logger.getLogger(StatusCheckDispatcher.class);
    /** The next round while payouts wait (or an account's status checks are paused). */
    private static final Duration PAUSED_WAIT = Duration.ofMillis(500);

    private final PayoutRepository payouts;
    private final MomoGateway gateway;
    private final MomoClients clients;
    private final OutcomeDecisions decisions;
    private final CallCompletion completion;
    private final PayoutConfig.Poll settings;
    private final double ratePerSecond;
    private final RateLimitedLeases leases;
    private final IdleAccounts idle;

    public StatusCheckDispatcher(PayoutRepository payouts, RateLimitedLeases leases, MomoGateway gateway,
            MomoClients clients, OutcomeDecisions decisions, CallCompletion completion, PayoutConfig config) {
        super("payout-status-checks");
        this.leases = leases;
        this.payouts = payouts;
        this.gateway = gateway;
        this.clients = clients;
        this.decisions = decisions;
        this.completion = completion;
        this.settings = config.poll();
        this.ratePerSecond = config.statusRateLimit();
        this.idle = new IdleAccounts(PAUSED_WAIT, config.sweepInterval(), payouts::untilNextStatusCheck);
    }

    @Override
    protected Duration runRound() {
        if (completion.backlogged()) {
            return Duration.ofMillis(200);
        }
        boolean limitedByRate = false;
        int started = 0;
        Duration wait = idle.longest();
        for (String account : clients.accountNames()) {
            if (completion.statusChecksPaused(account)) {
                wait = shorter(wait, PAUSED_WAIT);
                continue;
            }
            Optional<Duration> idleFor = idle.sleepFor(account);
            if (idleFor.isPresent()) {
                wait = shorter(wait, idleFor.get());
                continue;
            }
            RateLimitedLeases.Round<List<ClaimedPayout>> round = leases.lease(account,
                    Math.min(settings.batchSize(), (int) Math.ceil(ratePerSecond)),
                    new RateLimitedLeases.RateLimit("status:" + account, ratePerSecond),
                    limit -> payouts.countDueStatusChecks(account, limit),
                    (limit, token) -> payouts.claimForStatusCheck(account, limit, settings.lease(), token),
                    claimed -> claimed);
            limitedByRate |= round.dueLeft();
            started += round.leased();
            if (round.leased() == 0 && !round.dueLeft()) {
                wait = shorter(wait, idle.foundNothing(account));
            } else if (round.leased() > 0) {
                idle.leased(account);
            }
            for (ClaimedPayout payout : round.result()) {
                gateway.status(payout)
                        .onFailure().recoverWithItem(f -> {
                            try (PayoutLogContext context = PayoutLogContext.of(payout.referenceId(),
                                    payout.account())) {
                                LOG.errorf("unexpected failure while checking payout %s: %s", payout.referenceId(), f);
                            }
                            return new MomoResult.Ambiguous<>(AmbiguityKind.UNEXPECTED, f.toString());
                        })
                        .subscribe().with(result -> completion.finish(payout, result,
                                decisions.update(payout, statusDecision(payout, result), true)));
            }
        }
        if (limitedByRate) {
            // Wait for roughly one permit to accrue rather than spinning on an empty bucket.
            return Duration.ofMillis(Math.max(5, (long) (1000 / ratePerSecond)));
        }
        return started > 0 ? Duration.ZERO : wait;
    }

    /** Whatever woke the loop (a callback, work taken in) may concern an idle account. */
    @Override
    public void wakeUp() {
        idle.lookAgain();
        super.wakeUp();
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A payout MoMo has is never POSTed again: a 404 here only means "check again". */
    private Decision statusDecision(ClaimedPayout payout, MomoResult<?> result) {
        Decision decision = decisions.afterStatus(payout, result);
        if (decision instanceof Decision.Post) {
            return new Decision.CheckStatus(decisions.decider().policy().ambiguousGrace(), null, true, false);
        }
        return decision;
    }
}
