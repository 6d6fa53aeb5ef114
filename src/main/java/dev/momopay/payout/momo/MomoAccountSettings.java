package dev.momopay.payout.momo;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything one account's client needs, resolved from {@link MomoConfig}. Secrets are excluded from
 * {@link #toString()}.
 */
record MomoAccountSettings(String accountName, String baseUrl, String subscriptionKey, String apiUser,
        String apiKey, String targetEnvironment, Duration connectTimeout, Duration readTimeout,
        int connectionPoolSize, boolean keepAlive, Duration tokenRefreshMargin) {

    static MomoAccountSettings from(String name, MomoConfig.Account account, MomoConfig config) {
        return new MomoAccountSettings(name,
                blankToNull(account.baseUrl()),
                blankToNull(account.subscriptionKey()),
                blankToNull(account.apiUser()),
                blankToNull(account.apiKey()),
                account.targetEnvironment(),
                config.connectTimeout(),
                config.readTimeout(),
                config.connectionPoolSize(),
                config.keepAlive(),
                config.tokenRefreshMargin());
    }

    private static String blankToNull(Optional<String> value) {
        return value.map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    }

    /** What is missing or wrong; empty when the account is usable. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        String prefix = "momo.accounts." + accountName + ".";
        boolean isDefault = "default".equals(accountName);
        if (baseUrl == null) {
            problems.add("missing " + prefix + "base-url" + (isDefault ? " (MOMO_BASE_URL)" : ""));
        } else {
            try {
                URI uri = URI.create(baseUrl);
                if (uri.getScheme() == null || uri.getHost() == null
                        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                    problems.add(prefix + "base-url is not an http(s) URL: " + baseUrl);
                }
            } catch (IllegalArgumentException e) {
                problems.add(prefix + "base-url is not a URL: " + baseUrl);
            }
        }
        if (subscriptionKey == null) {
            problems.add("missing " + prefix + "subscription-key" + (isDefault ? " (MOMO_SUBSCRIPTION_KEY)" : ""));
        }
        if (apiUser == null) {
            problems.add("missing " + prefix + "api-user" + (isDefault ? " (MOMO_API_USER)" : ""));
        }
        if (apiKey == null) {
            problems.add("missing " + prefix + "api-key" + (isDefault ? " (MOMO_API_KEY)" : ""));
        }
        if (targetEnvironment == null || targetEnvironment.isBlank()) {
            problems.add("missing " + prefix + "target-environment" + (isDefault ? " (MOMO_TARGET_ENVIRONMENT)" : ""));
        }
        if (connectionPoolSize < 1) {
            problems.add("momo.connection-pool-size must be positive");
        }
        return problems;
    }

    MomoAccountSettings withTimeouts(Duration connect, Duration read) {
        return new MomoAccountSettings(accountName, baseUrl, subscriptionKey, apiUser, apiKey, targetEnvironment,
                connect, read, connectionPoolSize, keepAlive, tokenRefreshMargin);
    }

    @Override
    public String toString() {
        return "MomoAccountSettings[account=" + accountName + ", baseUrl=" + baseUrl + ", targetEnvironment="
                + targetEnvironment + ", apiUser=" + apiUser + ", subscriptionKey="
                + Fingerprint.of(subscriptionKey) + ", apiKey=" + Fingerprint.of(apiKey) + ", connectTimeout="
                + connectTimeout + ", readTimeout=" + readTimeout + ", pool=" + connectionPoolSize + "]";
    }
}
