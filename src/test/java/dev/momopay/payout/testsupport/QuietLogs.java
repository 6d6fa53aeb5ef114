package dev.momopay.payout.testsupport;

import java.util.logging.Level;
import org.jboss.logmanager.LogContext;

/**
 * For the launchers that run outside Quarkus (benchmark, demo, chaos soak): without a logging configuration the
 * in-process Kafka broker and clients format their DEBUG and TRACE messages for every request, which costs the
 * broker a large share of its CPU time. Call first thing in {@code main}.
 */
public final class QuietLogs {

    private QuietLogs() {
    }

    public static void apply() {
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        LogContext.getLogContext().getLogger("").setLevel(Level.WARNING);
    }
}
