package dev.momopay.payout.application;

import dev.momopay.payout.config.PayoutConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;

/** Caps the MoMo calls this instance has in flight, POSTs and status GETs together. */
@ApplicationScoped
public class InFlightCalls {

    private final Semaphore permits;
    private final int capacity;

    public InFlightCalls(PayoutConfig config) {
        this.capacity = config.submission().maxInFlight();
        this.permits = new Semaphore(capacity);
    }

    /** Takes up to {@code wanted} permits without waiting; returns how many were taken. */
    public int tryTake(int wanted) {
        int taken = 0;
        while (taken < wanted && permits.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    public void giveBack(int count) {
        if (count > 0) {
            permits.release(count);
        }
    }

    public int inFlight() {
        return capacity - permits.availablePermits();
    }
}
