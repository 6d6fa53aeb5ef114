package dev.momopay.simulator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Immutable configuration of the {@link MomoSimulator}. Every {@code withX} returns a modified copy.
 *
 * <p>Options marked <b>[U]</b> cover a point where the MoMo facts file
 * records an uncertainty or a conflict between sources. The default is the choice explained on each method; the other
 * behaviour stays available through the switch. {@code docs/simulator.md} has the full table.
 */
public final class SimulatorConfig {

    /** The name of the account built from the top-level credentials. */
    public static final String DEFAULT_ACCOUNT = "default";

    /** [U] How a non-UUID {@code referenceIdToRefund} is handled. */
    public enum RefundTriggerMode {
        /** Default: "1".."13" drive the sandbox refund matrix (S-AE); any other non-UUID value gives 400. */
        MATRIX,
        /** Any non-UUID {@code referenceIdToRefund} gives 400, the triggers included (S-JSDK). */
        STRICT_UUID
    }

    /** [U] What happens when the float cannot cover a payout. */
    public enum InsufficientFundsMode {
        /** Default: 202, then asynchronous FAILED {@code NOT_ENOUGH_FUNDS}; nothing is spent. */
        ASYNC_NOT_ENOUGH_FUNDS,
        /** Synchronous HTTP 500 {@code INTERNAL_PROCESSING_ERROR} on the POST (laravel #81); nothing is recorded. */
        SYNC_500_INTERNAL_PROCESSING_ERROR
    }

    private int port = 0;
    private String host = "127.0.0.1";
    private String subscriptionKey = "sim-disbursement-subscription-key";
    private String apiUser = "3f0c2c9e-6c1a-4d5b-9a57-2b1f4e7d8c01";
    private String apiKey = "f1db798c98df4bcf83b538175893bbf0";
    private String targetEnvironment = "sandbox";
    private String currency = "EUR";
    private String providerCallbackHost = "localhost";
    private Map<String, BigDecimal> floats = new LinkedHashMap<>();
    private List<Account> extraAccounts = new ArrayList<>();
    private BigDecimal defaultFloat = new BigDecimal("1000000");
    private Duration completionDelay = Duration.ofSeconds(1);
    private Duration tokenTtl = Duration.ofHours(1);
    private boolean callbacksEnabled = true;
    private boolean callbackRetry = false;
    private Duration callbackRetryFastInterval = Duration.ofMillis(50);
    private Duration callbackRetrySlowInterval = Duration.ofMillis(250);
    private Duration callbackTimeout = Duration.ofSeconds(2);
    private String v1CallbackMethod = "POST";
    private String v2CallbackMethod = "PUT";
    private boolean reasonAsObject = false;
    private boolean omitFinancialTransactionId = false;
    private boolean numericFields = false;
    private boolean legacyOngoing = false;
    private Duration legacyOngoingDelay = Duration.ofSeconds(30);
    private String transferTypeUnknownReason = "TRANSFER_TYPE_UNKNOWN";
    private RefundTriggerMode refundTriggerMode = RefundTriggerMode.MATRIX;
    private boolean callbackHostCheck = true;
    private InsufficientFundsMode insufficientFundsMode = InsufficientFundsMode.ASYNC_NOT_ENOUGH_FUNDS;
    private int loginFailedStatus = 401;
    private boolean activeNotActiveAs500 = false;
    private boolean rejectSpecialCharsInNotes = true;
    private boolean normalizeAmount = false;
    private boolean apiKeyRegenerationRevokesTokens = false;
    private String provisioningConflictKey = "status";

    private SimulatorConfig() {
    }

    /** Defaults: random port on 127.0.0.1, EUR, 1 s completion delay, 1 h tokens, 1,000,000 EUR float. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig();
    }

    private SimulatorConfig copy(Consumer<SimulatorConfig> change) {
        SimulatorConfig c = new SimulatorConfig();
        c.port = port;
        c.host = host;
        c.subscriptionKey = subscriptionKey;
        c.apiUser = apiUser;
        c.apiKey = apiKey;
        c.targetEnvironment = targetEnvironment;
        c.currency = currency;
        c.providerCallbackHost = providerCallbackHost;
        c.floats = new LinkedHashMap<>(floats);
        c.extraAccounts = new ArrayList<>(extraAccounts);
        c.defaultFloat = defaultFloat;
        c.completionDelay = completionDelay;
        c.tokenTtl = tokenTtl;
        c.callbacksEnabled = callbacksEnabled;
        c.callbackRetry = callbackRetry;
        c.callbackRetryFastInterval = callbackRetryFastInterval;
        c.callbackRetrySlowInterval = callbackRetrySlowInterval;
        c.callbackTimeout = callbackTimeout;
        c.v1CallbackMethod = v1CallbackMethod;
        c.v2CallbackMethod = v2CallbackMethod;
        c.reasonAsObject = reasonAsObject;
        c.omitFinancialTransactionId = omitFinancialTransactionId;
        c.numericFields = numericFields;
        c.legacyOngoing = legacyOngoing;
        c.legacyOngoingDelay = legacyOngoingDelay;
        c.transferTypeUnknownReason = transferTypeUnknownReason;
        c.refundTriggerMode = refundTriggerMode;
        c.callbackHostCheck = callbackHostCheck;
        c.insufficientFundsMode = insufficientFundsMode;
        c.loginFailedStatus = loginFailedStatus;
        c.activeNotActiveAs500 = activeNotActiveAs500;
        c.rejectSpecialCharsInNotes = rejectSpecialCharsInNotes;
        c.normalizeAmount = normalizeAmount;
        c.apiKeyRegenerationRevokesTokens = apiKeyRegenerationRevokesTokens;
        c.provisioningConflictKey = provisioningConflictKey;
        change.accept(c);
        return c;
    }

    // ---------------------------------------------------------------- network

    /** Port to listen on; 0 (default) = a random free port. */
    public SimulatorConfig withPort(int p) {
        return copy(c -> c.port = p);
    }

    /** Interface to bind; default 127.0.0.1. */
    public SimulatorConfig withHost(String h) {
        return copy(c -> c.host = Objects.requireNonNull(h));
    }

    // ---------------------------------------------------------------- default account

    /** Currency of the default account (only this one is accepted on its transactions); default EUR. */
    public SimulatorConfig withCurrency(String cur) {
        return copy(c -> c.currency = Objects.requireNonNull(cur));
    }

    /** Subscription key of the default account. */
    public SimulatorConfig withSubscriptionKey(String key) {
        return copy(c -> c.subscriptionKey = Objects.requireNonNull(key));
    }

    /** Pre-registered API user (a UUID) and API key of the default account. */
    public SimulatorConfig withApiUser(String uuid, String key) {
        return copy(c -> {
            c.apiUser = Objects.requireNonNull(uuid);
            c.apiKey = Objects.requireNonNull(key);
        });
    }

    /** The only {@code X-Target-Environment} the default account accepts; default {@code sandbox}. */
    public SimulatorConfig withTargetEnvironment(String env) {
        return copy(c -> c.targetEnvironment = Objects.requireNonNull(env));
    }

    /** providerCallbackHost registered for the default API user; default {@code localhost}. */
    public SimulatorConfig withProviderCallbackHost(String h) {
        return copy(c -> c.providerCallbackHost = h);
    }

    /** Initial float of the default account in {@code cur}. Without it: 1,000,000 in the account currency. */
    public SimulatorConfig withFloat(String cur, BigDecimal amount) {
        return copy(c -> c.floats.put(Objects.requireNonNull(cur), Objects.requireNonNull(amount)));
    }

    /**
     * Adds another MoMo account (market) with its own credentials, environment and currency. Its float starts at
     * 1,000,000 in its currency ({@link #withAccountFloat} changes it); its providerCallbackHost is {@code localhost}.
     */
    public SimulatorConfig withAccount(String name, String subscriptionKey, String apiUser, String apiKey,
                                       String targetEnvironment, String currency) {
        return withAccount(new Account(name, subscriptionKey, apiUser, apiKey, targetEnvironment, currency, "localhost",
            Map.of(currency, new BigDecimal("1000000"))));
    }

    /** Adds a fully specified account. */
    public SimulatorConfig withAccount(Account account) {
        return copy(c -> {
            if (account.name().equals(DEFAULT_ACCOUNT) || c.extraAccounts.stream().anyMatch(a -> a.name().equals(account.name()))) {
                throw new IllegalArgumentException("duplicate account name " + account.name());
            }
            c.extraAccounts.add(account);
        });
    }

    /** Sets the initial float of an account added with {@link #withAccount}. */
    public SimulatorConfig withAccountFloat(String name, String cur, BigDecimal amount) {
        return copy(c -> c.extraAccounts.replaceAll(a -> a.name().equals(name) ? a.withFloat(cur, amount) : a));
    }

    // ---------------------------------------------------------------- lifecycle and tokens

    /** Time from acceptance to the final status (default 1 s). {@code Duration.ZERO}: final on the first GET. */
    public SimulatorConfig withCompletionDelay(Duration d) {
        return copy(c -> c.completionDelay = Objects.requireNonNull(d));
    }

    /** Token lifetime, advertised as {@code expires_in} and enforced; default 3600 s. */
    public SimulatorConfig withTokenTtl(Duration d) {
        return copy(c -> c.tokenTtl = Objects.requireNonNull(d));
    }

    // ---------------------------------------------------------------- callbacks

    /** Whether callbacks are sent at all (default true). */
    public SimulatorConfig withCallbacks(boolean enabled) {
        return copy(c -> c.callbacksEnabled = enabled);
    }

    /**
     * [U] Callback retries. Default false: one attempt, no retry (the current official callback page). True: MTN's
     * older retry ladder, compressed: 20 retries at {@code fast} intervals, then 30 at {@code slow} intervals (the
     * hourly "long block" is left out).
     */
    public SimulatorConfig withCallbackRetry(boolean retry, Duration fast, Duration slow) {
        return copy(c -> {
            c.callbackRetry = retry;
            c.callbackRetryFastInterval = fast;
            c.callbackRetrySlowInterval = slow;
        });
    }

    /** Timeout of one callback delivery; default 2 s (MTN's documented value). */
    public SimulatorConfig withCallbackTimeout(Duration d) {
        return copy(c -> c.callbackTimeout = d);
    }

    /**
     * [U] HTTP methods of callbacks for v1 calls (default POST, official for Deposit-V1; transfer is v1) and v2 calls
     * (default PUT, the spec's parameter text).
     */
    public SimulatorConfig withCallbackMethods(String v1, String v2) {
        return copy(c -> {
            c.v1CallbackMethod = v1;
            c.v2CallbackMethod = v2;
        });
    }

    /**
     * [U] Check that the {@code X-Callback-Url} host equals the API user's providerCallbackHost, else synchronous 500
     * {@code INVALID_CALLBACK_URL_HOST}. Default true, as the real API enforces it: a caller configures the registered
     * host ({@link #withProviderCallbackHost}, {@code localhost} unless told) or switches the check off.
     */
    public SimulatorConfig withCallbackHostCheck(boolean check) {
        return copy(c -> c.callbackHostCheck = check);
    }

    // ---------------------------------------------------------------- [U] fidelity switches

    /** [U] {@code reason} as {@code {"code","message"}} (the spec's ErrorReason) instead of a plain string (default). */
    public SimulatorConfig withReasonAsObject(boolean asObject) {
        return copy(c -> c.reasonAsObject = asObject);
    }

    /**
     * [U] No {@code financialTransactionId} in the status of a SUCCESSFUL deposit or refund (the API's facts allow it;
     * only transfers are known to always carry one).
     */
    public SimulatorConfig withoutFinancialTransactionId(boolean omit) {
        return copy(c -> c.omitFinancialTransactionId = omit);
    }

    /**
     * [U] {@code amount}, {@code financialTransactionId} and the payee's {@code partyId} in status bodies as JSON
     * numbers where the schema says strings, as a production answer has shown.
     */
    public SimulatorConfig withNumericFields(boolean numeric) {
        return copy(c -> c.numericFields = numeric);
    }

    /**
     * [U] Old sandbox semantics for 46733123453 (and refund trigger "5"): PENDING, then SUCCESSFUL after
     * {@code delay} (the old table says 30 s). Default false: stays PENDING forever (current matrix / S-JSDK).
     */
    public SimulatorConfig withLegacyOngoing(boolean legacy, Duration delay) {
        return copy(c -> {
            c.legacyOngoing = legacy;
            c.legacyOngoingDelay = delay;
        });
    }

    /** [U] Reason code for 46733123464 on transfer ("transfer type unknown"); default {@code TRANSFER_TYPE_UNKNOWN}. */
    public SimulatorConfig withTransferTypeUnknownReason(String code) {
        return copy(c -> c.transferTypeUnknownReason = code);
    }

    /** [U] See {@link RefundTriggerMode}; default {@link RefundTriggerMode#MATRIX}. */
    public SimulatorConfig withRefundTriggerMode(RefundTriggerMode mode) {
        return copy(c -> c.refundTriggerMode = mode);
    }

    /** [U] See {@link InsufficientFundsMode}; default asynchronous FAILED NOT_ENOUGH_FUNDS. */
    public SimulatorConfig withInsufficientFundsMode(InsufficientFundsMode mode) {
        return copy(c -> c.insufficientFundsMode = mode);
    }

    /** [U] HTTP status of {@code {"error":"login_failed"}} for bad token credentials: 401 (default) or 500. */
    public SimulatorConfig withLoginFailedStatus(int status) {
        return copy(c -> c.loginFailedStatus = status);
    }

    /**
     * [U] {@code /active} for 46733123451 / notactive@email.com / its party code: default 200
     * {@code {"result":false}} (S-AE "NotActive"); true gives 500 INTERNAL_PROCESSING_ERROR (S-JSDK).
     */
    public SimulatorConfig withActiveNotActiveAs500(boolean as500) {
        return copy(c -> c.activeNotActiveAs500 = as500);
    }

    /** [U] Reject an apostrophe or {@code &} in payerMessage/payeeNote with 400 (S-ERR); default true. */
    public SimulatorConfig withRejectSpecialCharsInNotes(boolean reject) {
        return copy(c -> c.rejectSpecialCharsInNotes = reject);
    }

    /** [U] Echo the amount normalised ("6.0" becomes "6", one S-JSDK example) instead of as sent (default). */
    public SimulatorConfig withNormalizeAmount(boolean normalize) {
        return copy(c -> c.normalizeAmount = normalize);
    }

    /** [U] Creating a new API key revokes the user's earlier tokens (rekast docs). Default false. */
    public SimulatorConfig withApiKeyRegenerationRevokesTokens(boolean revoke) {
        return copy(c -> c.apiKeyRegenerationRevokesTokens = revoke);
    }

    /**
     * [U] Key that carries {@code RESOURCE_ALREADY_EXIST} in the 409 body of {@code POST /v1_0/apiuser}: {@code status}
     * (default, the only observed body) or {@code code} (the ErrorReason shape).
     */
    public SimulatorConfig withProvisioningConflictKey(String key) {
        return copy(c -> c.provisioningConflictKey = key);
    }

    // ---------------------------------------------------------------- getters

    public int port() { return port; }
    public String host() { return host; }
    public String subscriptionKey() { return subscriptionKey; }
    public String apiUser() { return apiUser; }
    public String apiKey() { return apiKey; }
    public String targetEnvironment() { return targetEnvironment; }
    public String currency() { return currency; }
    public String providerCallbackHost() { return providerCallbackHost; }
    public Map<String, BigDecimal> floats() { return Collections.unmodifiableMap(floats); }
    public Duration completionDelay() { return completionDelay; }
    public Duration tokenTtl() { return tokenTtl; }
    public boolean callbacksEnabled() { return callbacksEnabled; }
    public boolean callbackRetry() { return callbackRetry; }
    public Duration callbackRetryFastInterval() { return callbackRetryFastInterval; }
    public Duration callbackRetrySlowInterval() { return callbackRetrySlowInterval; }
    public Duration callbackTimeout() { return callbackTimeout; }
    public String v1CallbackMethod() { return v1CallbackMethod; }
    public String v2CallbackMethod() { return v2CallbackMethod; }
    public boolean reasonAsObject() { return reasonAsObject; }
    public boolean omitFinancialTransactionId() { return omitFinancialTransactionId; }
    public boolean numericFields() { return numericFields; }
    public boolean legacyOngoing() { return legacyOngoing; }
    public Duration legacyOngoingDelay() { return legacyOngoingDelay; }
    public String transferTypeUnknownReason() { return transferTypeUnknownReason; }
    public RefundTriggerMode refundTriggerMode() { return refundTriggerMode; }
    public boolean callbackHostCheck() { return callbackHostCheck; }
    public InsufficientFundsMode insufficientFundsMode() { return insufficientFundsMode; }
    public int loginFailedStatus() { return loginFailedStatus; }
    public boolean activeNotActiveAs500() { return activeNotActiveAs500; }
    public boolean rejectSpecialCharsInNotes() { return rejectSpecialCharsInNotes; }
    public boolean normalizeAmount() { return normalizeAmount; }
    public boolean apiKeyRegenerationRevokesTokens() { return apiKeyRegenerationRevokesTokens; }
    public String provisioningConflictKey() { return provisioningConflictKey; }

    /** The default account (from the top-level credentials) followed by the accounts added with withAccount. */
    public List<Account> accounts() {
        Map<String, BigDecimal> f = new LinkedHashMap<>(floats);
        f.putIfAbsent(currency, defaultFloat);
        List<Account> all = new ArrayList<>();
        all.add(new Account(DEFAULT_ACCOUNT, subscriptionKey, apiUser, apiKey, targetEnvironment, currency,
            providerCallbackHost, f));
        all.addAll(extraAccounts);
        return all;
    }
}
