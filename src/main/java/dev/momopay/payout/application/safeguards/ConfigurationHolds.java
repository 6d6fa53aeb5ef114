package dev.momopay.payout.application.safeguards;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.Backoff;
import dev.momopay.payout.domain.ConfigurationCause;
import dev.momopay.payout.domain.ProviderAnswer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Pauses an account's submissions while MoMo refuses its configuration (callback host, target environment,
 * credentials): such a refusal says nothing about the payouts, so none is failed. The pause grows with each refusal
 * in a row (the submission retry back-off), then one probe goes; the first answer that is not a configuration refusal
 * lifts the hold and the payouts go out by themselves. A log line and the gauge {@code payout.account.configuration.held}
 * name the cause and the settings to fix.
 */
@ApplicationScoped
public class ConfigurationHolds {

    private static final Logger LOG = Logger.getLogger(ConfigurationHolds.class);

    private final Backoff backoff;
    private final MeterRegistry registry;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    private static final class State {
        volatile ConfigurationCause cause;
        int refusals;
        Instant heldUntil;
        final Probe probe = new Probe();
        Duration pause = Duration.ZERO;
    }

    public ConfigurationHolds(PayoutConfig config, MeterRegistry registry) {
        this.backoff = new Backoff(config.submission().retryInitialDelay(), config.submission().retryMaxDelay(), 0);
        this.registry = registry;
    }

    /** How many payouts of this account a submission round may start now: 0 while held, 1 for a probe. */
    public int submissionAllowance(String account, int wanted) {
        State state = states.get(account);
        if (state == null) {
            return wanted;
        }
        synchronized (state) {
            if (state.cause == null) {
                return wanted;
            }
            Instant now = Instant.now();
            if (now.isBefore(state.heldUntil) || !state.probe.tryStart(now, state.pause)) {
                return 0;
            }
            return Math.min(1, wanted);
        }
    }

    /** The probe made no MoMo call: the next round may probe at once. */
    public void probeUnused(String account) {
        State state = states.get(account);
        if (state != null) {
            synchronized (state) {
                state.probe.end();
            }
        }
    }

    /**
     * Feeds one MoMo answer of this account into its hold. A status GET that answers proves the credentials, not the
     * callback host or the POST's target environment: only an answer to a POST lifts those.
     */
    public void record(String account, ProviderAnswer answer, boolean toPost) {
        if (answer instanceof ProviderAnswer.ConfigurationRefused refused) {
            State state = state(account);
            synchronized (state) {
                boolean news = state.cause != refused.cause();
                state.cause = refused.cause();
                state.pause = backoff.delay(state.refusals++, () -> 0.5);
                state.heldUntil = Instant.now().plus(state.pause);
                state.probe.end();
                if (news || state.refusals % 20 == 0) {
                    LOG.errorf("MoMo refuses the configuration of account %s (%s: %s); its payouts are held, not "
                            + "failed; fix %s. Probing again in %d s", account, refused.cause(), refused.detail(),
                            refused.cause().settings(), state.pause.toSeconds());
                }
            }
            return;
        }
        if (answer instanceof ProviderAnswer.Unknown || answer instanceof ProviderAnswer.NotSent
                || answer instanceof ProviderAnswer.RateLimited) {
            return; // says nothing about the configuration
        }
        State state = states.get(account);
        if (state == null) {
            return;
        }
        synchronized (state) {
            if (state.cause != null && state.cause != ConfigurationCause.CREDENTIALS && !toPost) {
                return;
            }
            if (state.cause != null) {
                LOG.infof("MoMo accepts the configuration of account %s again (was %s); its payouts resume", account,
                        state.cause);
            }
            state.cause = null;
            state.refusals = 0;
            state.probe.end();
        }
    }

    /** Makes the account's gauges exist (at 0) before its first call, so dashboards and alerts see it from the start. */
    public void watch(String account) {
        state(account);
    }

    /** The cause holding this account's submissions, or null. */
    public ConfigurationCause cause(String account) {
        State state = states.get(account);
        return state == null ? null : state.cause;
    }

    private State state(String account) {
        return states.computeIfAbsent(account, a -> {
            State state = new State();
            for (ConfigurationCause cause : ConfigurationCause.values()) {
                Gauge.builder("payout.account.configuration.held", state, s -> s.cause == cause ? 1 : 0)
                        .description("1 while MoMo refuses this account's configuration for this cause; its "
                                + "submissions are held")
                        .tag("account", account).tag("cause", cause.name()).register(registry);
            }
            return state;
        });
    }
}
