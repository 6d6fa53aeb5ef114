package dev.momopay.simulator;

import dev.momopay.simulator.faults.Faults;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** Run-time state of one account: float and scoped faults. */
final class AccountState {
    final Account account;
    final Faults faults;
    private final Map<String, BigDecimal> floats;

    AccountState(Account account, Faults faults) {
        this.account = account;
        this.faults = faults;
        this.floats = new LinkedHashMap<>(account.floats());
    }

    synchronized BigDecimal balance(String currency) {
        return floats.get(currency);
    }

    synchronized Map<String, BigDecimal> balances() {
        return new LinkedHashMap<>(floats);
    }

    /** Spends {@code amount} if the float covers it. */
    synchronized boolean trySpend(String currency, BigDecimal amount) {
        BigDecimal b = floats.getOrDefault(currency, BigDecimal.ZERO);
        if (b.compareTo(amount) < 0) {
            return false;
        }
        floats.put(currency, b.subtract(amount));
        return true;
    }

    synchronized boolean covers(String currency, BigDecimal amount) {
        return floats.getOrDefault(currency, BigDecimal.ZERO).compareTo(amount) >= 0;
    }

    /** Adds (may be negative, may go below zero: used to undo a forced status). */
    synchronized BigDecimal add(String currency, BigDecimal amount) {
        BigDecimal n = floats.getOrDefault(currency, BigDecimal.ZERO).add(amount);
        floats.put(currency, n);
        return n;
    }

    synchronized void set(String currency, BigDecimal amount) {
        floats.put(currency, amount);
    }
}
