package dev.momopay.payout.momo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * MoMo client configuration ({@code momo.*}). Credentials are optional here on purpose: a missing one is
 * reported at first use (and by {@link MomoClients#configurationProblems()}), so the application still starts
 * and can report not-ready.
 */
@ConfigMapping(prefix = "momo")
public interface MomoConfig {

    /** Named MoMo accounts ({@code momo.accounts.<name>.*}); {@code default} is configured from MOMO_* variables. */
    Map<String, Account> accounts();

    /** TCP connect timeout. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Time to wait for a response once the request is sent (also bounds the wait for a pooled connection). */
    @WithDefault("30s")
    Duration readTimeout();

    /** Maximum open connections per account (the Quarkus default of 50 is far too small for payouts). */
    @WithDefault("512")
    int connectionPoolSize();

    /** Whether connections are kept alive and reused. */
    @WithDefault("true")
    boolean keepAlive();

    /** Refresh the access token this long before it expires (half-life when the token lives shorter). */
    @WithDefault("10m")
    Duration tokenRefreshMargin();

    interface Account {

        /** e.g. {@code https://sandbox.momodeveloper.mtn.com} or {@code https://proxy.momoapi.mtn.com}. */
        Optional<String> baseUrl();

        /** The Disbursement product's {@code Ocp-Apim-Subscription-Key}. */
        Optional<String> subscriptionKey();

        /** API user (a UUID) for Basic auth on the token endpoints. */
        Optional<String> apiUser();

        /** API key for Basic auth on the token endpoints. */
        Optional<String> apiKey();

        /** {@code X-Target-Environment}: {@code sandbox}, {@code mtnuganda}, ... */
        @WithDefault("sandbox")
        String targetEnvironment();

        /** The account's currency, informational (sandbox: EUR). */
        Optional<String> currency();
    }
}
