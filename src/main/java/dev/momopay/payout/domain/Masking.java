package dev.momopay.payout.domain;

/** Masks personal identifiers (MSISDNs, e-mail addresses, party codes) before they may reach a log line. */
public final class Masking {
    private Masking() {
    }

    public static String maskIdentifier(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        int keep = value.length() > 6 ? 2 : 0;
        return "*".repeat(value.length() - keep) + value.substring(value.length() - keep);
    }
}
