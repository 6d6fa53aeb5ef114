package dev.momopay.payout.observability;

import java.util.UUID;
import org.jboss.logging.MDC;

/**
 * Puts the payout a log line is about into the logging context ({@code referenceId}, and {@code account} where it is
 * known), so the JSON log format carries them as fields ({@code mdc}) and a log search finds every line of one
 * payout. Use with try-with-resources around the log call; the previous values come back on close, so nesting and
 * pooled threads are safe.
 */
public final class PayoutLogContext implements AutoCloseable {

    public static final String REFERENCE_ID = "referenceId";
    public static final String ACCOUNT = "account";

    private final Object previousReference;
    private final Object previousAccount;

    private PayoutLogContext(UUID referenceId, String account) {
        previousReference = MDC.get(REFERENCE_ID);
        previousAccount = MDC.get(ACCOUNT);
        put(REFERENCE_ID, referenceId == null ? null : referenceId.toString());
        put(ACCOUNT, account);
    }

    /** The payout (and its MoMo account, or null when unknown here) of the log lines inside. */
    public static PayoutLogContext of(UUID referenceId, String account) {
        return new PayoutLogContext(referenceId, account);
    }

    @Override
    public void close() {
        put(REFERENCE_ID, previousReference);
        put(ACCOUNT, previousAccount);
    }

    private static void put(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
