package dev.momopay.payout.application.safeguards;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.momo.dto.Balance;
import dev.momopay.payout.persistence.ClaimedPayout;
import dev.momopay.payout.persistence.PayoutRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Keeps each account's MoMo float in view and holds payouts it cannot cover, so a drained float never turns into a
 * storm of NOT_ENOUGH_FUNDS failures. The balance is read on a schedule; payouts MoMo may still pay (accepted, not
 * final) and payouts started since the last reading count as spent. A held payout is not failed: it is looked at
 * again shortly, and goes out by itself once a top-up shows in the balance. An unknown balance (the call failed, or
 * another currency) never holds anything: the guard only acts on what it knows.
 */
@ApplicationScoped
public class FloatGuard {

    private static final Logger LOG = Logger.getLogger(FloatGuard.class);

    private final MomoClients clients;
    private final PayoutRepository payouts;
    private final PayoutConfig.FloatGuard settings;
    private final MeterRegistry registry;
    private final Map<String, FloatState> floats = new ConcurrentHashMap<>();

    private static final class FloatState {
        BigDecimal spendable;
        BigDecimal startedSinceReading = BigDecimal.ZERO;
        boolean holding;
    }

    public FloatGuard(MomoClients clients, PayoutRepository payouts, PayoutConfig config, MeterRegistry registry) {
        this.clients = clients;
        this.payouts = payouts;
        this.settings = config.safeguards().floatGuard();
        this.registry = registry;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public Duration holdRecheck() {
        return settings.holdRecheck();
    }

    /**
     * Takes the payout's amount from the account's float if it is covered (or the float is unknown); returns false
     * when the payout must be held.
     */
    public boolean tryReserve(ClaimedPayout payout) {
        if (!settings.enabled() || payout.amount() == null || payout.currency() == null) {
            return true;
        }
        FloatState state = floats.get(key(payout.account(), payout.currency()));
        if (state == null) {
            return true;
        }
        BigDecimal amount = new BigDecimal(payout.amount());
        synchronized (state) {
            if (state.spendable == null) {
                return true;
            }
            BigDecimal left = state.spendable.subtract(state.startedSinceReading).subtract(settings.reserve());
            if (left.compareTo(amount) >= 0) {
                state.startedSinceReading = state.startedSinceReading.add(amount);
                return true;
            }
            if (!state.holding) {
                state.holding = true;
                LOG.warnf("the MoMo float of account %s in %s cannot cover payouts (left %s, next payout %s); "
                        + "holding its submissions until a top-up", payout.account(), payout.currency(), left, amount);
            }
            return false;
        }
    }

    /**
     * MoMo failed a payout for lack of funds: hold the account's payouts and read its balance at once. The reading
     * decides: an empty float keeps them held until a top-up, a float that covers them (the failure was about
     * something else, e.g. a sandbox test number) releases them again.
     */
    public void drained(String account, String currency) {
        FloatState state = state(account, currency);
        synchronized (state) {
            state.spendable = BigDecimal.ZERO;
            state.startedSinceReading = BigDecimal.ZERO;
        }
        clients.forAccount(account).getAccountBalance()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .subscribe().with(result -> apply(account, result),
                        failure -> LOG.debugf("balance of account %s not read: %s", account, failure));
    }

    /**
     * Reads every account's balance from MoMo; returns true when a float that was holding payouts can cover payouts
     * again (the caller wakes the submissions).
     */
    public boolean refresh() {
        if (!settings.enabled()) {
            return false;
        }
        boolean resumed = false;
        for (String account : clients.accountNames()) {
            MomoResult<Balance> result = clients.forAccount(account).getAccountBalance()
                    .await().atMost(Duration.ofSeconds(30));
            resumed |= apply(account, result);
        }
        return resumed;
    }

    /** Takes a balance reading; returns true when a float that was holding payouts covers payouts again. */
    private boolean apply(String account, MomoResult<Balance> result) {
        if (!(result instanceof MomoResult.Ok<Balance> ok) || ok.body() == null || ok.body().currency() == null
                || ok.body().availableBalance() == null) {
            return false;
        }
        String currency = ok.body().currency();
        BigDecimal balance = new BigDecimal(ok.body().availableBalance());
        BigDecimal inFlight = payouts.amountsInFlight(account).getOrDefault(currency, BigDecimal.ZERO);
        FloatState state = state(account, currency);
        synchronized (state) {
            state.spendable = balance.subtract(inFlight);
            state.startedSinceReading = BigDecimal.ZERO;
            if (state.holding && state.spendable.subtract(settings.reserve()).signum() > 0) {
                state.holding = false;
                LOG.infof("the MoMo float of account %s in %s covers payouts again; resuming", account, currency);
                return true;
            }
            return false;
        }
    }

    /** Whether payouts of this account and currency are being held now. */
    public boolean isHolding(String account, String currency) {
        FloatState state = floats.get(key(account, currency));
        return state != null && state.holding;
    }

    private FloatState state(String account, String currency) {
        return floats.computeIfAbsent(key(account, currency), k -> {
            FloatState state = new FloatState();
            Gauge.builder("payout.float.held", state, s -> s.holding ? 1 : 0)
                    .description("1 while payouts of this account and currency are held for lack of float")
                    .tag("account", account).tag("currency", currency).register(registry);
            Gauge.builder("momo.balance.spendable", state, s -> s.spendable == null ? Double.NaN
                    : s.spendable.doubleValue())
                    .description("MoMo float minus payouts MoMo may still pay, at the last reading")
                    .tag("account", account).tag("currency", currency).register(registry);
            return state;
        });
    }

    private static String key(String account, String currency) {
        return account + "|" + currency;
    }
}
