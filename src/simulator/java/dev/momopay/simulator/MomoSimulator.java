package dev.momopay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momopay.simulator.faults.AcceptThenFailMode;
import dev.momopay.simulator.faults.EndpointClass;
import dev.momopay.simulator.faults.Faults;
import dev.momopay.simulator.ledger.Ledger;
import dev.momopay.simulator.ledger.Operation;
import dev.momopay.simulator.ledger.Party;
import dev.momopay.simulator.ledger.TransactionView;
import dev.momopay.simulator.scenario.ActiveResult;
import dev.momopay.simulator.scenario.Outcome;
import dev.momopay.simulator.scenario.SandboxMatrix;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A local simulator of the MTN MoMo Disbursement API (plus sandbox provisioning), on its own {@link Vertx} instance.
 * Non-blocking: latency and hangs use timers, so it sustains thousands of requests per second and thousands of held
 * connections. See {@code docs/simulator.md}.
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

    static final ObjectMapper JSON = new ObjectMapper();

    static final Pattern UUID_V4 =
        Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$");
    static final Pattern UUID_ANY =
        Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern AMOUNT = Pattern.compile("^\\d+(\\.\\d+)?$");
    private static final Set<String> PARTY_TYPES = Set.of("MSISDN", "EMAIL", "PARTY_CODE", "ALIAS");
    private static final Set<String> USERINFO_TYPES = Set.of("msisdn", "email", "party_code", "alias", "id");
    private static final Set<String> ACTIVE_TYPES = Set.of("msisdn", "email", "party_code");
    private static final String SUB_KEY = "Ocp-Apim-Subscription-Key";
    private static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";
    private static final String APIM_DENIED =
        "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.";

    /** A provisioned or pre-registered API user. */
    record ApiUser(String id, String account, String apiKey, String providerCallbackHost, String targetEnvironment) {
    }

    record AuthReq(String id, String account, String apiUser, String subject, String scope, long expiresNanos) {
    }

    /** Per-request context collected by the pipeline. */
    static final class Call {
        AccountState account;
        EndpointClass cls;
        String[] ids;
    }

    @FunctionalInterface
    private interface CallHandler {
        void handle(RoutingContext ctx, Call call) throws Exception;
    }

    private final SimulatorConfig config;
    private final Vertx vertx;
    private final HttpClient callbackClient;
    private final HttpServer server;
    private final LedgerStore ledger = new LedgerStore();
    private volatile java.util.function.Consumer<UUID> postObserver = reference -> { };
    private final TokenStore tokens = new TokenStore();
    private final AccountHolders holders = new AccountHolders();
    private final Faults globalFaults;
    private final Map<String, AccountState> accountsByName = new LinkedHashMap<>();
    private final Map<String, AccountState> accountsByKey = new LinkedHashMap<>();
    private final Map<String, ApiUser> apiUsers = new ConcurrentHashMap<>();
    private final Map<String, AuthReq> authReqs = new ConcurrentHashMap<>();
    private final SandboxMatrix.Options matrix;
    private final String baseUrl;

    private MomoSimulator(SimulatorConfig config) {
        this.config = config;
        this.matrix = new SandboxMatrix.Options(config.legacyOngoing(), config.legacyOngoingDelay(),
            config.transferTypeUnknownReason(), config.activeNotActiveAs500());
        for (Account a : config.accounts()) {
            if (accountsByKey.containsKey(a.subscriptionKey())) {
                throw new IllegalArgumentException("duplicate subscription key " + a.subscriptionKey());
            }
            AccountState s = new AccountState(a, new Faults(() -> tokens.expireAccount(a.name())));
            accountsByName.put(a.name(), s);
            accountsByKey.put(a.subscriptionKey(), s);
            apiUsers.put(a.apiUser(), new ApiUser(a.apiUser(), a.name(), a.apiKey(), a.providerCallbackHost(),
                a.targetEnvironment()));
        }
        this.globalFaults = new Faults(() -> tokens.expireAll(accountsByName.keySet()));
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1)
            .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
        this.callbackClient = vertx.createHttpClient(new HttpClientOptions()
            .setConnectTimeout((int) config.callbackTimeout().toMillis())
            .setMaxPoolSize(200).setKeepAlive(true));
        Router router = buildRouter();
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
        return config;
    }

    /** Subscription key of the default account. */
    public String subscriptionKey() {
        return config.subscriptionKey();
    }

    /** Pre-registered API user (UUID) of the default account. */
    public String apiUser() {
        return config.apiUser();
    }

    /** API key of the default API user (the current one, if regenerated through provisioning). */
    public String apiKey() {
        ApiUser u = apiUsers.get(config.apiUser());
        return u == null ? config.apiKey() : u.apiKey();
    }

    public String targetEnvironment() {
        return config.targetEnvironment();
    }

    public String currency() {
        return config.currency();
    }

    /** All accounts, default first. */
    public List<Account> accounts() {
        List<Account> l = new ArrayList<>();
        accountsByName.values().forEach(s -> l.add(s.account));
        return l;
    }

    /** Faults applied to every request. */
    /** The access and OAuth2 token values issued so far and not yet expired (for "no secrets in logs" tests). */
    public List<String> issuedTokens() {
        return tokens.values();
    }

    public Faults faults() {
        return globalFaults;
    }

    /** Faults applied only to the requests of one account, named by account name or subscription key. */
    public Faults faults(String accountNameOrSubscriptionKey) {
        return state(accountNameOrSubscriptionKey).faults;
    }

    public Ledger ledger() {
        return ledger;
    }

    public AccountHolders accountHolders() {
        return holders;
    }

    /** Float of the default account in {@code currency} (null if it holds none). */
    public BigDecimal balance(String currency) {
        return balance(SimulatorConfig.DEFAULT_ACCOUNT, currency);
    }

    public BigDecimal balance(String account, String currency) {
        return state(account).balance(currency);
    }

    /** Adds to the default account's float; returns the new balance. */
    public BigDecimal topUp(String currency, BigDecimal amount) {
        return topUp(SimulatorConfig.DEFAULT_ACCOUNT, currency, amount);
    }

    public BigDecimal topUp(String account, String currency, BigDecimal amount) {
        return state(account).add(currency, amount);
    }

    /** Sets an account's float. */
    public void setFloat(String account, String currency, BigDecimal amount) {
        state(account).set(currency, amount);
    }

    /** Expires every token issued so far, in all accounts. */
    public void expireAllTokens() {
        globalFaults.expireAllTokens();
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
        Tx tx = ledger.get(ref);
        if (tx == null) {
            throw new IllegalArgumentException("unknown reference " + ref);
        }
        boolean wasPending;
        synchronized (tx) {
            String before = tx.status();
            wasPending = "PENDING".equals(before);
            boolean ok = "SUCCESSFUL".equals(status);
            if (ok && !"SUCCESSFUL".equals(before)) {
                tx.account.add(tx.currency, tx.amountValue.negate());
            } else if (!ok && "SUCCESSFUL".equals(before)) {
                tx.account.add(tx.currency, tx.amountValue);
            }
            String finId = ok ? (tx.view().financialTransactionId() != null ? tx.view().financialTransactionId()
                : newFinancialTransactionId()) : null;
            tx.finish(status, ok ? null : (reason == null ? SandboxMatrix.INTERNAL_PROCESSING_ERROR : reason), finId, true);
        }
        if (wasPending) {
            sendCallback(tx);
        }
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
        AccountState acc = accountsByName.get(SimulatorConfig.DEFAULT_ACCOUNT);
        BigDecimal value = new BigDecimal(amount);
        Tx tx = new Tx(ref, acc, config.apiUser(), operation, 1, amount, value, currency,
            new Party("MSISDN", msisdn), externalId, null, null, null, null, Outcome.successful(), 0);
        if (!ledger.insert(tx)) {
            return false;
        }
        completeNatural(tx, false);
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

    private AccountState state(String nameOrKey) {
        AccountState s = accountsByName.get(nameOrKey);
        if (s == null) {
            s = accountsByKey.get(nameOrKey);
        }
        if (s == null) {
            throw new IllegalArgumentException("unknown account " + nameOrKey);
        }
        return s;
    }

    // =================================================================== routing

    private Router buildRouter() {
        Router r = Router.router(vertx);
        r.route().handler(BodyHandler.create(false).setBodyLimit(1024 * 1024));

        // --- tokens
        on(r, HttpMethod.POST, "/disbursement/token/?", EndpointClass.TOKEN, this::token);
        on(r, HttpMethod.POST, "/disbursement/oauth2/token/?", EndpointClass.TOKEN, this::oauth2Token);
        // --- account
        on(r, HttpMethod.GET, "/disbursement/v1_0/account/balance/?", EndpointClass.OTHER, (c, k) -> balance(c, k, null));
        on(r, HttpMethod.GET, "/disbursement/v1_0/account/balance/([^/]+)", EndpointClass.OTHER,
            (c, k) -> balance(c, k, c.pathParam("param0")));
        on(r, HttpMethod.GET, "/disbursement/v1_0/accountholder/([^/]+)/([^/]+)/basicuserinfo", EndpointClass.OTHER,
            this::basicUserInfo);
        on(r, HttpMethod.GET, "/disbursement/v1_0/accountholder/([^/]+)/([^/]+)/active", EndpointClass.OTHER,
            this::active);
        // --- consent (CIBA)
        on(r, HttpMethod.POST, "/disbursement/v1_0/bc-authorize", EndpointClass.OTHER, this::bcAuthorize);
        on(r, HttpMethod.GET, "/disbursement/oauth2/v1_0/userinfo", EndpointClass.OTHER, this::userInfo);
        // --- transactions
        on(r, HttpMethod.POST, "/disbursement/v1_0/deposit", EndpointClass.POST, (c, k) -> create(c, k, Operation.DEPOSIT, 1));
        on(r, HttpMethod.POST, "/disbursement/v2_0/deposit", EndpointClass.POST, (c, k) -> create(c, k, Operation.DEPOSIT, 2));
        on(r, HttpMethod.POST, "/disbursement/v1_0/transfer", EndpointClass.POST, (c, k) -> create(c, k, Operation.TRANSFER, 1));
        on(r, HttpMethod.POST, "/disbursement/v1_0/refund", EndpointClass.POST, (c, k) -> create(c, k, Operation.REFUND, 1));
        on(r, HttpMethod.POST, "/disbursement/v2_0/refund", EndpointClass.POST, (c, k) -> create(c, k, Operation.REFUND, 2));
        for (Operation op : Operation.values()) {
            on(r, HttpMethod.GET, "/disbursement/v1_0/" + op.path() + "/([^/]+)", EndpointClass.STATUS,
                (c, k) -> status(c, k, op));
        }
        // --- sandbox provisioning
        on(r, HttpMethod.POST, "/v1_0/apiuser", EndpointClass.OTHER, this::createApiUser);
        on(r, HttpMethod.POST, "/v1_0/apiuser/([^/]+)/apikey", EndpointClass.OTHER, this::createApiKey);
        on(r, HttpMethod.GET, "/v1_0/apiuser/([^/]+)", EndpointClass.OTHER, this::getApiUser);
        // --- control API
        new ControlApi(this).register(r);
        return r;
    }

    private void on(Router r, HttpMethod method, String regex, EndpointClass cls, CallHandler h) {
        r.routeWithRegex(method, "^" + regex + "$").handler(ctx -> pipeline(ctx, cls, h));
    }

    /**
     * Common steps of every MoMo call: count, latency, the API-down fault, subscription key, refusal faults (503 burst /
     * error rate), the status rate limit, then the endpoint handler.
     */
    private void pipeline(RoutingContext ctx, EndpointClass cls, CallHandler h) {
        Call call = new Call();
        call.cls = cls;
        call.account = accountsByKey.get(subscriptionKeyOf(ctx));
        String refHeader = ctx.request().getHeader("X-Reference-Id");
        String pathRef = cls == EndpointClass.STATUS ? ctx.pathParam("param0") : null;
        call.ids = new String[] {refHeader, pathRef, cls == EndpointClass.POST ? payeeIdOf(ctx) : null};
        if (cls == EndpointClass.POST && refHeader != null && UUID_ANY.matcher(refHeader.trim()).matches()) {
            ledger.countPost(UUID.fromString(refHeader.trim()));
            postObserver.accept(UUID.fromString(refHeader.trim()));
        }
        if (cls == EndpointClass.STATUS && pathRef != null && UUID_ANY.matcher(pathRef).matches()) {
            ledger.countStatusGet(UUID.fromString(pathRef));
        }
        long delay = globalFaults.latencyMillis(cls, call.ids)
            + (call.account == null ? 0 : call.account.faults.latencyMillis(cls, call.ids));
        if (delay > 0) {
            vertx.setTimer(delay, t -> afterLatency(ctx, call, h));
        } else {
            afterLatency(ctx, call, h);
        }
    }

    private void afterLatency(RoutingContext ctx, Call call, CallHandler h) {
        if (ctx.response().closed()) {
            return;
        }
        try {
            // an outage answers before anything else, even before the subscription key is checked
            if (globalFaults.apiDown() || (call.account != null && call.account.faults.apiDown())) {
                unavailable(ctx);
                return;
            }
            if (call.account == null) {
                json(ctx, 401, JSON.createObjectNode().put("statusCode", 401).put("message", APIM_DENIED));
                return;
            }
            int refusal = globalFaults.refusal(call.cls, call.ids);
            if (refusal == 0) {
                refusal = call.account.faults.refusal(call.cls, call.ids);
            }
            if (refusal == 503) {
                unavailable(ctx);
                return;
            }
            if (refusal != 0) {
                empty(ctx, refusal);
                return;
            }
            if (call.cls == EndpointClass.STATUS) {
                int retryAfter = globalFaults.statusRateLimitRetryAfter(call.ids);
                if (retryAfter == 0) {
                    retryAfter = call.account.faults.statusRateLimitRetryAfter(call.ids);
                }
                if (retryAfter > 0) {
                    ctx.response().putHeader("Retry-After", String.valueOf(retryAfter));
                    json(ctx, 429, JSON.createObjectNode().put("statusCode", 429)
                        .put("message", "Rate limit is exceeded. Try again in " + retryAfter + " seconds."));
                    return;
                }
            }
            h.handle(ctx, call);
        } catch (Exception e) {
            if (!ctx.response().ended() && !ctx.response().closed()) {
                error(ctx, 500, SandboxMatrix.INTERNAL_PROCESSING_ERROR, "Simulator error: " + e);
            }
        }
    }

    private static String subscriptionKeyOf(RoutingContext ctx) {
        String k = ctx.request().getHeader(SUB_KEY);
        if (k == null) {
            k = ctx.request().getParam("subscription-key");
        }
        return k == null ? "" : k;
    }

    private static String payeeIdOf(RoutingContext ctx) {
        try {
            String b = ctx.body().asString();
            if (b == null || b.isBlank()) {
                return null;
            }
            JsonNode n = JSON.readTree(b);
            JsonNode id = n.path("payee").path("partyId");
            return id.isTextual() ? id.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    // =================================================================== response helpers

    static void json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(JSON.writeValueAsString(body));
        } catch (Exception e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    static void empty(RoutingContext ctx, int status) {
        if (!ctx.response().ended() && !ctx.response().closed()) {
            ctx.response().setStatusCode(status).end();
        }
    }

    static void error(RoutingContext ctx, int status, String code, String message) {
        json(ctx, status, JSON.createObjectNode().put("code", code).put("message", message));
    }

    private static void unavailable(RoutingContext ctx) {
        error(ctx, 503, "SERVICE_UNAVAILABLE", "Service unavailable, try again later.");
    }

    private static void badRequest(RoutingContext ctx, String message) {
        error(ctx, 400, "BAD_REQUEST", message);
    }

    private static void invalidToken(RoutingContext ctx, String description) {
        json(ctx, 401, JSON.createObjectNode().put("error", "invalid_token").put("error_description", description));
    }

    private void loginFailed(RoutingContext ctx) {
        json(ctx, config.loginFailedStatus(), JSON.createObjectNode().put("error", "login_failed"));
    }

    // =================================================================== auth helpers

    /** The API user of a valid Basic header for the call's account, or null. */
    private ApiUser basic(RoutingContext ctx, Call call) {
        String h = ctx.request().getHeader("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        ApiUser u = apiUsers.get(decoded.substring(0, colon));
        if (u == null || u.apiKey() == null || !u.account().equals(call.account.account.name())
            || !u.apiKey().equals(decoded.substring(colon + 1))) {
            return null;
        }
        return u;
    }

    private static String bearerValue(RoutingContext ctx) {
        String h = ctx.request().getHeader("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return h.substring(7).trim();
    }

    /** Validates the Bearer token for the call's account; answers 401 and returns null when it is not valid. */
    private TokenStore.Token bearer(RoutingContext ctx, Call call, TokenStore.Kind kind) {
        String v = bearerValue(ctx);
        if (v == null || v.isEmpty()) {
            invalidToken(ctx, "Access token is missing.");
            return null;
        }
        TokenStore.Token t = tokens.valid(v, kind);
        if (t == null || !t.account().equals(call.account.account.name())) {
            invalidToken(ctx, "Access token is invalid or expired.");
            return null;
        }
        return t;
    }

    /** Checks X-Target-Environment; answers 400 (missing) or 500 (wrong) and returns false when it is not right. */
    private boolean targetEnvironment(RoutingContext ctx, Call call) {
        String env = ctx.request().getHeader("X-Target-Environment");
        if (env == null || env.isBlank()) {
            badRequest(ctx, "Missing required header X-Target-Environment.");
            return false;
        }
        if (!env.equals(call.account.account.targetEnvironment())) {
            error(ctx, 500, "NOT_ALLOWED_TARGET_ENVIRONMENT", "Access to target environment is forbidden.");
            return false;
        }
        return true;
    }

    private boolean product(RoutingContext ctx, Call call) {
        return bearer(ctx, call, TokenStore.Kind.ACCESS) != null && targetEnvironment(ctx, call);
    }

    private Faults[] scopes(AccountState a) {
        return new Faults[] {globalFaults, a.faults};
    }

    // =================================================================== tokens

    private void token(RoutingContext ctx, Call call) {
        String body = ctx.body().asString();
        if (body != null && !body.isBlank()) {
            badRequest(ctx, "A body is not supported on the token API.");
            return;
        }
        ApiUser u = basic(ctx, call);
        if (u == null) {
            loginFailed(ctx);
            return;
        }
        Duration advertised = config.tokenTtl();
        Duration enforced = globalFaults.tokenTtlOverride() != null ? globalFaults.tokenTtlOverride()
            : call.account.faults.tokenTtlOverride() != null ? call.account.faults.tokenTtlOverride() : advertised;
        TokenStore.Token t = tokens.issue(TokenStore.Kind.ACCESS, call.account.account.name(), u.id(),
            enforced.toNanos(), null, null);
        ledger.tokensIssued.incrementAndGet();
        json(ctx, 200, JSON.createObjectNode().put("access_token", t.value()).put("token_type", "access_token")
            .put("expires_in", Math.max(1, (advertised.toMillis() + 999) / 1000)));
    }

    private static Map<String, String> form(RoutingContext ctx) {
        Map<String, String> m = new LinkedHashMap<>();
        ctx.request().formAttributes().forEach(e -> m.put(e.getKey(), e.getValue()));
        String b = ctx.body().asString();
        if (m.isEmpty() && b != null && !b.isBlank()) {
            for (String pair : b.split("&")) {
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                m.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private void bcAuthorize(RoutingContext ctx, Call call) {
        // [U] the official page says Basic, MTN's notebook/Postman send Bearer: accept both.
        String apiUser;
        ApiUser u = basic(ctx, call);
        if (u != null) {
            apiUser = u.id();
        } else if (bearerValue(ctx) != null) {
            TokenStore.Token t = bearer(ctx, call, TokenStore.Kind.ACCESS);
            if (t == null) {
                return;
            }
            apiUser = t.apiUser();
        } else {
            loginFailed(ctx);
            return;
        }
        if (!targetEnvironment(ctx, call) || !callbackHeaderOk(ctx)) {
            return;
        }
        Map<String, String> f = form(ctx);
        String hint = f.get("login_hint");
        String scope = f.get("scope");
        String access = f.getOrDefault("access_type", "offline");
        if (hint == null || !hint.matches("ID:[^/]+/[A-Za-z_]+") || scope == null || scope.isBlank()
            || !(access.equals("online") || access.equals("offline"))) {
            badRequest(ctx, "login_hint (ID:{id}/{TYPE}), scope and access_type (online|offline) are required.");
            return;
        }
        String subject = hint.substring(3, hint.indexOf('/'));
        Duration ttl = Duration.ofMinutes(10);
        AuthReq req = new AuthReq(UUID.randomUUID().toString(), call.account.account.name(), apiUser, subject, scope,
            System.nanoTime() + ttl.toNanos());
        authReqs.put(req.id(), req);
        json(ctx, 200, JSON.createObjectNode().put("auth_req_id", req.id()).put("interval", 5)
            .put("expires_in", ttl.toSeconds()));
    }

    private void oauth2Token(RoutingContext ctx, Call call) {
        ApiUser u = basic(ctx, call);
        if (u == null) {
            loginFailed(ctx);
            return;
        }
        if (!targetEnvironment(ctx, call)) {
            return;
        }
        Map<String, String> f = form(ctx);
        String grant = f.get("grant_type");
        String subject;
        String scope;
        if (CIBA_GRANT.equals(grant)) {
            AuthReq req = f.get("auth_req_id") == null ? null : authReqs.remove(f.get("auth_req_id"));
            if (req == null || !req.account().equals(call.account.account.name())
                || System.nanoTime() - req.expiresNanos() >= 0) {
                json(ctx, 400, JSON.createObjectNode().put("error", "invalid_grant"));
                return;
            }
            subject = req.subject();
            scope = req.scope();
        } else if ("refresh_token".equals(grant)) {
            TokenStore.Token rt = tokens.valid(f.get("refresh_token"), TokenStore.Kind.REFRESH);
            if (rt == null || !rt.account().equals(call.account.account.name())) {
                json(ctx, 400, JSON.createObjectNode().put("error", "invalid_grant"));
                return;
            }
            tokens.revoke(rt.value());
            subject = rt.subject();
            scope = rt.scope();
        } else {
            json(ctx, 400, JSON.createObjectNode().put("error", "unsupported_grant_type"));
            return;
        }
        String acc = call.account.account.name();
        Duration ttl = globalFaults.tokenTtlOverride() != null ? globalFaults.tokenTtlOverride() : config.tokenTtl();
        TokenStore.Token at = tokens.issue(TokenStore.Kind.OAUTH2, acc, u.id(), ttl.toNanos(), subject, scope);
        Duration rttl = Duration.ofDays(1);
        TokenStore.Token rt = tokens.issue(TokenStore.Kind.REFRESH, acc, u.id(), rttl.toNanos(), subject, scope);
        json(ctx, 200, JSON.createObjectNode().put("access_token", at.value()).put("token_type", "Bearer")
            .put("expires_in", config.tokenTtl().toSeconds()).put("scope", scope).put("refresh_token", rt.value())
            .put("refresh_token_expired_in", rttl.toSeconds()));
    }

    private void userInfo(RoutingContext ctx, Call call) {
        TokenStore.Token t = bearer(ctx, call, TokenStore.Kind.OAUTH2);
        if (t == null || !targetEnvironment(ctx, call)) {
            return;
        }
        AccountHolders.Holder h = holders.get(t.subject()).orElse(AccountHolders.DEFAULT);
        if (h.state() == AccountHolders.State.NOT_FOUND) {
            error(ctx, 404, "RESOURCE_NOT_FOUND", "Account holder is not found.");
            return;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("sub", "0").put("name", h.name()).put("given_name", h.givenName()).put("family_name", h.familyName())
            .put("middle_name", "").put("email", "sand.box@example.com").put("email_verified", true)
            .put("gender", "MALE").put("locale", "sv_SE").put("phone_number", t.subject())
            .put("phone_number_verified", true).put("address", "Sandbox Street 1").put("updated_at", 1676978048L)
            .put("status", h.state() == AccountHolders.State.ACTIVE ? "ACTIVE" : "INACTIVE")
            .put("birthdate", "1976-08-13").put("credit_score", "0")
            .put("active", h.state() == AccountHolders.State.ACTIVE).put("country_of_birth", "SE")
            .put("region_of_birth", "Stockholm").put("city_of_birth", "Stockholm").put("occupation", "Tester")
            .put("employer_name", "Sandbox").put("identification_type", "PASSPORT")
            .put("identification_value", "SB0000000");
        json(ctx, 200, n);
    }

    // =================================================================== account endpoints

    private void balance(RoutingContext ctx, Call call, String currency) {
        if (!product(ctx, call)) {
            return;
        }
        String cur = currency == null ? call.account.account.currency() : currency;
        BigDecimal b = call.account.balance(cur);
        if (b == null) {
            error(ctx, 500, "INVALID_CURRENCY", "Currency not supported.");
            return;
        }
        json(ctx, 200, JSON.createObjectNode().put("availableBalance", b.toPlainString()).put("currency", cur));
    }

    private void basicUserInfo(RoutingContext ctx, Call call) {
        if (!product(ctx, call)) {
            return;
        }
        String type = ctx.pathParam("param0");
        String id = ctx.pathParam("param1");
        if (!USERINFO_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
            badRequest(ctx, "Unsupported accountHolderIdType " + type);
            return;
        }
        AccountHolders.Holder h = holders.get(id).orElse(AccountHolders.DEFAULT);
        if (h.state() == AccountHolders.State.NOT_FOUND) {
            error(ctx, 404, "RESOURCE_NOT_FOUND", "Account holder is not found.");
            return;
        }
        json(ctx, 200, JSON.createObjectNode().put("sub", "0").put("name", h.name()).put("given_name", h.givenName())
            .put("family_name", h.familyName()).put("birthdate", "1976-08-13").put("locale", "sv_SE")
            .put("gender", "MALE").put("updated_at", "1676978048"));
    }

    private void active(RoutingContext ctx, Call call) {
        if (!product(ctx, call)) {
            return;
        }
        String type = ctx.pathParam("param0");
        String id = ctx.pathParam("param1");
        if (!ACTIVE_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
            badRequest(ctx, "Unsupported accountHolderIdType " + type + " (msisdn, email, party_code).");
            return;
        }
        ActiveResult res = holders.get(id).map(h -> switch (h.state()) {
            case ACTIVE -> ActiveResult.ok(true);
            case INACTIVE -> ActiveResult.ok(false);
            case NOT_FOUND -> ActiveResult.error(404, "RESOURCE_NOT_FOUND");
        }).orElseGet(() -> SandboxMatrix.active(type, id, matrix));
        if (res.httpStatus() == 200) {
            json(ctx, 200, JSON.createObjectNode().put("result", res.active()));
        } else {
            error(ctx, res.httpStatus(), res.code(), res.httpStatus() == 404 ? "Account holder is not found."
                : messageFor(res.code()));
        }
    }

    // =================================================================== transactions

    private boolean callbackHeaderOk(RoutingContext ctx) {
        String cb = ctx.request().getHeader("X-Callback-Url");
        if (cb == null) {
            return true;
        }
        if (cb.isBlank()) {
            badRequest(ctx, "X-Callback-Url is present but empty.");
            return false;
        }
        try {
            URI u = new URI(cb.trim());
            if (u.getScheme() == null || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))
                || u.getHost() == null) {
                badRequest(ctx, "X-Callback-Url is not an http(s) URL.");
                return false;
            }
        } catch (Exception e) {
            badRequest(ctx, "X-Callback-Url is malformed.");
            return false;
        }
        return true;
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n.isValueNode() ? n.asText() : null;
    }

    private String noteProblem(String name, String v) {
        if (v == null) {
            return null;
        }
        if (v.length() > 160) {
            return name + " is longer than 160 characters.";
        }
        if (config.rejectSpecialCharsInNotes() && (v.indexOf('\'') >= 0 || v.indexOf('&') >= 0)) {
            return name + " contains a character that is not allowed (' or &).";
        }
        return null;
    }

    private void create(RoutingContext ctx, Call call, Operation op, int version) {
        TokenStore.Token token = bearer(ctx, call, TokenStore.Kind.ACCESS);
        if (token == null || !targetEnvironment(ctx, call)) {
            return;
        }
        String refHeader = ctx.request().getHeader("X-Reference-Id");
        if (refHeader == null || !UUID_V4.matcher(refHeader.trim()).matches()) {
            badRequest(ctx, "X-Reference-Id must be a UUID version 4.");
            return;
        }
        UUID ref = UUID.fromString(refHeader.trim());
        if (ledger.get(ref) != null) {
            reused(ctx, call);
            return;
        }
        if (!callbackHeaderOk(ctx)) {
            return;
        }
        String callbackUrl = ctx.request().getHeader("X-Callback-Url");
        callbackUrl = callbackUrl == null ? null : callbackUrl.trim();

        JsonNode body;
        try {
            String b = ctx.body().asString();
            body = b == null || b.isBlank() ? null : JSON.readTree(b);
        } catch (Exception e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            badRequest(ctx, "The body must be a JSON object.");
            return;
        }
        JsonNode amountNode = body.get("amount");
        String amount = amountNode != null && amountNode.isTextual() ? amountNode.asText() : null;
        if (amount == null || !AMOUNT.matcher(amount).matches() || new BigDecimal(amount).signum() <= 0) {
            badRequest(ctx, "amount must be a positive decimal string.");
            return;
        }
        String currency = text(body, "currency");
        if (currency == null || currency.isBlank()) {
            badRequest(ctx, "currency is required.");
            return;
        }
        String payerMessage = text(body, "payerMessage");
        String payeeNote = text(body, "payeeNote");
        String problem = noteProblem("payerMessage", payerMessage);
        problem = problem != null ? problem : noteProblem("payeeNote", payeeNote);
        if (problem != null) {
            badRequest(ctx, problem);
            return;
        }
        Party payee = null;
        String refToRefund = null;
        if (op == Operation.REFUND) {
            refToRefund = text(body, "referenceIdToRefund");
            boolean trigger = config.refundTriggerMode() == SimulatorConfig.RefundTriggerMode.MATRIX
                && SandboxMatrix.isRefundTrigger(refToRefund);
            if (refToRefund == null || !(UUID_ANY.matcher(refToRefund).matches() || trigger)) {
                badRequest(ctx, "referenceIdToRefund must be a UUID.");
                return;
            }
            Tx original = UUID_ANY.matcher(refToRefund).matches() ? ledger.get(UUID.fromString(refToRefund)) : null;
            payee = original != null && original.payee != null ? original.payee : new Party("MSISDN", "56733123453");
        } else {
            JsonNode p = body.get("payee");
            String type = p == null ? null : text(p, "partyIdType");
            String id = p == null ? null : text(p, "partyId");
            if (type == null || !PARTY_TYPES.contains(type.toUpperCase(Locale.ROOT)) || id == null || id.isBlank()) {
                badRequest(ctx, "payee.partyIdType (MSISDN, EMAIL, PARTY_CODE, ALIAS) and payee.partyId are required.");
                return;
            }
            payee = new Party(type, id);
        }
        AccountState acc = call.account;
        if (!currency.equals(acc.account.currency())) {
            error(ctx, 500, "INVALID_CURRENCY", "Currency not supported.");
            return;
        }
        if (callbackUrl != null && callbackHostCheck(acc)) {
            ApiUser u = apiUsers.get(token.apiUser());
            String host = URI.create(callbackUrl).getHost();
            if (u == null || u.providerCallbackHost() == null || !u.providerCallbackHost().equalsIgnoreCase(host)) {
                error(ctx, 500, "INVALID_CALLBACK_URL_HOST", "Callback URL with host " + host
                    + " does not match the registered providerCallbackHost.");
                return;
            }
        }
        String[] ids = {ref.toString(), payee.partyId()};
        Outcome outcome = plan(op, payee, refToRefund);
        if (op != Operation.REFUND && (globalFaults.receiverLimit(ids) || acc.faults.receiverLimit(ids))) {
            // MTN reports a receiver's limit as NOT_ENOUGH_FUNDS, whatever the float; it fails before anything is spent
            outcome = Outcome.failed("NOT_ENOUGH_FUNDS");
        }
        BigDecimal amountValue = new BigDecimal(amount);
        if (config.insufficientFundsMode() == SimulatorConfig.InsufficientFundsMode.SYNC_500_INTERNAL_PROCESSING_ERROR
            && outcome.kind() != Outcome.Kind.FAILED && !acc.covers(currency, amountValue)) {
            error(ctx, 500, SandboxMatrix.INTERNAL_PROCESSING_ERROR, "Not enough funds.");
            return;
        }
        long delayNanos = switch (outcome.kind()) {
            case PENDING_FOREVER -> Long.MAX_VALUE;
            case PENDING_THEN_SUCCESSFUL -> outcome.delay().toNanos();
            default -> config.completionDelay().toNanos();
        };
        Tx tx = new Tx(ref, acc, token.apiUser(), op, version, amount, amountValue, currency, payee,
            text(body, "externalId"), payerMessage, payeeNote, refToRefund, callbackUrl, outcome, delayNanos);
        if (!ledger.insert(tx)) {
            reused(ctx, call);
            return;
        }
        ledger.countAcceptedPost(ref);
        AcceptThenFailMode fault = globalFaults.acceptThenFail(ids);
        if (fault == null) {
            fault = acc.faults.acceptThenFail(ids);
        }
        if (fault != null) {
            tx.responseFault(fault.name());
        }
        AcceptThenFailMode f = fault;
        boolean before = (globalFaults.callbackBeforeResponse() || acc.faults.callbackBeforeResponse())
            && callbackUrl != null && outcome.kind() != Outcome.Kind.PENDING_FOREVER;
        if (before) {
            completeNatural(tx, false);
            sendCallback(tx).onComplete(x -> respondAccepted(ctx, f));
        } else {
            respondAccepted(ctx, f);
            schedule(tx);
        }
    }

    private static void conflict(RoutingContext ctx) {
        error(ctx, 409, "RESOURCE_ALREADY_EXIST", "Duplicated reference id. Creation of resource failed.");
    }

    /** A POST of a reference already in the ledger: 409, unless a refusal fault answers first (as MoMo sometimes does). */
    private void reused(RoutingContext ctx, Call call) {
        if (globalFaults.noDuplicateCheck(call.ids) || call.account.faults.noDuplicateCheck(call.ids)) {
            ledger.countAcceptedPost(UUID.fromString(call.ids[0].trim()));
            ctx.response().setStatusCode(202).end();
            return;
        }
        Faults.Refusal r = globalFaults.reusedReferenceRefusal(call.ids);
        if (r == null) {
            r = call.account.faults.reusedReferenceRefusal(call.ids);
        }
        if (r == null) {
            conflict(ctx);
        } else {
            error(ctx, r.status(), r.code(), messageFor(r.code()));
        }
    }

    /** The host check: the global fault, else the account fault, else the configuration decides. */
    private boolean callbackHostCheck(AccountState a) {
        Boolean check = globalFaults.callbackHostCheck();
        if (check == null) {
            check = a.faults.callbackHostCheck();
        }
        return check != null ? check : config.callbackHostCheck();
    }

    private Outcome plan(Operation op, Party payee, String refToRefund) {
        if (op != Operation.REFUND) {
            var h = holders.get(payee.partyId());
            if (h.isPresent() && h.get().state() == AccountHolders.State.NOT_FOUND) {
                return Outcome.failed("PAYEE_NOT_FOUND");
            }
            if (h.isPresent() && h.get().state() == AccountHolders.State.INACTIVE) {
                return Outcome.failed("PAYEE_NOT_ALLOWED_TO_RECEIVE");
            }
        }
        return switch (op) {
            case TRANSFER -> SandboxMatrix.transfer(payee.partyId(), matrix);
            case DEPOSIT -> SandboxMatrix.deposit(payee.partyId(), matrix);
            case REFUND -> SandboxMatrix.refund(refToRefund, matrix);
        };
    }

    private static void respondAccepted(RoutingContext ctx, AcceptThenFailMode fault) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (fault == null) {
            ctx.response().setStatusCode(202).end();
            return;
        }
        switch (fault) {
            case HTTP_500 -> ctx.response().setStatusCode(500).end();
            case DROP -> ctx.request().connection().close();
            case HANG -> {
                // never answer; the connection stays open until the client or the simulator closes it
            }
        }
    }

    private void schedule(Tx tx) {
        if (tx.dueNanos == Long.MAX_VALUE) {
            return;
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(tx.dueNanos - System.nanoTime());
        if (ms <= 0) {
            completeNatural(tx, true);
        } else {
            vertx.setTimer(ms, id -> completeNatural(tx, true));
        }
    }

    /** Makes the planned outcome final (spending the float); sends the callback if asked. */
    private void completeNatural(Tx tx, boolean callback) {
        boolean done;
        synchronized (tx) {
            if (tx.isFinal() || tx.planned.kind() == Outcome.Kind.PENDING_FOREVER) {
                return;
            }
            if (tx.planned.kind() == Outcome.Kind.FAILED) {
                done = tx.finish("FAILED", tx.planned.reason(), null, false);
            } else if (tx.account.trySpend(tx.currency, tx.amountValue)) {
                done = tx.finish("SUCCESSFUL", null, newFinancialTransactionId(), false);
            } else {
                done = tx.finish("FAILED", "NOT_ENOUGH_FUNDS", null, false);
            }
        }
        if (done && callback) {
            sendCallback(tx);
        }
    }

    private static String newFinancialTransactionId() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000L, 1_000_000_000L));
    }

    private void status(RoutingContext ctx, Call call, Operation op) {
        if (!product(ctx, call)) {
            return;
        }
        String ref = ctx.pathParam("param0");
        if (!UUID_ANY.matcher(ref).matches()) {
            badRequest(ctx, "referenceId must be a UUID.");
            return;
        }
        Tx tx = ledger.get(UUID.fromString(ref));
        if (tx == null || tx.operation != op || tx.account != call.account || lagging(tx)) {
            error(ctx, 404, "RESOURCE_NOT_FOUND", "Requested resource was not found.");
            return;
        }
        if (!tx.isFinal() && System.nanoTime() - tx.dueNanos >= 0 && tx.dueNanos != Long.MAX_VALUE) {
            completeNatural(tx, true);
        }
        json(ctx, 200, statusBody(tx.view(), false, nulField(tx)));
    }

    /** The reference and payee partyId, for fault targets. */
    private static String[] ids(Tx tx) {
        return new String[] {tx.ref.toString(), tx.payee == null ? null : tx.payee.partyId()};
    }

    /** Whether MoMo's status view does not show the transaction yet (status-lag fault; the longer lag wins). */
    private boolean lagging(Tx tx) {
        String[] ids = ids(tx);
        long lag = Math.max(globalFaults.statusLagNanos(ids), tx.account.faults.statusLagNanos(ids));
        return lag > 0 && System.nanoTime() - tx.createdNanos < lag;
    }

    /** The status field that carries a NUL for this transaction (NUL-in-status fault), or null. */
    private String nulField(Tx tx) {
        String[] ids = ids(tx);
        String f = globalFaults.nulInStatusField(ids);
        return f != null ? f : tx.account.faults.nulInStatusField(ids);
    }

    /** {@code value} with a NUL (U+0000) in its middle if {@code field} is the one to corrupt. */
    private static String nul(String value, String field, String nulField) {
        if (value == null || !field.equals(nulField)) {
            return value;
        }
        int mid = value.length() / 2;
        return value.substring(0, mid) + '\u0000' + value.substring(mid);
    }

    /**
     * The TransferResult / RefundResult JSON; {@code flip} gives the contradictory variant, {@code nulField} (or null)
     * names the field that carries a NUL.
     */
    ObjectNode statusBody(TransactionView v, boolean flip, String nulField) {
        String status = v.status();
        String reason = v.reason();
        String finId = v.financialTransactionId();
        if (flip && v.isFinal()) {
            if ("SUCCESSFUL".equals(status)) {
                status = "FAILED";
                reason = SandboxMatrix.INTERNAL_PROCESSING_ERROR;
                finId = null;
            } else {
                status = "SUCCESSFUL";
                reason = null;
                finId = newFinancialTransactionId();
            }
        }
        if (config.omitFinancialTransactionId() && v.operation() != Operation.TRANSFER) {
            finId = null;
        }
        ObjectNode n = JSON.createObjectNode();
        String amount = config.normalizeAmount() ? new BigDecimal(v.amount()).stripTrailingZeros().toPlainString()
            : v.amount();
        if (config.numericFields()) {
            n.put("amount", new BigDecimal(amount));
        } else {
            n.put("amount", amount);
        }
        n.put("currency", v.currency());
        if (finId != null) {
            String value = nul(finId, "financialTransactionId", nulField);
            if (config.numericFields() && value.matches("\\d{1,18}")) {
                n.put("financialTransactionId", Long.parseLong(value));
            } else {
                n.put("financialTransactionId", value);
            }
        }
        if (v.externalId() != null) {
            n.put("externalId", nul(v.externalId(), "externalId", nulField));
        }
        if (v.payee() != null) {
            ObjectNode payee = n.putObject("payee").put("partyIdType", v.payee().partyIdType());
            if (config.numericFields() && v.payee().partyId().matches("\\d{1,18}")) {
                payee.put("partyId", Long.parseLong(v.payee().partyId()));
            } else {
                payee.put("partyId", v.payee().partyId());
            }
        }
        if (v.payerMessage() != null) {
            n.put("payerMessage", v.payerMessage());
        }
        if (v.payeeNote() != null) {
            n.put("payeeNote", v.payeeNote());
        }
        n.put("status", status);
        if ("FAILED".equals(status) && reason != null) {
            String code = nul(reason, "reason", nulField);
            if (config.reasonAsObject()) {
                n.putObject("reason").put("code", code).put("message", messageFor(reason));
            } else {
                n.put("reason", code);
            }
        }
        return n;
    }

    static String messageFor(String code) {
        if (code == null) {
            return null;
        }
        String s = code.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
    }

    // =================================================================== callbacks

    /** Sends the final-status callback if one is due; the future completes after the first attempt. */
    Future<Void> sendCallback(Tx tx) {
        if (!config.callbacksEnabled() || tx.callbackUrl == null || !tx.isFinal()
            || globalFaults.dropCallbacks() || tx.account.faults.dropCallbacks()) {
            return Future.succeededFuture();
        }
        boolean flip = globalFaults.contradictoryCallback() || tx.account.faults.contradictoryCallback();
        String body;
        try {
            body = JSON.writeValueAsString(statusBody(tx.view(), flip, nulField(tx)));
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
        HttpMethod method = HttpMethod.valueOf((tx.version == 2 ? config.v2CallbackMethod() : config.v1CallbackMethod())
            .toUpperCase(Locale.ROOT));
        Promise<Void> first = Promise.promise();
        deliver(tx, method, body, 0, first);
        return first.future();
    }

    private void deliver(Tx tx, HttpMethod method, String body, int attempt, Promise<Void> first) {
        RequestOptions o = new RequestOptions().setMethod(method).setAbsoluteURI(tx.callbackUrl)
            .setTimeout(config.callbackTimeout().toMillis()).putHeader("Content-Type", "application/json");
        ledger.callbacksAttempted.incrementAndGet();
        callbackClient.request(o)
            .compose(req -> req.send(Buffer.buffer(body)))
            .compose(resp -> resp.body().map(b -> resp.statusCode()))
            .onComplete(ar -> {
                boolean ok = ar.succeeded() && ar.result() >= 200 && ar.result() < 300;
                tx.callbackAttempt(ok);
                if (ok) {
                    ledger.callbacksDelivered.incrementAndGet();
                }
                first.tryComplete();
                // compressed MTN retry ladder: 20 fast retries, then 30 slower ones
                if (!ok && config.callbackRetry() && attempt < 50) {
                    Duration wait = attempt < 20 ? config.callbackRetryFastInterval() : config.callbackRetrySlowInterval();
                    vertx.setTimer(Math.max(1, wait.toMillis()), t -> deliver(tx, method, body, attempt + 1, first));
                }
            });
    }

    // =================================================================== provisioning

    private void createApiUser(RoutingContext ctx, Call call) {
        if (!"sandbox".equals(call.account.account.targetEnvironment())) {
            error(ctx, 404, "RESOURCE_NOT_FOUND", "Provisioning is available in the sandbox only.");
            return;
        }
        String ref = ctx.request().getHeader("X-Reference-Id");
        if (ref == null || !UUID_V4.matcher(ref.trim()).matches()) {
            badRequest(ctx, "X-Reference-Id must be a UUID version 4.");
            return;
        }
        JsonNode body;
        try {
            String b = ctx.body().asString();
            body = b == null || b.isBlank() ? null : JSON.readTree(b);
        } catch (Exception e) {
            body = null;
        }
        String host = body == null ? null : text(body, "providerCallbackHost");
        if (host == null || host.isBlank()) {
            badRequest(ctx, "providerCallbackHost is required.");
            return;
        }
        ApiUser u = new ApiUser(ref.trim(), call.account.account.name(), null, host,
            call.account.account.targetEnvironment());
        if (apiUsers.putIfAbsent(u.id(), u) != null) {
            json(ctx, 409, JSON.createObjectNode().put("message", "Duplicated reference id. Creation of resource failed.")
                .put(config.provisioningConflictKey(), "RESOURCE_ALREADY_EXIST"));
            return;
        }
        empty(ctx, 201);
    }

    private void createApiKey(RoutingContext ctx, Call call) {
        String id = ctx.pathParam("param0");
        ApiUser u = apiUsers.get(id);
        if (u == null || !u.account().equals(call.account.account.name())) {
            error(ctx, 404, "RESOURCE_NOT_FOUND", "Requested resource was not found.");
            return;
        }
        String key = UUID.randomUUID().toString().replace("-", "");
        apiUsers.put(id, new ApiUser(u.id(), u.account(), key, u.providerCallbackHost(), u.targetEnvironment()));
        if (config.apiKeyRegenerationRevokesTokens()) {
            tokens.expireUser(id);
        }
        json(ctx, 201, JSON.createObjectNode().put("apiKey", key));
    }

    private void getApiUser(RoutingContext ctx, Call call) {
        ApiUser u = apiUsers.get(ctx.pathParam("param0"));
        if (u == null || !u.account().equals(call.account.account.name())) {
            error(ctx, 404, "RESOURCE_NOT_FOUND", "Requested resource was not found.");
            return;
        }
        json(ctx, 200, JSON.createObjectNode().put("providerCallbackHost", u.providerCallbackHost())
            .put("targetEnvironment", u.targetEnvironment()));
    }

    // =================================================================== for the control API

    Map<String, AccountState> accountStates() {
        return Collections.unmodifiableMap(accountsByName);
    }

    AccountState accountState(String nameOrKey) {
        return state(nameOrKey);
    }

    Map<String, ApiUser> apiUsers() {
        return apiUsers;
    }

    /**
     * Runs {@code observer} on every POST that carries a reference (a repeat included, one a fault refuses too), as
     * it arrives and while the caller waits for the answer: a test sees there what the caller had committed by then.
     * {@code null} removes it.
     */
    public void observePosts(java.util.function.Consumer<UUID> observer) {
        this.postObserver = observer == null ? reference -> { } : observer;
    }

    LedgerStore ledgerStore() {
        return ledger;
    }

    TokenStore tokenStore() {
        return tokens;
    }

    static ObjectNode viewJson(TransactionView v) {
        ObjectNode n = JSON.createObjectNode();
        n.put("referenceId", v.referenceId().toString()).put("account", v.account())
            .put("operation", v.operation().name()).put("version", v.version()).put("amount", v.amount())
            .put("currency", v.currency());
        if (v.payee() != null) {
            n.putObject("payee").put("partyIdType", v.payee().partyIdType()).put("partyId", v.payee().partyId());
        } else {
            n.putNull("payee");
        }
        n.put("externalId", v.externalId()).put("payerMessage", v.payerMessage()).put("payeeNote", v.payeeNote())
            .put("referenceIdToRefund", v.referenceIdToRefund()).put("status", v.status()).put("reason", v.reason())
            .put("financialTransactionId", v.financialTransactionId()).put("callbackUrl", v.callbackUrl())
            .put("createdAt", v.createdAt().toString())
            .put("finalAt", v.finalAt() == null ? null : v.finalAt().toString())
            .put("responseFault", v.responseFault()).put("callbackAttempts", v.callbackAttempts())
            .put("callbackDelivered", v.callbackDelivered());
        return n;
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }
}
