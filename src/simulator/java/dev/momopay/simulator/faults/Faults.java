package dev.momopay.simulator.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run-time faults. One instance applies to the whole simulator ({@code sim.faults()}), one more per account
 * ({@code sim.faults(accountNameOrSubscriptionKey)}); both are consulted for every request. Thread-safe: setters may
 * be called from any thread while the simulator runs. All setters return {@code this}.
 */
public final class Faults {

    /** The status fields {@link #nulInStatus(String)} can corrupt. */
    public static final Set<String> NUL_FIELDS = Set.of("financialTransactionId", "reason", "externalId");

    /** A synchronous answer given instead of MoMo's usual one (see {@link #reusedReferenceRefusal(int, String)}). */
    public record Refusal(int status, String code) {
        public Refusal {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("status must be 4xx or 5xx: " + status);
            }
            if (code == null || code.isBlank()) {
                throw new IllegalArgumentException("code is required");
            }
        }
    }

    private static final class PerClass {
        volatile long fixedMs;
        volatile long jitterMs;
        volatile double errorRate;
        volatile int errorStatus = 500;
        final AtomicInteger unavailableNext = new AtomicInteger();

        void reset() {
            fixedMs = 0;
            jitterMs = 0;
            errorRate = 0;
            errorStatus = 500;
            unavailableNext.set(0);
        }
    }

    private final Map<EndpointClass, PerClass> perClass;
    private final AtomicInteger acceptThenFailNext = new AtomicInteger();
    private volatile double acceptThenFailRate;
    private volatile AcceptThenFailMode acceptThenFailMode = AcceptThenFailMode.HTTP_500;
    private volatile double statusRateLimitPerSecond;
    private volatile Duration tokenTtlOverride;
    private volatile boolean callbackBeforeResponse;
    private volatile boolean contradictoryCallback;
    private volatile boolean dropCallbacks;
    private volatile String target;
    private volatile Duration statusLag = Duration.ZERO;
    private volatile Refusal reusedReferenceRefusal;
    private volatile boolean noDuplicateCheck;
    private volatile Boolean callbackHostCheck;
    private volatile boolean apiDown;
    private volatile boolean receiverLimit;
    private volatile String nulInStatus;
    private final Runnable expireTokens;

    // token bucket for the status rate limit
    private double bucketTokens;
    private long bucketUpdatedNanos = System.nanoTime();

    /**
     * @param expireTokens what "expire all tokens now" does for this scope (called by {@link #expireAllTokens()})
     */
    public Faults(Runnable expireTokens) {
        this.expireTokens = Objects.requireNonNull(expireTokens);
        EnumMap<EndpointClass, PerClass> m = new EnumMap<>(EndpointClass.class);
        for (EndpointClass c : EndpointClass.values()) {
            m.put(c, new PerClass());
        }
        this.perClass = Collections.unmodifiableMap(m);
    }

    // ------------------------------------------------------------------ setters (Java API)

    /** Adds {@code fixed} plus a uniformly random {@code 0..jitter} before each request of the class is processed. */
    public Faults latency(EndpointClass c, Duration fixed, Duration jitter) {
        PerClass p = perClass.get(c);
        p.fixedMs = fixed.toMillis();
        p.jitterMs = jitter.toMillis();
        return this;
    }

    /** Same latency for all classes. */
    public Faults latency(Duration fixed, Duration jitter) {
        for (EndpointClass c : EndpointClass.values()) {
            latency(c, fixed, jitter);
        }
        return this;
    }

    /**
     * A fraction ({@code 0..1}) of requests of the class is answered {@code status} (500 with an empty body, or 503
     * {@code SERVICE_UNAVAILABLE}) before anything is recorded.
     */
    public Faults errorRate(EndpointClass c, double rate, int status) {
        if (status != 500 && status != 503) {
            throw new IllegalArgumentException("status must be 500 or 503");
        }
        PerClass p = perClass.get(c);
        p.errorStatus = status;
        p.errorRate = rate;
        return this;
    }

    /** The next {@code n} requests of the class get 503 {@code SERVICE_UNAVAILABLE}; nothing is recorded. */
    public Faults unavailableBurst(EndpointClass c, int n) {
        perClass.get(c).unavailableNext.set(n);
        return this;
    }

    /**
     * The next {@code n} valid transaction POSTs are accepted and recorded (their lifecycle runs normally) but the
     * client gets {@code mode} instead of the 202.
     */
    public Faults acceptThenFail(int n, AcceptThenFailMode mode) {
        acceptThenFailMode = Objects.requireNonNull(mode);
        acceptThenFailNext.set(n);
        return this;
    }

    /** Like {@link #acceptThenFail(int, AcceptThenFailMode)} for a random fraction of POSTs. */
    public Faults acceptThenFailRate(double rate, AcceptThenFailMode mode) {
        acceptThenFailMode = Objects.requireNonNull(mode);
        acceptThenFailRate = rate;
        return this;
    }

    /** Status GETs above this rate (per second, token bucket of the same size) get 429; 0 = no limit (default). */
    public synchronized Faults statusRateLimit(double perSecond) {
        statusRateLimitPerSecond = perSecond;
        bucketTokens = perSecond;
        bucketUpdatedNanos = System.nanoTime();
        return this;
    }

    /**
     * Tokens issued from now on are really valid only for {@code ttl} while {@code expires_in} still advertises the
     * configured TTL (early expiry). {@code null} removes the override.
     */
    public Faults tokenTtlOverride(Duration ttl) {
        tokenTtlOverride = ttl;
        return this;
    }

    /** Every token issued so far (in this scope) is expired now. */
    public Faults expireAllTokens() {
        expireTokens.run();
        return this;
    }

    /** The final callback is sent (and its delivery awaited) before the POST's 202 is written. */
    public Faults callbackBeforeResponse(boolean on) {
        callbackBeforeResponse = on;
        return this;
    }

    /** Callbacks report the opposite final status from the one the status GET reports (contradictory report). */
    public Faults contradictoryCallback(boolean on) {
        contradictoryCallback = on;
        return this;
    }

    /** Callbacks are silently not sent. */
    public Faults dropCallbacks(boolean on) {
        dropCallbacks = on;
        return this;
    }

    /**
     * Status GETs of a transaction created less than {@code lag} ago answer 404 {@code RESOURCE_NOT_FOUND} as for an
     * unknown reference (MoMo's status view lags behind its acceptance); the transaction still completes on time and a
     * POST of the same reference still gets 409. {@code Duration.ZERO} or {@code null} = off.
     */
    public Faults statusLag(Duration lag) {
        if (lag != null && lag.isNegative()) {
            throw new IllegalArgumentException("statusLag must not be negative");
        }
        statusLag = lag == null ? Duration.ZERO : lag;
        return this;
    }

    /**
     * A POST whose reference is already in the ledger is answered {@code status} {@code {"code":code,..}} instead of
     * 409 (a refusal check, e.g. of funds, that runs before MoMo's duplicate check). New references are unaffected.
     */
    public Faults reusedReferenceRefusal(int status, String code) {
        reusedReferenceRefusal = new Refusal(status, code);
        return this;
    }

    /**
     * MoMo without its duplicate check: a POST whose reference is in the ledger is answered 202 and counted as
     * accepted again, as a provider that executes it twice would. Under it, every second accepted POST of a reference
     * is a double payment the worker caused, and INV-1 reports it.
     */
    public Faults noDuplicateCheck(boolean on) {
        noDuplicateCheck = on;
        return this;
    }

    /** Whether a reused reference is accepted again (see {@link #noDuplicateCheck(boolean)}). */
    public boolean noDuplicateCheck(String... ids) {
        return noDuplicateCheck && targeted(ids);
    }

    /** Reused references get the usual 409 again. */
    public Faults clearReusedReferenceRefusal() {
        reusedReferenceRefusal = null;
        return this;
    }

    /**
     * Overrides {@code SimulatorConfig.callbackHostCheck()} for this scope: {@code true} checks the X-Callback-Url host
     * against the API user's providerCallbackHost, {@code false} does not, {@code null} (default) leaves it to the
     * configuration. The global scope wins over the account scope.
     */
    public Faults callbackHostCheck(Boolean check) {
        callbackHostCheck = check;
        return this;
    }

    /**
     * The whole MoMo API of this scope is down: every request (tokens included, the control API excluded) gets 503
     * {@code SERVICE_UNAVAILABLE} and nothing is processed. Ignores {@link #target}.
     */
    public Faults apiDown(boolean down) {
        apiDown = down;
        return this;
    }

    /**
     * Accepted deposits and transfers end FAILED {@code NOT_ENOUGH_FUNDS} although the float covers them (MTN's report
     * of a receiver's transaction limit); nothing is spent.
     */
    public Faults receiverLimit(boolean on) {
        receiverLimit = on;
        return this;
    }

    /**
     * Status bodies (and so callbacks) carry a NUL character (U+0000) in the middle of this field's value: one of
     * {@link #NUL_FIELDS}; {@code null} = off. {@code financialTransactionId} is only present on SUCCESSFUL
     * transactions, {@code reason} only on FAILED ones.
     */
    public Faults nulInStatus(String field) {
        if (field != null && !NUL_FIELDS.contains(field)) {
            throw new IllegalArgumentException("nulInStatus must be one of " + NUL_FIELDS + " or null: " + field);
        }
        nulInStatus = field;
        return this;
    }

    /**
     * Restricts the POST and STATUS faults of this scope (status lag, reused-reference refusal, receiver limit and NUL
     * in status included) to requests whose reference id or payee partyId equals {@code value}; {@code null} (default)
     * = all requests. TOKEN/OTHER faults are not applied while a target is set; apiDown and callbackHostCheck ignore it.
     */
    public Faults target(String value) {
        target = value;
        return this;
    }

    /** Removes every fault of this scope. */
    public synchronized Faults reset() {
        perClass.values().forEach(PerClass::reset);
        acceptThenFailNext.set(0);
        acceptThenFailRate = 0;
        acceptThenFailMode = AcceptThenFailMode.HTTP_500;
        statusRateLimitPerSecond = 0;
        tokenTtlOverride = null;
        callbackBeforeResponse = false;
        contradictoryCallback = false;
        dropCallbacks = false;
        target = null;
        statusLag = Duration.ZERO;
        reusedReferenceRefusal = null;
        noDuplicateCheck = false;
        callbackHostCheck = null;
        apiDown = false;
        receiverLimit = false;
        nulInStatus = null;
        return this;
    }

    // ------------------------------------------------------------------ evaluation (used by the simulator)

    private boolean targeted(String... ids) {
        String t = target;
        if (t == null) {
            return true;
        }
        for (String id : ids) {
            if (id != null && id.equalsIgnoreCase(t)) {
                return true;
            }
        }
        return false;
    }

    /** Latency to add before a request of this class, in ms. */
    public long latencyMillis(EndpointClass c, String... ids) {
        PerClass p = perClass.get(c);
        long fixed = p.fixedMs;
        long jitter = p.jitterMs;
        if ((fixed == 0 && jitter == 0) || !targeted(ids)) {
            return 0;
        }
        return fixed + (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter + 1) : 0);
    }

    /** 503 burst or error-rate fault for this request: the HTTP status to answer, or 0. Consumes a burst slot. */
    public int refusal(EndpointClass c, String... ids) {
        if (!targeted(ids)) {
            return 0;
        }
        PerClass p = perClass.get(c);
        if (p.unavailableNext.get() > 0 && p.unavailableNext.getAndUpdate(x -> x > 0 ? x - 1 : 0) > 0) {
            return 503;
        }
        double r = p.errorRate;
        if (r > 0 && ThreadLocalRandom.current().nextDouble() < r) {
            return p.errorStatus;
        }
        return 0;
    }

    /** Whether this accepted POST is answered by a fault, and how; {@code null} = answer 202. */
    public AcceptThenFailMode acceptThenFail(String... ids) {
        if (!targeted(ids)) {
            return null;
        }
        if (acceptThenFailNext.get() > 0 && acceptThenFailNext.getAndUpdate(x -> x > 0 ? x - 1 : 0) > 0) {
            return acceptThenFailMode;
        }
        double r = acceptThenFailRate;
        if (r > 0 && ThreadLocalRandom.current().nextDouble() < r) {
            return acceptThenFailMode;
        }
        return null;
    }

    /** Status-GET rate limit: 0 if allowed, else the Retry-After seconds to announce with the 429. */
    public synchronized int statusRateLimitRetryAfter(String... ids) {
        double rate = statusRateLimitPerSecond;
        if (rate <= 0 || !targeted(ids)) {
            return 0;
        }
        long now = System.nanoTime();
        bucketTokens = Math.min(rate, bucketTokens + (now - bucketUpdatedNanos) / 1e9 * rate);
        bucketUpdatedNanos = now;
        if (bucketTokens >= 1) {
            bucketTokens -= 1;
            return 0;
        }
        return (int) Math.max(1, Math.ceil((1 - bucketTokens) / rate));
    }

    /** The status lag for this transaction, in ns; 0 = none. */
    public long statusLagNanos(String... ids) {
        Duration lag = statusLag;
        return lag.isZero() || !targeted(ids) ? 0 : lag.toNanos();
    }

    /** The answer to a POST of a reference already in the ledger, or {@code null} for the usual 409. */
    public Refusal reusedReferenceRefusal(String... ids) {
        Refusal r = reusedReferenceRefusal;
        return r == null || !targeted(ids) ? null : r;
    }

    /** Whether this accepted deposit/transfer hits the receiver limit. */
    public boolean receiverLimit(String... ids) {
        return receiverLimit && targeted(ids);
    }

    /** The status field to corrupt with a NUL for this transaction, or {@code null}. */
    public String nulInStatusField(String... ids) {
        String f = nulInStatus;
        return f == null || !targeted(ids) ? null : f;
    }

    public Boolean callbackHostCheck() {
        return callbackHostCheck;
    }

    public boolean apiDown() {
        return apiDown;
    }

    public Duration tokenTtlOverride() {
        return tokenTtlOverride;
    }

    public boolean callbackBeforeResponse() {
        return callbackBeforeResponse;
    }

    public boolean contradictoryCallback() {
        return contradictoryCallback;
    }

    public boolean dropCallbacks() {
        return dropCallbacks;
    }

    public String target() {
        return target;
    }

    // ------------------------------------------------------------------ JSON (control API)

    /** The current faults as JSON (the same shape {@link #apply} accepts). */
    public synchronized ObjectNode toJson(ObjectMapper om) {
        ObjectNode n = om.createObjectNode();
        ObjectNode lat = n.putObject("latency");
        ObjectNode err = n.putObject("errorRate");
        ObjectNode una = n.putObject("unavailableNext");
        perClass.forEach((c, p) -> {
            lat.putObject(c.name()).put("fixedMs", p.fixedMs).put("jitterMs", p.jitterMs);
            err.putObject(c.name()).put("rate", p.errorRate).put("status", p.errorStatus);
            una.put(c.name(), p.unavailableNext.get());
        });
        n.putObject("acceptThenFail").put("next", acceptThenFailNext.get()).put("rate", acceptThenFailRate)
            .put("mode", acceptThenFailMode.name());
        n.put("statusRateLimitPerSecond", statusRateLimitPerSecond);
        if (tokenTtlOverride == null) {
            n.putNull("tokenTtlOverrideMs");
        } else {
            n.put("tokenTtlOverrideMs", tokenTtlOverride.toMillis());
        }
        n.put("callbackBeforeResponse", callbackBeforeResponse);
        n.put("contradictoryCallback", contradictoryCallback);
        n.put("dropCallbacks", dropCallbacks);
        n.put("target", target);
        n.put("statusLagMs", statusLag.toMillis());
        Refusal r = reusedReferenceRefusal;
        if (r == null) {
            n.putNull("reusedReferenceRefusal");
        } else {
            n.putObject("reusedReferenceRefusal").put("status", r.status()).put("code", r.code());
        }
        n.put("callbackHostCheck", callbackHostCheck);
        n.put("apiDown", apiDown);
        n.put("receiverLimit", receiverLimit);
        n.put("nulInStatus", nulInStatus);
        n.put("noDuplicateCheck", noDuplicateCheck);
        return n;
    }

    /**
     * Merges a JSON object into the faults; only the given keys change. Unknown keys give
     * {@link IllegalArgumentException}. Shape: see {@link #toJson}, plus {@code "expireTokensNow": true}.
     */
    public synchronized Faults apply(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("faults must be a JSON object");
        }
        Iterator<Map.Entry<String, JsonNode>> it = json.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "latency" -> forEachClass(v, (c, x) -> {
                    PerClass p = perClass.get(c);
                    p.fixedMs = x.path("fixedMs").asLong(p.fixedMs);
                    p.jitterMs = x.path("jitterMs").asLong(p.jitterMs);
                });
                case "errorRate" -> forEachClass(v, (c, x) -> {
                    PerClass p = perClass.get(c);
                    errorRate(c, x.path("rate").asDouble(p.errorRate), x.path("status").asInt(p.errorStatus));
                });
                case "unavailableNext" -> forEachClass(v, (c, x) -> perClass.get(c).unavailableNext.set(x.asInt()));
                case "acceptThenFail" -> {
                    if (v.has("mode")) {
                        acceptThenFailMode = AcceptThenFailMode.valueOf(v.get("mode").asText().toUpperCase(Locale.ROOT));
                    }
                    if (v.has("next")) {
                        acceptThenFailNext.set(v.get("next").asInt());
                    }
                    if (v.has("rate")) {
                        acceptThenFailRate = v.get("rate").asDouble();
                    }
                }
                case "statusRateLimitPerSecond" -> statusRateLimit(v.asDouble());
                case "tokenTtlOverrideMs" -> tokenTtlOverride = v.isNull() ? null : Duration.ofMillis(v.asLong());
                case "expireTokensNow" -> {
                    if (v.asBoolean()) {
                        expireAllTokens();
                    }
                }
                case "callbackBeforeResponse" -> callbackBeforeResponse = v.asBoolean();
                case "contradictoryCallback" -> contradictoryCallback = v.asBoolean();
                case "dropCallbacks" -> dropCallbacks = v.asBoolean();
                case "target" -> target = v.isNull() ? null : v.asText();
                case "statusLagMs" -> statusLag(v.isNull() ? null : Duration.ofMillis(v.asLong()));
                case "reusedReferenceRefusal" -> {
                    if (v.isNull()) {
                        clearReusedReferenceRefusal();
                    } else {
                        reusedReferenceRefusal(v.path("status").asInt(500), v.path("code").asText(null));
                    }
                }
                case "callbackHostCheck" -> callbackHostCheck(v.isNull() ? null : v.asBoolean());
                case "apiDown" -> apiDown = v.asBoolean();
                case "receiverLimit" -> receiverLimit = v.asBoolean();
                case "noDuplicateCheck" -> noDuplicateCheck = v.asBoolean();
                case "nulInStatus" -> nulInStatus(v.isNull() ? null : v.asText());
                default -> throw new IllegalArgumentException("unknown fault: " + e.getKey());
            }
        }
        return this;
    }

    private interface ClassSetter {
        void set(EndpointClass c, JsonNode v);
    }

    private static void forEachClass(JsonNode v, ClassSetter s) {
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey().toUpperCase(Locale.ROOT);
            if (k.equals("ALL")) {
                for (EndpointClass c : EndpointClass.values()) {
                    s.set(c, e.getValue());
                }
            } else {
                s.set(EndpointClass.valueOf(k), e.getValue());
            }
        }
    }
}
