package dev.momopay.payout.momo;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/**
 * Adds the account's {@code Ocp-Apim-Subscription-Key} to every request and its {@code X-Target-Environment}
 * to every request except the plain token call (which does not take it). Never logs header values.
 */
final class MomoHeadersFilter implements ClientRequestFilter {

    static final String SUBSCRIPTION_KEY = "Ocp-Apim-Subscription-Key";
    static final String TARGET_ENVIRONMENT = "X-Target-Environment";

    private final String subscriptionKey;
    private final String targetEnvironment;

    MomoHeadersFilter(String subscriptionKey, String targetEnvironment) {
        this.subscriptionKey = subscriptionKey;
        this.targetEnvironment = targetEnvironment;
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle(SUBSCRIPTION_KEY, subscriptionKey);
        String path = request.getUri().getRawPath();
        if (path == null || !path.endsWith("/disbursement/token/")) {
            request.getHeaders().putSingle(TARGET_ENVIRONMENT, targetEnvironment);
        }
    }

    @Override
    public String toString() {
        return "MomoHeadersFilter[subscriptionKey=" + Fingerprint.of(subscriptionKey) + ", targetEnvironment="
                + targetEnvironment + "]";
    }
}
