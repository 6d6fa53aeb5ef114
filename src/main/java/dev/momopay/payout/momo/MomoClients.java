package dev.momopay.payout.momo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momopay.payout.momo.provisioning.SandboxProvisioner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Entry point: one {@link MomoDisbursementClient} per configured MoMo account ({@code momo.accounts.<name>}),
 * created at first use. An account with missing credentials still gets a client; its calls answer
 * {@link MomoResult.NotSent} naming the missing settings, and {@link #configurationProblems()} lists them
 * (for a readiness check).
 */
@ApplicationScoped
public class MomoClients {

    /** The account used when a command names none. */
    public static final String DEFAULT_ACCOUNT = "default";
    static final String REFRESH_COUNTER = "momo.token.refreshes";

    private final MomoConfig config;
    private final Instance<MeterRegistry> registry;
    private final Map<String, DefaultMomoDisbursementClient> clients = new ConcurrentHashMap<>();
    private final Map<String, MomoDisbursementClient> metered = new ConcurrentHashMap<>();

    @Inject
    public MomoClients(MomoConfig config, Instance<MeterRegistry> registry) {
        this.config = config;
        this.registry = registry;
    }

    /**
     * The client of {@code accountName} ({@link #DEFAULT_ACCOUNT} when null or blank).
     *
     * @throws UnknownMomoAccountException when no such account is configured
     */
    public MomoDisbursementClient forAccount(String accountName) {
        DefaultMomoDisbursementClient client = client(accountName);
        if (!registry.isResolvable()) {
            return client;
        }
        // Every call through here is timed as momo.calls{account, endpoint, result}.
        return metered.computeIfAbsent(client.accountName(), n -> new MeteredMomoClient(client, registry.get()));
    }

    /** Names of the configured accounts, sorted. */
    public Set<String> accountNames() {
        return Collections.unmodifiableSet(new TreeSet<>(config.accounts().keySet()));
    }

    /** Per account, what is missing or wrong in its configuration; accounts without problems are absent. */
    public Map<String, List<String>> configurationProblems() {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (String name : accountNames()) {
            List<String> problems = settings(name).problems();
            if (!problems.isEmpty()) {
                result.put(name, problems);
            }
        }
        return result;
    }

    /**
     * The account's non-secret settings.
     *
     * @throws UnknownMomoAccountException when no such account is configured
     */
    public AccountSetup setup(String accountName) {
        MomoAccountSettings settings = settings(client(accountName).accountName());
        return new AccountSetup(settings.accountName(), settings.baseUrl(), settings.targetEnvironment(),
                config.accounts().get(settings.accountName()).currency().map(String::strip)
                        .filter(c -> !c.isEmpty()).map(c -> c.toUpperCase(Locale.ROOT)));
    }

    /**
     * Whether the account can get an access token now (from the cache, or with one token request): empty when it
     * can, otherwise MoMo's answer to the token request.
     */
    public Uni<Optional<MomoResult<?>>> tokenFailure(String accountName) {
        return client(accountName).tokenCache().token()
                .map(outcome -> outcome.ok() ? Optional.<MomoResult<?>>empty() : Optional.of(outcome.failure()));
    }

    /**
     * The callback host the sandbox registered for the account's API user ({@code GET /v1_0/apiuser/{id}}, a sandbox
     * call only: production keeps it on MTN's partner portal).
     */
    public String registeredCallbackHost(String accountName) throws SandboxProvisioner.ProvisioningException {
        MomoAccountSettings settings = settings(client(accountName).accountName());
        if (settings.baseUrl() == null || settings.subscriptionKey() == null || settings.apiUser() == null) {
            throw new SandboxProvisioner.ProvisioningException("the account's base URL, subscription key or API user"
                    + " is missing", 0);
        }
        UUID apiUser;
        try {
            apiUser = UUID.fromString(settings.apiUser());
        } catch (IllegalArgumentException e) {
            throw new SandboxProvisioner.ProvisioningException("the API user is not a UUID", 0);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        JsonNode user = new SandboxProvisioner(http, URI.create(settings.baseUrl()), settings.subscriptionKey(),
                settings.readTimeout())
                .getUser(apiUser);
        return user.path("providerCallbackHost").asText("");
    }

    /** Number of access-token requests made for {@code accountName} since start-up. */
    public long tokenRefreshCount(String accountName) {
        return client(accountName).tokenCache().refreshCount();
    }

    /**
     * The last failed token request of an account, if the latest token request failed (for readiness:
     * e.g. Unauthorized means the API user/key are wrong).
     */
    public Optional<MomoResult<?>> lastTokenFailure(String accountName) {
        return client(accountName).tokenCache().lastFailure().map(r -> r);
    }

    /**
     * Whether the account can get an access token now, from the cache or with one (single-flight) token request:
     * empty when it can, otherwise why not. Never contains the token.
     */
    public Uni<Optional<String>> tokenProblem(String accountName) {
        return tokenFailure(accountName).map(failure -> failure.map(String::valueOf));
    }

    /** Whether the account's last MoMo call got no answer from MoMo (connect failure, timeout, reset, 503). */
    public boolean lastCallUnanswered(String accountName) {
        MomoDisbursementClient client = metered.get(accountName);
        return client instanceof MeteredMomoClient m && !m.lastCallAnswered();
    }

    DefaultMomoDisbursementClient client(String accountName) {
        String name = accountName == null || accountName.isBlank() ? DEFAULT_ACCOUNT : accountName;
        if (!config.accounts().containsKey(name)) {
            throw new UnknownMomoAccountException(name, accountNames());
        }
        return clients.computeIfAbsent(name, n -> new DefaultMomoDisbursementClient(settings(n), counter(n),
                Clock.systemUTC()));
    }

    MomoAccountSettings settings(String name) {
        return MomoAccountSettings.from(name, config.accounts().get(name), config);
    }

    private Runnable counter(String accountName) {
        if (registry.isResolvable()) {
            Counter counter = Counter.builder(REFRESH_COUNTER)
                    .description("MoMo access-token requests")
                    .tag("account", accountName)
                    .register(registry.get());
            return counter::increment;
        }
        return () -> {
        };
    }

    @PreDestroy
    void close() {
        clients.values().forEach(DefaultMomoDisbursementClient::close);
        clients.clear();
        metered.clear();
    }
}
