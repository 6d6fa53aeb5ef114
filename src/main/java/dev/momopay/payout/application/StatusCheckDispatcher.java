package dev.momopay.payout.application;

import dev.momopay.payout.application.safeguards.AccountBreakers;
import dev.momopay.payout.application.safeguards.FloatGuard;
import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.persistence.ClaimedPayout;
import dev.momopay.payout.persistence.PayoutRepository;
import dev.momopay.payout.persistence.PayoutUpdate;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final Duration IDLE_WAIT = Duration.ofMillis(500);
    private static final String NOT_ENOUGH_FUNDS = "NOT_ENOUGH_FUNDS";

    private final PayoutRepository payouts;
    private final MomoGateway gateway;
    private final MomoClients clients;
    private final OutcomeDecisions decisions;
    private final ResultWriter writer;
    private final InFlightCalls inFlight;
    private final PayoutConfig.Poll settings;
    private final RateLimitedLeases.RateLimit rate;
    private final RateLimitedLeases leases;
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();
    private final AccountBreakers breakers;
    private final FloatGuard floatGuard;

    public StatusCheckDispatcher(PayoutRepository payouts, RateLimitedLeases leases, MomoGateway gateway,
            MomoClients clients, OutcomeDecisions decisions, ResultWriter writer, InFlightCalls inFlight,
            AccountBreakers breakers, FloatGuard floatGuard, PayoutConfig config) {
        super("payout-status-checks");
        this.leases = leases;
        this.breakers = breakers;
        this.floatGuard = floatGuard;
        this.payouts = payouts;
        this.gateway = gateway;
        this.clients = clients;
        this.decisions = decisions;
        this.writer = writer;
        this.inFlight = inFlight;
        this.settings = config.poll();
        this.rate = new RateLimitedLeases.RateLimit("status", config.statusRateLimit());
    }

    @Override
    protected Duration runRound() {
        boolean limitedByRate = false;
        int started = 0;
        for (String account : clients.accountNames()) {
            Instant paused = pausedUntil.get(account);
            if (paused != null && paused.isAfter(Instant.now())) {
                continue;
            }
            RateLimitedLeases.Round round = leases.lease(account, Math.min(settings.batchSize(),
                    (int) Math.ceil(rate.perSecond())), rate(account),
                    limit -> payouts.countDueStatusChecks(account, limit),
                    (limit, token) -> payouts.claimForStatusCheck(account, limit, settings.lease(), token),
                    claimed -> { });
            List<ClaimedPayout> claimed = round.claimed();
            limitedByRate |= round.dueLeft();
            started += claimed.size();
            for (ClaimedPayout payout : claimed) {
                gateway.status(payout).subscribe().with(result -> finish(account, payout, result), failure -> {
                    LOG.errorf("unexpected failure while checking payout %s: %s", payout.referenceId(), failure);
                    finish(account, payout, null);
                });
            }
        }
        if (limitedByRate) {
            // Wait for roughly one permit to accrue rather than spinning on an empty bucket.
            return Duration.ofMillis(Math.max(5, (long) (1000 / rate.perSecond())));
        }
        return started > 0 ? Duration.ZERO : IDLE_WAIT;
    }

    private RateLimitedLeases.RateLimit rate(String account) {
        return new RateLimitedLeases.RateLimit("status:" + account, rate.perSecond());
    }

    private void finish(String account, ClaimedPayout payout, MomoResult<?> result) {
        inFlight.giveBack(account, 1);
        if (result != null) {
            breakers.record(account, result);
        }
        @SuppressWarnings("unchecked")
        MomoResult<dev.momopay.payout.momo.dto.TransferStatus> status =
                (MomoResult<dev.momopay.payout.momo.dto.TransferStatus>) result;
        PayoutUpdate update = status == null ? decisions.checkAgain(payout, null)
                : decisions.afterStatus(payout, status);
        if (result instanceof MomoResult.RateLimited<?> limited) {
            Duration pause = limited.retryAfter().orElse(Duration.ofSeconds(1));
            pausedUntil.put(account, Instant.now().plus(pause));
            LOG.warnf("MoMo rate-limited status checks of account %s; pausing them for %d ms", account,
                    pause.toMillis());
        }
        if (NOT_ENOUGH_FUNDS.equals(update.reasonCode())) {
            floatGuard.drained(account, payout.currency());
        }
        writer.submit(update);
    }
}
