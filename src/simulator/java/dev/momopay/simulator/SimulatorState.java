package dev.momopay.simulator;

import dev.momopay.simulator.faults.Faults;
import dev.momopay.simulator.scenario.SandboxMatrix;
import io.vertx.core.Vertx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Everything one simulator knows, shared by its handlers: the configuration, the accounts with their floats and
 * faults, the API users, the tokens, the account holders and the ledger. The handlers hold no state of their own.
 */
final class SimulatorState {
    final SimulatorConfig config;
    final Vertx vertx;
    final LedgerStore ledger = new LedgerStore();
    final TokenStore tokens = new TokenStore();
    final AccountHolders holders = new AccountHolders();
    final Faults globalFaults;
    final SandboxMatrix.Options matrix;
    final Map<String, ApiUser> apiUsers = new ConcurrentHashMap<>();
    private final Map<String, AccountState> accountsByName = new LinkedHashMap<>();
    private final Map<String, AccountState> accountsByKey = new LinkedHashMap<>();
    private volatile Consumer<UUID> postObserver = reference -> { };

    SimulatorState(SimulatorConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
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
    }

    /** The account of a subscription key, or null (APIM refuses the call then). */
    AccountState bySubscriptionKey(String key) {
        return accountsByKey.get(key);
    }

    /** The account named by its name or its subscription key. */
    AccountState account(String nameOrKey) {
        AccountState s = accountsByName.get(nameOrKey);
        if (s == null) {
            s = accountsByKey.get(nameOrKey);
        }
        if (s == null) {
            throw new IllegalArgumentException("unknown account " + nameOrKey);
        }
        return s;
    }

    Map<String, AccountState> accounts() {
        return Collections.unmodifiableMap(accountsByName);
    }

    void observePosts(Consumer<UUID> observer) {
        this.postObserver = observer == null ? reference -> { } : observer;
    }

    void postArrived(UUID reference) {
        postObserver.accept(reference);
    }
}
