package dev.momopay.simulator;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One simulated MoMo account (a market): its subscription key, its pre-registered API user, its target environment,
 * currency and float. The simulator can serve several at once; faults can be scoped to one of them.
 *
 * @param name                 a label used by the control API and by {@code MomoSimulator.faults(name)}
 * @param subscriptionKey      the {@code Ocp-Apim-Subscription-Key} of this account
 * @param apiUser              the pre-registered API user id (a UUID string)
 * @param apiKey               the API key of {@code apiUser}
 * @param targetEnvironment    the only accepted {@code X-Target-Environment}
 * @param currency             the only accepted transaction currency
 * @param providerCallbackHost the callback host registered for {@code apiUser} (used when the host check is on)
 * @param floats               the initial float per currency
 */
public record Account(String name, String subscriptionKey, String apiUser, String apiKey, String targetEnvironment,
                      String currency, String providerCallbackHost, Map<String, BigDecimal> floats) {

    public Account {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subscriptionKey, "subscriptionKey");
        Objects.requireNonNull(apiUser, "apiUser");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(targetEnvironment, "targetEnvironment");
        Objects.requireNonNull(currency, "currency");
        floats = Map.copyOf(new LinkedHashMap<>(floats));
    }

    public Account withFloat(String cur, BigDecimal amount) {
        Map<String, BigDecimal> f = new LinkedHashMap<>(floats);
        f.put(cur, amount);
        return new Account(name, subscriptionKey, apiUser, apiKey, targetEnvironment, currency, providerCallbackHost, f);
    }

    public Account withProviderCallbackHost(String host) {
        return new Account(name, subscriptionKey, apiUser, apiKey, targetEnvironment, currency, host, floats);
    }
}
