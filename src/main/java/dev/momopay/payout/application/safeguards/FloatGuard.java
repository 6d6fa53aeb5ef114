package dev.momopay.payout.application.safeguards;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.momo.dto.Balance;
import dev.momopay.payout.persistence.ClaimedPayout;
import dev.momopay.payout.persistence.FloatRepository;
import dev.momopay.payout.persistence.PayoutRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Keeps each account's MoMo float in view and holds payouts it cannot cover, so a drained float never turns into a
 * storm of NOT_ENOUGH_FUNDS failures. The balance is read on a schedule, per currency; payouts MoMo may still pay
 * count as spent, and payouts started since the last reading are reserved in PostgreSQL (in the lease transaction),
 * so N replicas never spend one float N times. A held payout is not failed: it is looked at again shortly, and goes
 * out by itself once a reading shows the float covers it. An unknown float (no reading, a failed reading) never holds
 * anything. A NOT_ENOUGH_FUNDS from MoMo proves nothing by itself (MTN also reports a receiver's limit with it): it
 * only asks for a fresh reading, which decides.
 */
@ApplicationScoped
public class FloatGuard {

    private static final Logger LOG = Logger.getLogger(FloatGuard.class);

    private final MomoClients clients;
    private final PayoutRepository payouts;
    private final FloatRepository floats;
    private final PayoutConfig.FloatGuard settings;
    private final MeterRegistry registry;
    private final Map<String, Local> local = new ConcurrentHashMap<>();

    /** What this instance shows in its gauges. */
    private static final class Local {
        final AtomicBoolean holding = new AtomicBoolean();
        volatile BigDecimal spendable;
    }

    public FloatGuard(MomoClients clients, PayoutRepository payouts, FloatRepository floats, PayoutConfig config,
            MeterRegistry registry) {
        this.clients = clients;
        this.payouts = payouts;
        this.floats = floats;
        this.settings = config.safeguards().floatGuard();
        this.registry = registry;
    }

    public Duration holdRecheck() {
        return settings.holdRecheck();
    }

    /**
     * Reserves the float for payouts about to be POSTed for the first time, in the caller's (lease) transaction;
     * returns the references that must be held because the float cannot cover them.
     */
    public Set<UUID> reserve(String account, List<ClaimedPayout> firstAttempts) {
        if (!settings.enabled() || firstAttempts.isEmpty()) {
            return Set.of();
        }
        Set<String> currencies = firstAttempts.stream().map(p -> p.command().currency()).collect(Collectors.toSet());
        Map<String, FloatRepository.FloatState> states = floats.lock(account, currencies);
        if (states.isEmpty()) {
            return Set.of();
        }
        Map<String, BigDecimal> left = new java.util.HashMap<>();
        states.forEach((currency, state) -> {
            if (state.spendable() != null) {
                left.put(currency, state.spendable().subtract(state.reserved()).subtract(settings.reserve()));
            }
        });
        Map<String, BigDecimal> taken = new java.util.HashMap<>();
        Set<UUID> held = new HashSet<>();
        for (ClaimedPayout payout : firstAttempts) {
            String currency = payout.command().currency();
            BigDecimal remaining = left.get(currency);
            if (remaining == null) {
                continue;
            }
            BigDecimal amount = payout.command().amountValue();
            if (remaining.compareTo(amount) >= 0) {
                left.put(currency, remaining.subtract(amount));
                taken.merge(currency, amount, BigDecimal::add);
            } else {
                held.add(payout.referenceId());
                if (local(account, currency).holding.compareAndSet(false, true)) {
                    LOG.warnf("the MoMo float of account %s in %s cannot cover payouts (left %s, next payout %s); "
                            + "holding its submissions until a top-up", account, currency, remaining, amount);
                }
            }
        }
        taken.forEach((currency, amount) -> floats.reserve(account, currency, amount));
        return held;
    }

    /**
     * MoMo failed a payout with NOT_ENOUGH_FUNDS: read the float in that currency now. Only the reading decides; a
     * reading that fails holds nothing.
     */
    public void checkAfterRefusal(String account, String currency) {
        if (!settings.enabled()) {
            return;
        }
        // Off the caller's thread: it may be an event loop, and reading the database clock blocks.
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            Instant requestedAt;
            try {
                requestedAt = floats.now();
            } catch (RuntimeException e) {
                LOG.debugf("balance of account %s not read: %s", account, e);
                return;
            }
            clients.forAccount(account).getAccountBalanceIn(currency)
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .subscribe().with(result -> apply(account, currency, result, requestedAt),
                            failure -> LOG.debugf("balance of account %s not read: %s", account, failure));
        });
    }

    /**
     * Reads every account's float (its main currency, and every currency it has a reading of); returns true when a
     * float that was holding payouts can cover payouts again (the caller wakes the submissions).
     */
    public boolean refresh() {
        if (!settings.enabled()) {
            return false;
        }
        boolean resumed = false;
        for (String account : clients.accountNames()) {
            Instant requestedAt = floats.now();
            MomoResult<Balance> main = clients.forAccount(account).getAccountBalance()
                    .await().atMost(Duration.ofSeconds(30));
            String mainCurrency = main instanceof MomoResult.Ok<Balance> ok && ok.body() != null
                    ? ok.body().currency() : null;
            resumed |= apply(account, mainCurrency, main, requestedAt);
            for (Map.Entry<String, Local> entry : local.entrySet()) {
                String[] key = entry.getKey().split("\\|", 2);
                if (key[0].equals(account) && !key[1].equals(mainCurrency)) {
                    Instant asked = floats.now();
                    resumed |= apply(account, key[1], clients.forAccount(account).getAccountBalanceIn(key[1])
                            .await().atMost(Duration.ofSeconds(30)), asked);
                }
            }
        }
        return resumed;
    }

    /**
     * Takes a balance reading requested at {@code requestedAt} (database clock); returns true when a float that was
     * holding payouts covers payouts again. A reading requested before the one stored (a slow answer, another
     * replica's newer reading) is dropped: it would bring back a float that has been spent since.
     */
    boolean apply(String account, String currency, MomoResult<Balance> result, Instant requestedAt) {
        if (!(result instanceof MomoResult.Ok<Balance> ok) || ok.body() == null || ok.body().currency() == null
                || ok.body().availableBalance() == null || !ok.body().currency().equals(currency)) {
            return false;
        }
        BigDecimal balance = new BigDecimal(ok.body().availableBalance());
        BigDecimal spendable = QuarkusTransaction.requiringNew().call(() -> {
            if (!floats.lockForReading(account, currency, requestedAt)) {
                return null;
            }
            BigDecimal inFlight = payouts.amountsInFlight(account).getOrDefault(currency, BigDecimal.ZERO);
            BigDecimal value = balance.subtract(inFlight);
            floats.reading(account, currency, value, requestedAt);
            return value;
        });
        if (spendable == null) {
            return false;
        }
        Local state = local(account, currency);
        state.spendable = spendable;
        if (spendable.subtract(settings.reserve()).signum() > 0 && state.holding.compareAndSet(true, false)) {
            LOG.infof("the MoMo float of account %s in %s covers payouts again; resuming", account, currency);
            return true;
        }
        return false;
    }

    /** Whether payouts of this account and currency are being held now (by this instance's last view). */
    public boolean isHolding(String account, String currency) {
        Local state = local.get(account + "|" + currency);
        return state != null && state.holding.get();
    }

    private Local local(String account, String currency) {
        return local.computeIfAbsent(account + "|" + currency, k -> {
            Local state = new Local();
            Gauge.builder("payout.float.held", state, s -> s.holding.get() ? 1 : 0)
                    .description("1 while payouts of this account and currency are held for lack of float")
                    .tag("account", account).tag("currency", currency).register(registry);
            Gauge.builder("momo.balance.spendable", state, s -> s.spendable == null ? Double.NaN
                    : s.spendable.doubleValue())
                    .description("MoMo float minus payouts MoMo may still pay, at the last reading")
                    .tag("account", account).tag("currency", currency).register(registry);
            return state;
        });
    }
}
