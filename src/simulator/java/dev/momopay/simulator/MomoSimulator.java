package dev.momopay.simulator;

import dev.momopay.simulator.faults.Faults;
import dev.momopay.simulator.ledger.Ledger;
import dev.momopay.simulator.ledger.Operation;
import dev.momopay.simulator.ledger.Party;
import dev.momopay.simulator.ledger.TransactionView;
import dev.momopay.simulator.scenario.Outcome;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A local simulator of the MTN MoMo Disbursement API (plus sandbox provisioning), on its own {@link Vertx} instance.
 * Non-blocking: latency and hangs use timers, so it sustains thousands of requests per second and thousands of held
 * connections. See {@code docs/simulator.md}. This class starts it and is its Java API; the handlers by API area
 * (token, consent, account, transactions, status, provisioning, control) share one {@link SimulatorState}.
 *
 * <pre>{@code
 * try (MomoSimulator sim = MomoSimulator.start(SimulatorConfig.defaults())) {
 *     String url = sim.baseUrl();
 *     sim.faults().acceptThenFail(1, AcceptThenFailMode.HANG);
 *     ...
 * }
 * }</pre>
 */
public final class MomoSimulator implements AutoCloseable {

    private final SimulatorState state;
    private final Settlement settlement;
    private final Vertx vertx;
    private final HttpServer server;
    private final String baseUrl;

    private MomoSimulator(SimulatorConfig config) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1)
            .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
        try {
            this.state = new SimulatorState(config, vertx);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
        StatusBodies bodies = new StatusBodies(state);
        CallbackSender callbacks = new CallbackSender(state, bodies);
        this.settlement = new Settlement(state, callbacks);
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(1024 * 1024));
        MomoPipeline pipeline = new MomoPipeline(state, router);
        Credentials credentials = new Credentials(state);
        new TokenApi(state, credentials).register(pipeline);
        new ConsentApi(state, credentials).register(pipeline);
        new AccountApi(state, credentials).register(pipeline);
        new TransactionApi(state, credentials, settlement, callbacks).register(pipeline);
        new StatusApi(state, credentials, bodies, settlement).register(pipeline);
        new ProvisioningApi(state).register(pipeline);
        new ControlApi(this).register(router);
        try {
            this.server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port())
                    .setAcceptBacklog(4096).setIdleTimeout(0))
                .requestHandler(router)
                .listen()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("MoMo simulator could not listen on " + config.host() + ":" + config.port(), e);
        }
        this.baseUrl = "http://" + config.host() + ":" + server.actualPort();
    }

    /** Starts a simulator (on a random free port unless {@link SimulatorConfig#withPort} is set). */
    public static MomoSimulator start(SimulatorConfig config) {
        return new MomoSimulator(config);
    }

    /** Starts a simulator with {@link SimulatorConfig#defaults()}. */
    public static MomoSimulator start() {
        return start(SimulatorConfig.defaults());
    }

    // =================================================================== public API

    /** e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.actualPort();
    }

    public SimulatorConfig config() {
        return state.config;
    }

    /** Subscription key of the default account. */
    public String subscriptionKey() {
        return state.config.subscriptionKey();
    }

    /** Pre-registered API user (UUID) of the default account. */
    public String apiUser() {
        return state.config.apiUser();
    }

    /** API key of the default API user (the current one, if regenerated through provisioning). */
    public String apiKey() {
        ApiUser u = state.apiUsers.get(state.config.apiUser());
        return u == null ? state.config.apiKey() : u.apiKey();
    }

    public String targetEnvironment() {
        return state.config.targetEnvironment();
    }

    public String currency() {
        return state.config.currency();
    }

    /** All accounts, default first. */
    public List<Account> accounts() {
        List<Account> l = new ArrayList<>();
        state.accounts().values().forEach(s -> l.add(s.account));
        return l;
    }

    /** The access and OAuth2 token values issued so far and not yet expired (for "no secrets in logs" tests). */
    public List<String> issuedTokens() {
        return state.tokens.values();
    }

    /** Faults applied to every request. */
    public Faults faults() {
        return state.globalFaults;
    }

    /** Faults applied only to the requests of one account, named by account name or subscription key. */
    public Faults faults(String accountNameOrSubscriptionKey) {
        return state.account(accountNameOrSubscriptionKey).faults;
    }

    public Ledger ledger() {
        return state.ledger;
    }

    public AccountHolders accountHolders() {
        return state.holders;
    }

    /** Float of the default account in {@code currency} (null if it holds none). */
    public BigDecimal balance(String currency) {
        return balance(SimulatorConfig.DEFAULT_ACCOUNT, currency);
    }

    public BigDecimal balance(String account, String currency) {
        return state.account(account).balance(currency);
    }

    /** Adds to the default account's float; returns the new balance. */
    public BigDecimal topUp(String currency, BigDecimal amount) {
        return topUp(SimulatorConfig.DEFAULT_ACCOUNT, currency, amount);
    }

    public BigDecimal topUp(String account, String currency, BigDecimal amount) {
        return state.account(account).add(currency, amount);
    }

    /** Sets an account's float. */
    public void setFloat(String account, String currency, BigDecimal amount) {
        state.account(account).set(currency, amount);
    }

    /** Expires every token issued so far, in all accounts. */
    public void expireAllTokens() {
        state.globalFaults.expireAllTokens();
    }

    /**
     * Forces the final status of a transaction (also over an earlier final status: contradictory reports). The float
     * follows: spent when it becomes SUCCESSFUL, given back when it stops being SUCCESSFUL. A callback is sent only when
     * the transaction was still PENDING.
     *
     * @param status SUCCESSFUL or FAILED
     * @param reason the FAILED reason (null: INTERNAL_PROCESSING_ERROR); ignored for SUCCESSFUL
     */
    public TransactionView completeNow(UUID ref, String status, String reason) {
        if (!"SUCCESSFUL".equals(status) && !"FAILED".equals(status)) {
            throw new IllegalArgumentException("status must be SUCCESSFUL or FAILED: " + status);
        }
        Tx tx = state.ledger.get(ref);
        if (tx == null) {
            throw new IllegalArgumentException("unknown reference " + ref);
        }
        settlement.force(tx, status, reason);
        return tx.view();
    }

    /**
     * Records a transaction of the default account as if MoMo had accepted it earlier and concluded it SUCCESSFUL,
     * without any HTTP call and without a callback: a backlog of payouts submitted before a restart, for benchmarks
     * that seed the worker's database directly. The float is spent as for a real payout.
     *
     * @return false when the reference is already in the ledger (nothing changes then)
     */
    public boolean seedConcluded(UUID ref, Operation operation, String amount, String currency, String msisdn,
            String externalId) {
        AccountState acc = state.account(SimulatorConfig.DEFAULT_ACCOUNT);
        BigDecimal value = new BigDecimal(amount);
        Tx tx = new Tx(ref, acc, state.config.apiUser(), operation, 1, amount, value, currency,
            new Party("MSISDN", msisdn), externalId, null, null, null, null, Outcome.successful(), 0);
        if (!state.ledger.insert(tx)) {
            return false;
        }
        settlement.completeNatural(tx, false);
        return true;
    }

    /** Stops the server, closes all connections (hanging ones included) and the Vert.x instance. */
    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort
        }
    }

    /**
     * Changes the providerCallbackHost registered for an API user (as re-registering the user would): the host check
     * compares callback URLs with it from the next POST on.
     */
    public void registerCallbackHost(String apiUser, String host) {
        if (state.apiUsers.computeIfPresent(apiUser, (id, u) -> u.withProviderCallbackHost(host)) == null) {
            throw new IllegalArgumentException("unknown API user " + apiUser);
        }
    }

    /** The providerCallbackHost an API user has registered, or null for an unknown user. */
    public String registeredCallbackHost(String apiUser) {
        ApiUser u = state.apiUsers.get(apiUser);
        return u == null ? null : u.providerCallbackHost();
    }

    /**
     * Runs {@code observer} on every POST that carries a reference (a repeat included, one a fault refuses too), as
     * it arrives and while the caller waits for the answer: a test sees there what the caller had committed by then.
     * {@code null} removes it.
     */
    public void observePosts(Consumer<UUID> observer) {
        state.observePosts(observer);
    }

    /** The state the control API reads and changes. */
    SimulatorState state() {
        return state;
    }
}
