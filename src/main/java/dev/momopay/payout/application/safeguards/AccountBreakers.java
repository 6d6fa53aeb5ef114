package dev.momopay.payout.application.safeguards;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.momo.MomoResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One circuit breaker per MoMo account. After a run of outage-like answers (no answer, connection failures, 503,
 * 5xx without a code) it opens and pauses that account's submissions, so an outage does not turn into a storm of
 * ambiguous POSTs; after the open period it lets a single probe through, and closes on the first real answer.
 * Other accounts are not affected.
 */
@ApplicationScoped
public class AccountBreakers {

    private static final Logger LOG = Logger.getLogger(AccountBreakers.class);

    private final int threshold;
    private final Duration openFor;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    public AccountBreakers(PayoutConfig config) {
        this.threshold = config.safeguards().protection().breakerFailureThreshold();
        this.openFor = config.safeguards().protection().breakerOpenFor();
    }

    private static final class State {
        int consecutiveFailures;
        Instant openUntil;
        boolean probing;
    }

    /** How many payouts of this account a submission round may start now: 0 while open, 1 when probing. */
    public int submissionAllowance(String account, int wanted) {
        State state = states.computeIfAbsent(account, a -> new State());
        synchronized (state) {
            if (state.openUntil == null) {
                return wanted;
            }
            if (Instant.now().isBefore(state.openUntil) || state.probing) {
                return 0;
            }
            state.probing = true;
            return Math.min(1, wanted);
        }
    }

    public boolean isOpen(String account) {
        State state = states.get(account);
        return state != null && state.openUntil != null;
    }

    /** Feeds one MoMo answer of this account into its breaker. */
    public void record(String account, MomoResult<?> result) {
        boolean outage = result instanceof MomoResult.Ambiguous<?> || result instanceof MomoResult.Unavailable<?>
                || result instanceof MomoResult.NotSent<?>;
        if (result instanceof MomoResult.RateLimited<?>) {
            return;
        }
        State state = states.computeIfAbsent(account, a -> new State());
        synchronized (state) {
            if (!outage) {
                if (state.openUntil != null) {
                    LOG.infof("MoMo account %s answers again; resuming its submissions", account);
                }
                state.consecutiveFailures = 0;
                state.openUntil = null;
                state.probing = false;
                return;
            }
            state.consecutiveFailures++;
            if (state.probing || state.consecutiveFailures >= threshold) {
                if (state.openUntil == null) {
                    LOG.warnf("MoMo account %s looks unavailable (%d failed calls in a row); pausing its "
                            + "submissions for %d s", account, state.consecutiveFailures, openFor.toSeconds());
                }
                state.openUntil = Instant.now().plus(openFor);
                state.probing = false;
            }
        }
    }
}
