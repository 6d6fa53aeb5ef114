package dev.momopay.payout.application;

import dev.momopay.payout.application.safeguards.AccountBreakers;
import dev.momopay.payout.application.safeguards.ConfigurationHolds;
import dev.momopay.payout.application.safeguards.FloatGuard;
import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.ProviderAnswer;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.momo.ProviderAnswers;
import dev.momopay.payout.persistence.ClaimedPayout;
import dev.momopay.payout.persistence.PayoutUpdate;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The one place where every MoMo call of a payout ends, whoever made it (submission, status check, operator): the
 * in-flight permit goes back, the account's breaker, configuration hold and status rate-limit pause learn the
 * answer, a NOT_ENOUGH_FUNDS asks the float guard for a reading, and the update goes to the writer.
 */
@ApplicationScoped
public class CallCompletion {

    private static final Logger LOG = Logger.getLogger(CallCompletion.class);
    private static final String NOT_ENOUGH_FUNDS = "NOT_ENOUGH_FUNDS";

    private final InFlightCalls inFlight;
    private final AccountBreakers breakers;
    private final ConfigurationHolds holds;
    private final FloatGuard floatGuard;
    private final ResultWriter writer;
    private final Map<String, Instant> statusPausedUntil = new ConcurrentHashMap<>();
    private final int maxBacklog;
    private volatile boolean backlogged;

    public CallCompletion(InFlightCalls inFlight, AccountBreakers breakers, ConfigurationHolds holds,
            FloatGuard floatGuard, ResultWriter writer, PayoutConfig config) {
        this.inFlight = inFlight;
        this.breakers = breakers;
        this.holds = holds;
        this.floatGuard = floatGuard;
        this.writer = writer;
        this.maxBacklog = config.submission().maxResultBacklog();
    }

    /**
     * Whether the loops must lease nothing now because the results already in hand are not stored yet (the
     * database is slow, away or refusing them): back-pressure instead of an unbounded pile in memory.
     */
    public boolean backlogged() {
        boolean full = writer.backlog() >= maxBacklog;
        if (full != backlogged) {
            backlogged = full;
            if (full) {
                LOG.warnf("%d results wait for the database; no more work is leased until they are stored",
                        writer.backlog());
            } else {
                LOG.info("the results in hand are stored; leasing resumes");
            }
        }
        return full;
    }

    /** A round's call is over: its permit goes back and its update is queued for the writer. */
    public void finish(ClaimedPayout payout, MomoResult<?> answer, PayoutUpdate update) {
        observe(payout, answer, update);
        // Queued before the permit goes back: a shutdown that saw no call in flight finds every result queued.
        writer.submit(update);
        inFlight.giveBack(payout.account(), 1);
    }

    /** A round's payout was taken over by another owner before its call: only the permit goes back. */
    public void abandon(ClaimedPayout payout) {
        inFlight.giveBack(payout.account(), 1);
    }

    /** An operator's call is over: its update is written now; returns whether it was stored (the lease still held). */
    public boolean finishNow(ClaimedPayout payout, MomoResult<?> answer, PayoutUpdate update) {
        observe(payout, answer, update);
        return !writer.writeNow(List.of(update)).isEmpty();
    }

    /** Whether the account's status checks are paused because MoMo rate-limited them. */
    public boolean statusChecksPaused(String account) {
        Instant until = statusPausedUntil.get(account);
        return until != null && until.isAfter(Instant.now());
    }

    private void observe(ClaimedPayout payout, MomoResult<?> answer, PayoutUpdate update) {
        String account = payout.account();
        if (answer == null) {
            // No MoMo call decided this round (a safeguard held it): a probe it was allowed is not spent.
            breakers.probeUnused(account);
            holds.probeUnused(account);
        } else {
            ProviderAnswer provider = ProviderAnswers.of(answer);
            breakers.record(account, answer);
            holds.record(account, provider, !update.statusChecked());
            if (provider instanceof ProviderAnswer.RateLimited limited && update.statusChecked()) {
                Duration pause = limited.retryAfter().orElse(Duration.ofSeconds(1));
                statusPausedUntil.put(account, Instant.now().plus(pause));
                LOG.warnf("MoMo rate-limited status checks of account %s; pausing them for %d ms", account,
                        pause.toMillis());
            }
        }
        if (NOT_ENOUGH_FUNDS.equals(update.reasonCode())) {
            floatGuard.checkAfterRefusal(account, payout.command().currency());
        }
    }
}
