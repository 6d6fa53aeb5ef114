package dev.momopay.payout.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A SHA-256 over a command's contract fields, so that "the same command again" and "the same reference with other
 * content" can be told apart. Each field is length-prefixed, so no two different commands share an encoding; unknown
 * extra fields do not count (the contract ignores them).
 */
public final class CommandFingerprint {
    private CommandFingerprint() {
    }

    /**
     * The fingerprint of the command's contract fields. The amount counts as a decimal, so "1500" and "1500.00" are
     * the same payout (an identical command re-sent with another scale is a duplicate, not a conflict).
     */
    public static String of(RawPayoutCommand raw) {
        return of(raw, decimal(raw.amount()));
    }

    /**
     * The fingerprint as versions before the decimal comparison computed it (the amount as sent): a command re-sent
     * exactly as before still matches a payout stored by them.
     */
    public static String asSent(RawPayoutCommand raw) {
        return of(raw, raw.amount());
    }

    /** The amount as a canonical decimal ("1500.00" -> "1500", "0.50" -> "0.5"); other text as it is. */
    static String decimal(String amount) {
        if (amount == null) {
            return null;
        }
        try {
            return new java.math.BigDecimal(amount).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException notADecimal) {
            return amount;
        }
    }

    private static String of(RawPayoutCommand raw, String amount) {
        StringBuilder canonical = new StringBuilder(256);
        append(canonical, "v1");
        append(canonical, raw.operation().name());
        append(canonical, raw.referenceId().toString());
        append(canonical, amount);
        append(canonical, raw.currency());
        append(canonical, raw.externalId());
        append(canonical, raw.payeePresent() ? "payee" : null);
        append(canonical, raw.payeePartyIdType());
        append(canonical, raw.payeePartyId());
        append(canonical, raw.payerMessage());
        append(canonical, raw.payeeNote());
        append(canonical, raw.referenceIdToRefund());
        append(canonical, raw.accountOrDefault());
        append(canonical, raw.expectedPayeeName());
        for (Map.Entry<String, String> field : new TreeMap<>(raw.nonTextFields()).entrySet()) {
            append(canonical, field.getKey());
            append(canonical, field.getValue());
        }
        // Only when present, so that the fingerprint of every command without it is what it was before the field.
        if (raw.notBefore() != null) {
            append(canonical, "notBefore");
            append(canonical, raw.notBefore());
        }
        return sha256(canonical.toString());
    }

    private static void append(StringBuilder out, String value) {
        if (value == null) {
            out.append("-1:");
        } else {
            out.append(value.length()).append(':').append(value);
        }
        out.append('|');
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
