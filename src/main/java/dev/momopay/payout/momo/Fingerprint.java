package dev.momopay.payout.momo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A short, non-reversible fingerprint of a secret, the only form in which a secret may appear in logs. */
final class Fingerprint {

    private Fingerprint() {
    }

    static String of(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "none";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
