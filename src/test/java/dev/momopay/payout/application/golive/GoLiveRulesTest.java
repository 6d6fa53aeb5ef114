package dev.momopay.payout.application.golive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.application.golive.Finding.Verdict;
import dev.momopay.payout.momo.AccountSetup;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.momo.dto.Balance;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each misconfiguration the go-live check knows, judged FAIL (or WARN) with the variable that fixes it. */
class GoLiveRulesTest {

    private static final String SANDBOX_URL = "https://sandbox.momodeveloper.mtn.com";
    private static final String PRODUCTION_URL = "https://proxy.momoapi.mtn.com";

    private static AccountSetup account(String baseUrl, String environment, String currency) {
        return new AccountSetup("default", baseUrl, environment, Optional.ofNullable(currency));
    }

    private static void assertFinding(Finding finding, Verdict verdict, String fix) {
        assertEquals(verdict, finding.verdict(), finding.toString());
        assertEquals(fix, finding.fix(), finding.toString());
    }

    @Test
    void targetEnvironments() {
        assertFinding(GoLiveRules.targetEnvironment(account(PRODUCTION_URL, "production", null)), Verdict.FAIL,
                "MOMO_TARGET_ENVIRONMENT");
        assertFinding(GoLiveRules.targetEnvironment(account(PRODUCTION_URL, "mtnatlantis", null)), Verdict.WARN,
                "MOMO_TARGET_ENVIRONMENT");
        assertFinding(GoLiveRules.targetEnvironment(account(PRODUCTION_URL, "mtnghana", null)), Verdict.PASS, null);
    }

    @Test
    void theBaseUrlMustFitTheEnvironmentAndUseTls() {
        assertFinding(only(GoLiveRules.baseUrl(account(PRODUCTION_URL, "sandbox", null))), Verdict.FAIL,
                "MOMO_BASE_URL");
        assertFinding(only(GoLiveRules.baseUrl(account(SANDBOX_URL, "mtnuganda", null))), Verdict.FAIL,
                "MOMO_BASE_URL");
        assertFinding(only(GoLiveRules.baseUrl(account("http://sandbox.momodeveloper.mtn.com", "sandbox", null))),
                Verdict.FAIL, "MOMO_BASE_URL");
        assertFinding(only(GoLiveRules.baseUrl(account("http://localhost:8090", "sandbox", null))), Verdict.WARN,
                "MOMO_BASE_URL");
        assertFinding(only(GoLiveRules.baseUrl(account(PRODUCTION_URL, "mtnghana", null))), Verdict.PASS, null);
    }

    @Test
    void aConfiguredCurrencyMustBeTheMarkets() {
        assertFinding(GoLiveRules.configuredCurrency(account(SANDBOX_URL, "sandbox", "UGX")).orElseThrow(),
                Verdict.FAIL, "MOMO_CURRENCY");
        assertFinding(GoLiveRules.configuredCurrency(account(PRODUCTION_URL, "mtnghana", "GHS")).orElseThrow(),
                Verdict.PASS, null);
        assertTrue(GoLiveRules.configuredCurrency(account(SANDBOX_URL, "sandbox", null)).isEmpty());
        AccountSetup named = new AccountSetup("ghana", PRODUCTION_URL, "mtnghana", Optional.of("EUR"));
        assertFinding(GoLiveRules.configuredCurrency(named).orElseThrow(), Verdict.FAIL,
                "momo.accounts.ghana.currency");
    }

    @Test
    void theTokenRequestNamesTheCredentialToFix() {
        AccountSetup setup = account(SANDBOX_URL, "sandbox", null);
        List<Finding> ok = GoLiveRules.token(setup, Optional.empty());
        assertEquals(List.of(Verdict.PASS, Verdict.PASS), ok.stream().map(Finding::verdict).toList(), ok.toString());
        assertFinding(GoLiveRules.token(setup, Optional.of(new MomoResult.Unauthorized<>(401, "login_failed")))
                .get(0), Verdict.FAIL, "MOMO_API_USER, MOMO_API_KEY");
        assertFinding(GoLiveRules.token(setup, Optional.of(new MomoResult.Unauthorized<>(401,
                "Access denied due to invalid subscription key"))).get(0), Verdict.FAIL, "MOMO_SUBSCRIPTION_KEY");
        Finding tls = only(GoLiveRules.token(setup, Optional.of(new MomoResult.NotSent<>(
                "javax.net.ssl.SSLHandshakeException: PKIX path building failed"))));
        assertEquals(GoLiveRules.TLS, tls.check());
        assertFinding(tls, Verdict.FAIL, "MOMO_BASE_URL");
        assertFinding(only(GoLiveRules.token(setup, Optional.of(new MomoResult.NotSent<>("Connection refused")))),
                Verdict.WARN, "MOMO_BASE_URL"); // or an outage: the token health check is DOWN for it
        List<Finding> unanswered = GoLiveRules.token(setup, Optional.of(new MomoResult.Unavailable<>(503, null,
                null)));
        assertFinding(unanswered.get(0), Verdict.WARN, null); // MoMo down is no setting to fix
    }

    @Test
    void theBalanceAnswerNamesTheCurrencyOrEnvironmentToFix() {
        AccountSetup usd = account(SANDBOX_URL, "sandbox", "USD");
        assertFinding(GoLiveRules.balance(usd, new MomoResult.Refused<>(500, "INVALID_CURRENCY", "Currency not "
                + "supported.")), Verdict.FAIL, "MOMO_CURRENCY");
        assertFinding(GoLiveRules.balance(account(SANDBOX_URL, "mtnghana", null), new MomoResult.Refused<>(500,
                "NOT_ALLOWED_TARGET_ENVIRONMENT", null)), Verdict.FAIL, "MOMO_TARGET_ENVIRONMENT");
        assertFinding(GoLiveRules.balance(account(SANDBOX_URL, "sandbox", null), new MomoResult.Ok<>(
                new Balance("10", "UGX"))), Verdict.WARN, "MOMO_CURRENCY");
        assertFinding(GoLiveRules.balance(account(SANDBOX_URL, "sandbox", null), new MomoResult.Ok<>(
                new Balance("10", "EUR"))), Verdict.PASS, null);
    }

    @Test
    void theCallbackHostIsAHostNameAndTheRegisteredOne() {
        AccountSetup sandbox = account(SANDBOX_URL, "sandbox", null);
        GoLiveRules.Registration registered = GoLiveRules.Registration.of("payouts.example.com");
        assertFinding(GoLiveRules.callbackHost(Optional.empty(), sandbox, registered), Verdict.PASS, null);
        for (String ip : List.of("https://203.0.113.7:8443", "https://[2001:db8::1]")) {
            assertFinding(GoLiveRules.callbackHost(Optional.of(URI.create(ip)), sandbox, registered), Verdict.FAIL,
                    "PAYOUT_CALLBACK_BASE_URL");
        }
        assertFinding(GoLiveRules.callbackHost(Optional.of(URI.create("https://other.example.com")), sandbox,
                registered), Verdict.FAIL, "PAYOUT_CALLBACK_BASE_URL");
        assertFinding(GoLiveRules.callbackHost(Optional.of(URI.create("https://Payouts.example.com/base")), sandbox,
                registered), Verdict.PASS, null);
        assertFinding(GoLiveRules.callbackHost(Optional.of(URI.create("https://payouts.example.com")), sandbox,
                GoLiveRules.Registration.unknown("404")), Verdict.WARN, null);
        assertFinding(GoLiveRules.callbackHost(Optional.of(URI.create("https://payouts.example.com")),
                account(PRODUCTION_URL, "mtnghana", null), GoLiveRules.Registration.unknown("production")),
                Verdict.PASS, null);
    }

    @Test
    void aMissingSettingNamesItsVariable() {
        List<Finding> findings = GoLiveRules.configuration(account(SANDBOX_URL, "sandbox", null),
                List.of("missing momo.accounts.default.api-key (MOMO_API_KEY)"));
        assertFinding(only(findings), Verdict.FAIL, "MOMO_API_KEY");
    }

    private static Finding only(List<Finding> findings) {
        assertEquals(1, findings.size(), findings.toString());
        return findings.get(0);
    }
}
