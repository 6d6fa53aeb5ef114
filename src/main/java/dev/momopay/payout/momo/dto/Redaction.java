package dev.momopay.payout.momo.dto;

/** Masks personal identifiers for {@code toString()} so that logging a DTO never prints them in clear. */
public final class Redaction {

    private Redaction() {
    }

    /** Keeps the first 4 and the last 2 characters of values longer than 8, masks the rest. */
    public static String mask(String value) {
        if (value == null) {
            return "null";
        }
        int n = value.length();
        if (n <= 8) {
            return "*".repeat(n);
        }
        return value.substring(0, 4) + "*".repeat(n - 6) + value.substring(n - 2);
    }
}
