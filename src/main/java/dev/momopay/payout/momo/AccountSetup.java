package dev.momopay.payout.momo;

import java.util.Locale;
import java.util.Optional;

/**
 * The non-secret settings of one MoMo account, as configured, and the name of the variable that sets each, so that a
 * check can say exactly what to fix.
 *
 * @param baseUrl  as configured, or {@code null} when missing
 * @param currency the account's configured currency, if any
 */
public record AccountSetup(String account, String baseUrl, String targetEnvironment, Optional<String> currency) {

    /** Settings of an account: {@code base-url}, {@code api-key}, ...; the default account's come from MOMO_*. */
    public String variable(String setting) {
        if (MomoClients.DEFAULT_ACCOUNT.equals(account)) {
            return "MOMO_" + setting.toUpperCase(Locale.ROOT).replace('-', '_');
        }
        return "momo.accounts." + account + "." + setting;
    }

    /** Whether MoMo is the sandbox for this account. */
    public boolean sandbox() {
        return MomoMarkets.SANDBOX.equals(targetEnvironment);
    }
}
