package dev.momopay.simulator;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Issued access tokens (opaque random strings) and OAuth2 (CIBA) tokens. */
final class TokenStore {
    enum Kind { ACCESS, OAUTH2, REFRESH }

    record Token(String value, Kind kind, String account, String apiUser, long issuedNanos, long expiresNanos,
                 String subject, String scope) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    /** Per account: tokens issued at or before this nanoTime are revoked. */
    private final Map<String, Long> revokedUpTo = new ConcurrentHashMap<>();
    /** Per API user: tokens issued at or before this nanoTime are revoked. */
    private final Map<String, Long> userRevokedUpTo = new ConcurrentHashMap<>();

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    Token issue(Kind kind, String account, String apiUser, long ttlNanos, String subject, String scope) {
        long now = System.nanoTime();
        Token t = new Token(random(kind == Kind.ACCESS ? 48 : 32), kind, account, apiUser, now, now + ttlNanos,
            subject, scope);
        tokens.put(t.value(), t);
        return t;
    }

    /** The token if it exists, has the kind, and is neither expired nor revoked; else null. */
    Token valid(String value, Kind kind) {
        Token t = value == null ? null : tokens.get(value);
        if (t == null || t.kind() != kind) {
            return null;
        }
        long now = System.nanoTime();
        if (now - t.expiresNanos() >= 0) {
            tokens.remove(value);
            return null;
        }
        Long cut = revokedUpTo.get(t.account());
        Long ucut = userRevokedUpTo.get(t.apiUser());
        if ((cut != null && t.issuedNanos() - cut <= 0) || (ucut != null && t.issuedNanos() - ucut <= 0)) {
            tokens.remove(value);
            return null;
        }
        return t;
    }

    /** Every token value issued and still stored (for tests that check no token leaks anywhere). */
    java.util.List<String> values() {
        return java.util.List.copyOf(tokens.keySet());
    }

    void revoke(String value) {
        tokens.remove(value);
    }

    void expireAccount(String account) {
        revokedUpTo.put(account, System.nanoTime());
    }

    void expireAll(Iterable<String> accounts) {
        for (String a : accounts) {
            expireAccount(a);
        }
    }

    void expireUser(String apiUser) {
        userRevokedUpTo.put(apiUser, System.nanoTime());
    }
}
