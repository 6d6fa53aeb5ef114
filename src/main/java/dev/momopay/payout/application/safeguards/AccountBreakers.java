package dev.momopay.payout.application.safeguards;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.momo.MomoResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One circuit breaker per MoMo account. After a run of outage-like answers (no answer, connection failures, 503,
 * 5xx without a code) it opens and pauses that account's submissions, so an outage does not turn into a storm of
 * ambiguous POSTs; after the open period it lets a single probe through, and closes on the first real answer. A
 * probe that makes no call (its round leased nothing, or a safeguard held the payout) or never comes back within the
 * open period does not keep the breaker half-open: another probe goes. Other accounts are not affected.
 */
@ApplicationScoped
public class AccountBreakers {

    private static final Logger LOG = Logger.getLogger(AccountBreakers.class);

    private final int threshold;
    private final Duration openFor;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public AccountBreakers(PayoutConfig config, MeterRegistry registry) {
        this.threshold = config.safeguards().protection().breakerFailureThreshold();
        this.openFor = config.safeguards().protection().breakerOpenFor();
        this.registry = registry;
    }

    private State state(String account) {
        return states.computeIfAbsent(account, a -> {
            State state = new State();
            Gauge.builder("payout.breaker.open", state, s -> s.openUntil == null ? 0 : 1)
                    .description("1 while the account's circuit breaker pauses its submissions (MoMo looks down)")
                    .tag("account", a).register(registry);
            return state;
        });
    }

    private static final class State {
        int consecutiveFailures;
        volatile Instant openUntil;
        final Probe probe = new Probe();
    }

    /** How many payouts of this account a submission round may start now: 0 while open, 1 when probing. */
    public int submissionAllowance(String account, int wanted) {
        State state = state(account);
        synchronized (state) {
            if (state.openUntil == null) {
                return wanted;
            }
            Instant now = Instant.now();
            if (now.isBefore(state.openUntil) || !state.probe.tryStart(now, openFor)) {
                return 0;
            }
            return Math.min(1, wanted);
        }
    }

    /** The probe this round was allowed made no MoMo call: the next round may probe at once. */
    public void probeUnused(String account) {
        State state = states.get(account);
        if (state != null) {
            synchronized (state) {
                state.probe.end();
            }
        }
    }

    /** Makes the account's gauges exist (at 0) before its first call, so dashboards and alerts see it from the start. */
    public void watch(String account) {
        state(account);
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
        State state = state(account);
        synchronized (state) {
            if (!outage) {
                if (state.openUntil != null) {
                    LOG.infof("MoMo account %s answers again; resuming its submissions", account);
                }
                state.consecutiveFailures = 0;
                state.openUntil = null;
                state.probe.end();
                return;
            }
            state.consecutiveFailures++;
            if (state.probe.out() || state.consecutiveFailures >= threshold) {
                if (state.openUntil == null) {
                    LOG.warnf("MoMo account %s looks unavailable (%d failed calls in a row); pausing its "
                            + "submissions for %d s", account, state.consecutiveFailures, openFor.toSeconds());
                }
                state.openUntil = Instant.now().plus(openFor);
                state.probe.end();
            }
        }
    }
}
