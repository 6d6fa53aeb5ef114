package dev.momopay.payout.application;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * A background loop on its own thread that runs rounds of work: immediately again while a round found work, and
 * otherwise after an idle wait or as soon as someone calls {@link #wakeUp()}. A failing round is logged and retried
 * after a back-off, so a database outage slows the loop down instead of stopping it.
 */
public abstract class WorkLoop {

    private final Logger log = Logger.getLogger(getClass());
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private final String name;
    private volatile boolean running;
    private boolean woken;
    private Thread thread;

    protected WorkLoop(String name) {
        this.name = name;
    }

    /** One round of work; returns how long to wait before the next round when nothing wakes the loop earlier. */
    protected abstract Duration runRound() throws Exception;

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop(Duration timeout) {
        running = false;
        wakeUp();
        if (thread != null) {
            try {
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isRunning() {
        return running;
    }

    public void wakeUp() {
        lock.lock();
        try {
            woken = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        int failures = 0;
        while (running) {
            Duration wait;
            try {
                wait = runRound();
                failures = 0;
            } catch (Exception | Error e) {
                failures++;
                wait = Duration.ofMillis(Math.min(30_000, 200L << Math.min(failures, 8)));
                if (failures == 1 || failures % 20 == 0) {
                    log.warnf("%s round failed (%d in a row), retrying in %d ms: %s", name, failures,
                            wait.toMillis(), e.toString());
                }
            }
            await(wait);
        }
    }

    private void await(Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return;
        }
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (!woken && running && nanos > 0) {
                nanos = signal.awaitNanos(nanos);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }
}
