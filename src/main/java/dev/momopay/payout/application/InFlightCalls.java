package dev.momopay.payout.application;

import dev.momopay.payout.config.PayoutConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Caps the MoMo calls this instance has in flight, POSTs and status GETs together: overall, and per MoMo account
 * (a bulkhead, so one market whose calls hang cannot take the capacity of the others).
 */
@ApplicationScoped
public class InFlightCalls {

    private final Semaphore overall;
    private final int capacity;
    private final int perAccount;
    private final Map<String, Semaphore> accounts = new ConcurrentHashMap<>();

    public InFlightCalls(PayoutConfig config) {
        this.capacity = config.submission().maxInFlight();
        this.perAccount = config.safeguards().protection().maxInFlightPerAccount();
        this.overall = new Semaphore(capacity);
    }

    /** Takes up to {@code wanted} permits for calls of one account without waiting; returns how many were taken. */
    public int tryTake(String account, int wanted) {
        Semaphore local = accounts.computeIfAbsent(account, a -> new Semaphore(perAccount));
        int taken = 0;
        while (taken < wanted && local.tryAcquire()) {
            if (!overall.tryAcquire()) {
                local.release();
                break;
            }
            taken++;
        }
        return taken;
    }

    public void giveBack(String account, int count) {
        if (count > 0) {
            overall.release(count);
            accounts.get(account).release(count);
        }
    }

    public int inFlight() {
        return capacity - overall.availablePermits();
    }
}
