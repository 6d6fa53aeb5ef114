package dev.momopay.payout.application;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.persistence.ClaimedPayout;
import dev.momopay.payout.persistence.PayoutRepository;
import dev.momopay.payout.persistence.PayoutUpdate;
import dev.momopay.payout.persistence.RateBucketRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

    private final PayoutRepository payouts;
    private final RateBucketRepository buckets;
    private final MomoGateway gateway;
    private final MomoClients clients;
    private final OutcomeDecisions decisions;
    private final ResultWriter writer;
    private final InFlightCalls inFlight;
    private final PayoutConfig.Poll settings;
    private final double ratePerSecond;
    private final double burst;
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();

    public StatusCheckDispatcher(PayoutRepository payouts, RateBucketRepository buckets, MomoGateway gateway,
            MomoClients clients, OutcomeDecisions decisions, ResultWriter writer, InFlightCalls inFlight,
            PayoutConfig config) {
        super("payout-status-checks");
        this.payouts = payouts;
        this.buckets = buckets;
        this.gateway = gateway;
        this.clients = clients;
        this.decisions = decisions;
        this.writer = writer;
        this.inFlight = inFlight;
        this.settings = config.poll();
        this.ratePerSecond = config.statusRateLimit();
        // Half a second's worth of burst: the bucket never lets more than rate x (window + 0.5 s) through.
        this.burst = Math.max(1, Math.ceil(ratePerSecond / 2));
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
            int wanted = Math.min(settings.batchSize(), (int) Math.ceil(burst));
            int permits = inFlight.tryTake(wanted);
            if (permits == 0) {
                return Duration.ofMillis(20);
            }
            Round round;
            try {
                round = claim(account, permits);
            } catch (RuntimeException e) {
                inFlight.giveBack(permits);
                throw e;
            }
            List<ClaimedPayout> claimed = round.claimed();
            inFlight.giveBack(permits - claimed.size());
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
            return Duration.ofMillis(Math.max(5, (long) (1000 / ratePerSecond)));
        }
        return started > 0 ? Duration.ZERO : IDLE_WAIT;
    }

    /** What one account's round leased, and whether due payouts were left waiting for rate permits. */
    private record Round(List<ClaimedPayout> claimed, boolean dueLeft) {
    }

    private Round claim(String account, int wanted) {
        UUID token = UUID.randomUUID();
        return QuarkusTransaction.requiringNew().call(() -> {
            int due = payouts.countDueStatusChecks(account, wanted + 1);
            if (due == 0) {
                return new Round(List.of(), false);
            }
            int permits = buckets.take("status:" + account, Math.min(due, wanted), ratePerSecond, burst);
            if (permits == 0) {
                return new Round(List.of(), true);
            }
            List<ClaimedPayout> claimed = payouts.claimForStatusCheck(account, permits, settings.lease(), token);
            buckets.giveBack("status:" + account, permits - claimed.size(), burst);
            return new Round(claimed, due > claimed.size());
        });
    }

    private void finish(String account, ClaimedPayout payout, MomoResult<?> result) {
        inFlight.giveBack(1);
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
        writer.submit(update);
    }
}
