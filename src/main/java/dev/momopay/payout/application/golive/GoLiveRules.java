package dev.momopay.payout.application.golive;

import dev.momopay.payout.momo.AccountSetup;
import dev.momopay.payout.momo.MomoMarkets;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.momo.dto.Balance;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The go-live check's judgements, from an account's settings and MoMo's answers to what an operator should fix. Pure
 * functions: the calls are made by {@link GoLiveCheck}. A FAIL is a setting that keeps the account from paying, and
 * names the variable to change; a WARN is worth a look but may be intended (a simulator over plain http).
 */
final class GoLiveRules {

    static final String CONFIGURATION = "configuration";
    static final String TARGET_ENVIRONMENT = "target-environment";
    static final String BASE_URL = "base-url";
    static final String TLS = "tls";
    static final String TOKEN = "token";
    static final String CURRENCY = "currency";
    static final String BALANCE = "balance";
    static final String CALLBACK_HOST = "callback-host";
    static final String CALLBACK_VARIABLE = "PAYOUT_CALLBACK_BASE_URL";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final List<String> REQUIRED = List.of("base-url", "subscription-key", "api-user", "api-key",
            "target-environment");

    private GoLiveRules() {
    }

    /** The registered callback host of the account's API user, or why it is not known. */
    record Registration(Optional<String> host, String unknownBecause) {
        static Registration of(String host) {
            return new Registration(Optional.of(host), null);
        }

        static Registration unknown(String because) {
            return new Registration(Optional.empty(), because);
        }
    }

    /** A missing or malformed setting, each naming its variable. */
    static List<Finding> configuration(AccountSetup setup, List<String> problems) {
        List<Finding> findings = new ArrayList<>();
        for (String problem : problems) {
            String fix = REQUIRED.stream().filter(setting -> problem.contains("." + setting)).findFirst()
                    .map(setup::variable).orElse(null);
            findings.add(Finding.fail(CONFIGURATION, problem, fix));
        }
        return findings;
    }

    static Finding targetEnvironment(AccountSetup setup) {
        String environment = setup.targetEnvironment();
        String fix = setup.variable(TARGET_ENVIRONMENT);
        if (environment == null || environment.isBlank()) {
            return Finding.fail(TARGET_ENVIRONMENT, "no target environment is set", fix);
        }
        if (environment.equalsIgnoreCase("production")) {
            return Finding.fail(TARGET_ENVIRONMENT, "'production' is not a target environment: MoMo wants the "
                    + "market's, one of " + MomoMarkets.targetEnvironments(), fix);
        }
        if (MomoMarkets.currencies(environment).isEmpty()) {
            return Finding.warn(TARGET_ENVIRONMENT, "'" + environment + "' is not one of the known environments "
                    + MomoMarkets.targetEnvironments() + ": check it against the value MTN gave you", fix);
        }
        return Finding.pass(TARGET_ENVIRONMENT, environment);
    }

    /** The base URL against the target environment, and its scheme. */
    static List<Finding> baseUrl(AccountSetup setup) {
        URI url;
        try {
            url = URI.create(setup.baseUrl());
        } catch (IllegalArgumentException e) {
            return List.of(); // reported by configuration()
        }
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        boolean momoHost = host.equals(MomoMarkets.SANDBOX_HOST) || host.equals(MomoMarkets.PRODUCTION_HOST);
        String fix = setup.variable(BASE_URL);
        List<Finding> findings = new ArrayList<>();
        if (setup.sandbox() && host.equals(MomoMarkets.PRODUCTION_HOST)) {
            findings.add(Finding.fail(BASE_URL, "the production API host " + host + " with target environment "
                    + "sandbox: use " + MomoMarkets.SANDBOX_HOST + ", or set the market's target environment", fix));
        } else if (!setup.sandbox() && host.equals(MomoMarkets.SANDBOX_HOST)) {
            findings.add(Finding.fail(BASE_URL, "the sandbox host with target environment "
                    + setup.targetEnvironment() + ": markets are served from " + MomoMarkets.PRODUCTION_HOST, fix));
        }
        if ("http".equalsIgnoreCase(url.getScheme())) {
            findings.add(momoHost ? Finding.fail(BASE_URL, "MoMo is served over https only", fix)
                    : Finding.warn(BASE_URL, "plain http to " + host + ": right for a simulator or a local proxy "
                            + "only", fix));
        }
        if (findings.isEmpty()) {
            findings.add(Finding.pass(BASE_URL, url.toString()));
        }
        return findings;
    }

    /** A configured currency against the market's; empty when none is configured (the balance tells then). */
    static Optional<Finding> configuredCurrency(AccountSetup setup) {
        if (setup.currency().isEmpty()) {
            return Optional.empty();
        }
        String currency = setup.currency().get();
        Optional<Set<String>> market = MomoMarkets.currencies(setup.targetEnvironment());
        if (market.isEmpty()) {
            return Optional.of(Finding.warn(CURRENCY, currency + ": the market of '" + setup.targetEnvironment()
                    + "' is not known, so its currency cannot be checked", null));
        }
        if (!market.get().contains(currency)) {
            return Optional.of(Finding.fail(CURRENCY, currency + " is not paid out in " + setup.targetEnvironment()
                    + " (" + String.join(", ", market.get()) + ")", setup.variable(CURRENCY)));
        }
        return Optional.of(Finding.pass(CURRENCY, currency + ", the currency of " + setup.targetEnvironment()));
    }

    /** The token request's outcome; with an https base URL also whether its TLS certificate was trusted. */
    static List<Finding> token(AccountSetup setup, Optional<MomoResult<?>> failure) {
        boolean https = setup.baseUrl() != null && setup.baseUrl().regionMatches(true, 0, "https:", 0, 6);
        if (failure.isEmpty()) {
            List<Finding> findings = new ArrayList<>(List.of(Finding.pass(TOKEN, "MoMo issued an access token")));
            if (https) {
                findings.add(Finding.pass(TLS, "the server certificate of " + host(setup) + " is trusted"));
            }
            return findings;
        }
        MomoResult<?> result = failure.get();
        if (result instanceof MomoResult.NotSent<?> notSent && tlsFailure(notSent.detail())) {
            return List.of(Finding.fail(TLS, "the TLS connection to " + host(setup) + " failed (" + notSent.detail()
                    + "): its certificate is not trusted or not valid for the host", setup.variable(BASE_URL)));
        }
        List<Finding> findings = new ArrayList<>(List.of(answer(TOKEN, setup, result)));
        if (https && !(result instanceof MomoResult.NotSent<?>)) {
            findings.add(Finding.pass(TLS, "the server certificate of " + host(setup) + " is trusted"));
        }
        return findings;
    }

    static Finding balance(AccountSetup setup, MomoResult<Balance> result) {
        if (!(result instanceof MomoResult.Ok<Balance> ok) || ok.body() == null) {
            return answer(BALANCE, setup, result);
        }
        String reported = ok.body().currency() == null ? "" : ok.body().currency().toUpperCase(Locale.ROOT);
        Optional<Set<String>> market = MomoMarkets.currencies(setup.targetEnvironment());
        if (setup.currency().isPresent() && !setup.currency().get().equals(reported)) {
            return Finding.warn(BALANCE, "asked for " + setup.currency().get() + ", MoMo answered a balance in "
                    + reported, setup.variable(CURRENCY));
        }
        if (setup.currency().isEmpty() && market.isPresent() && !market.get().contains(reported)) {
            return Finding.warn(BALANCE, "MoMo keeps this account's balance in " + reported + ", but "
                    + setup.targetEnvironment() + " pays out in " + String.join(", ", market.get()),
                    setup.variable(CURRENCY));
        }
        return Finding.pass(BALANCE, "MoMo answers the balance in " + reported);
    }

    /** The callback base URL's host: a host name, and (where it can be read) the API user's registered one. */
    static Finding callbackHost(Optional<URI> callbackBase, AccountSetup setup, Registration registration) {
        if (callbackBase.isEmpty()) {
            return Finding.pass(CALLBACK_HOST, CALLBACK_VARIABLE + " is not set: the worker polls, MoMo sends no "
                    + "callbacks");
        }
        String host = callbackBase.get().getHost();
        if (host == null || host.isBlank()) {
            return Finding.fail(CALLBACK_HOST, callbackBase.get() + " has no host", CALLBACK_VARIABLE);
        }
        if (host.startsWith("[") || IPV4.matcher(host).matches()) {
            return Finding.fail(CALLBACK_HOST, "MoMo accepts a host name only, not an IP address (" + host + ")",
                    CALLBACK_VARIABLE);
        }
        if (!setup.sandbox()) {
            if ("http".equalsIgnoreCase(callbackBase.get().getScheme())) {
                return Finding.warn(CALLBACK_HOST, "callbacks over plain http to " + host, CALLBACK_VARIABLE);
            }
            return Finding.pass(CALLBACK_HOST, host + "; in production MTN keeps the registered host on its partner "
                    + "portal, where it must be this one");
        }
        if (registration.host().isEmpty()) {
            return Finding.warn(CALLBACK_HOST, host + "; the API user's registered callback host could not be read ("
                    + registration.unknownBecause() + ")", null);
        }
        String registered = registration.host().get();
        if (!registered.equalsIgnoreCase(host)) {
            return Finding.fail(CALLBACK_HOST, "MoMo refuses callback URLs on " + host + ": the API user's "
                    + "registered callback host is '" + registered + "' (set the callback URL on that host, or "
                    + "register " + host + " for the API user)", CALLBACK_VARIABLE);
        }
        return Finding.pass(CALLBACK_HOST, host + ", the API user's registered callback host");
    }

    /** A failed call to MoMo, as what to fix. */
    private static Finding answer(String check, AccountSetup setup, MomoResult<?> result) {
        String credentials = setup.variable("api-user") + ", " + setup.variable("api-key");
        if (result instanceof MomoResult.Unauthorized<?> unauthorized) {
            String message = String.valueOf(unauthorized.message());
            if (message.toLowerCase(Locale.ROOT).contains("subscription")) {
                return Finding.fail(check, "MoMo refused the subscription key (HTTP " + unauthorized.status() + ")",
                        setup.variable("subscription-key"));
            }
            return Finding.fail(check, "MoMo refused the credentials (HTTP " + unauthorized.status() + ": "
                    + message + ")", credentials);
        }
        if (result instanceof MomoResult.Refused<?> refused) {
            String code = String.valueOf(refused.code());
            String fix = switch (code) {
                case "NOT_ALLOWED_TARGET_ENVIRONMENT" -> setup.variable(TARGET_ENVIRONMENT);
                case "INVALID_CURRENCY" -> setup.variable(CURRENCY);
                case "NOT_ALLOWED" -> credentials;
                default -> null;
            };
            return Finding.fail(check, "MoMo refused: " + code + (refused.message() == null ? ""
                    : " (" + refused.message() + ")"), fix);
        }
        if (result instanceof MomoResult.NotSent<?> notSent) {
            // A wrong URL or an outage: the check cannot tell them apart (the "MoMo access tokens" check is DOWN).
            return Finding.warn(check, "MoMo could not be reached at " + setup.baseUrl() + " (" + notSent.detail()
                    + "): a wrong base URL, or MoMo is down", setup.variable(BASE_URL));
        }
        if (result instanceof MomoResult.BadRequest<?> bad) {
            return Finding.fail(check, "MoMo refused the request (HTTP " + bad.status() + " " + bad.code() + ": "
                    + bad.message() + ")", null);
        }
        return Finding.warn(check, "MoMo gave no usable answer (" + result.getClass().getSimpleName()
                + "): run the check again", null);
    }

    private static boolean tlsFailure(String detail) {
        String text = String.valueOf(detail).toLowerCase(Locale.ROOT);
        return text.contains("ssl") || text.contains("tls") || text.contains("pkix") || text.contains("certificat")
                || text.contains("handshake");
    }

    private static String host(AccountSetup setup) {
        try {
            return URI.create(setup.baseUrl()).getHost();
        } catch (IllegalArgumentException e) {
            return setup.baseUrl();
        }
    }
}
