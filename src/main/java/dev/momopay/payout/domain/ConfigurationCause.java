package dev.momopay.payout.domain;

/**
 * A MoMo refusal caused by the account's configuration, not by the payout. Each names the settings an operator
 * fixes; payouts of the account are held (never failed) until MoMo accepts again.
 */
public enum ConfigurationCause {
    /** 500 INVALID_CALLBACK_URL_HOST: the callback host is not the API user's registered callback host. */
    CALLBACK_HOST("PAYOUT_CALLBACK_BASE_URL (its host must be the API user's providerCallbackHost)"),
    /** 500 NOT_ALLOWED_TARGET_ENVIRONMENT: the API user may not use this target environment. */
    TARGET_ENVIRONMENT("MOMO_TARGET_ENVIRONMENT (and MOMO_BASE_URL)"),
    /** 401 or 403 after a token refresh, or rejected credentials on the token call. */
    CREDENTIALS("MOMO_SUBSCRIPTION_KEY, MOMO_API_USER, MOMO_API_KEY");

    private final String settings;

    ConfigurationCause(String settings) {
        this.settings = settings;
    }

    /** The variables to check, for log lines and operators. */
    public String settings() {
        return settings;
    }
}
