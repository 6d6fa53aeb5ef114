package dev.momopay.payout.observability;

import dev.momopay.payout.application.safeguards.AccountBreakers;
import dev.momopay.payout.application.safeguards.ConfigurationHolds;
import dev.momopay.payout.momo.MomoConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * At start-up, every configured MoMo account gets its breaker and configuration-hold gauges (at 0), so an account that
 * never had a problem is visible as such rather than absent.
 */
@ApplicationScoped
class AccountGauges {

    void register(@Observes StartupEvent startup, MomoConfig momo, AccountBreakers breakers,
            ConfigurationHolds holds) {
        for (String account : momo.accounts().keySet()) {
            breakers.watch(account);
            holds.watch(account);
        }
    }
}
