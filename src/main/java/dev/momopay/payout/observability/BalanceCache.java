package dev.momopay.payout.observability;

import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.momo.dto.Balance;
import dev.momopay.payout.persistence.BalanceReadings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The available balance of every configured MoMo account, from MoMo's balance call, refreshed on a schedule
 * ({@code payout.metrics.balance-refresh-interval}, default 5m) and cached: the gauge
 * {@code momo.balance.available{account,currency}} and the ops API read the cache, never MoMo. Each good reading is
 * also kept in PostgreSQL: the balance reconciliation compares a period's opening and closing balances.
 */
@ApplicationScoped
public class BalanceCache {

    private static final Logger LOG = Logger.getLogger(BalanceCache.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** One account's last known balance, or why it is not known. */
    public record AccountBalance(String account, String availableBalance, String currency, Instant fetchedAt,
            String problem) {
    }

    private final MomoClients clients;
    private final MultiGauge gauge;
    private final BalanceReadings readings;
    private final Map<String, AccountBalance> balances = new ConcurrentHashMap<>();

    public BalanceCache(MomoClients clients, MeterRegistry registry, BalanceReadings readings) {
        this.clients = clients;
        this.readings = readings;
        this.gauge = MultiGauge.builder("momo.balance.available")
                .description("Available balance of a MoMo account (from the last balance call)").register(registry);
    }

    /** The cached balances, by account. */
    public List<AccountBalance> cached() {
        return List.copyOf(new TreeMap<>(balances).values());
    }

    @Scheduled(every = "${payout.metrics.balance-refresh-interval:5m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        refresh();
    }

    private void keep(String account, Balance balance) {
        if (balance.currency() == null) {
            return;
        }
        try {
            readings.record(account, balance.currency(), new BigDecimal(balance.availableBalance().trim()));
        } catch (NumberFormatException e) {
            // not a number: nothing to reconcile with
        } catch (RuntimeException e) {
            LOG.warnf("could not keep the balance reading of MoMo account %s: %s", account, e.getMessage());
        }
    }

    /** Asks MoMo for every account's balance now; keeps the last good value of an account whose call failed. */
    public List<AccountBalance> refresh() {
        Map<String, List<String>> problems = clients.configurationProblems();
        for (String account : clients.accountNames()) {
            if (problems.containsKey(account)) {
                continue;
            }
            MomoResult<Balance> result;
            try {
                result = clients.forAccount(account).getAccountBalance().await().atMost(CALL_TIMEOUT);
            } catch (RuntimeException e) {
                result = new MomoResult.NotSent<>(e.getClass().getSimpleName());
            }
            Optional<Balance> body = result.optionalBody();
            if (body.isPresent() && body.get().availableBalance() != null) {
                balances.put(account, new AccountBalance(account, body.get().availableBalance(),
                        body.get().currency(), Instant.now(), null));
                keep(account, body.get());
            } else {
                AccountBalance last = balances.get(account);
                String problem = result.getClass().getSimpleName() + result.errorCode().map(c -> " " + c).orElse("");
                balances.put(account, last == null ? new AccountBalance(account, null, null, null, problem)
                        : new AccountBalance(account, last.availableBalance(), last.currency(), last.fetchedAt(),
                                problem));
                LOG.warnf("could not read the balance of MoMo account %s: %s", account, problem);
            }
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (AccountBalance balance : balances.values()) {
            if (balance.availableBalance() != null) {
                try {
                    double value = new BigDecimal(balance.availableBalance()).doubleValue();
                    rows.add(MultiGauge.Row.of(Tags.of("account", balance.account(), "currency",
                            balance.currency() == null ? "unknown" : balance.currency()), value));
                } catch (NumberFormatException e) {
                    // not a number: shown by the ops API as received, not graphed
                }
            }
        }
        gauge.register(rows, true);
        return cached();
    }
}
