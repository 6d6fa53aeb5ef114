package dev.momopay.simulator;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-id overrides of account holders (MSISDN, e-mail, party code...), on top of the sandbox matrix. An override
 * decides {@code /active}, {@code /basicuserinfo} and consent {@code /userinfo}, and the outcome of payouts to that
 * payee: NOT_FOUND gives FAILED {@code PAYEE_NOT_FOUND}, INACTIVE gives FAILED {@code PAYEE_NOT_ALLOWED_TO_RECEIVE}.
 * Ids are compared case-insensitively. Thread-safe.
 */
public final class AccountHolders {

    /** State of an account holder. */
    public enum State { ACTIVE, INACTIVE, NOT_FOUND }

    /** An override. */
    public record Holder(State state, String givenName, String familyName) {
        public String name() {
            return givenName + " " + familyName;
        }
    }

    static final Holder DEFAULT = new Holder(State.ACTIVE, "Sand", "Box");

    private final Map<String, Holder> holders = new ConcurrentHashMap<>();

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    public AccountHolders set(String id, State state) {
        holders.merge(key(id), new Holder(state, DEFAULT.givenName(), DEFAULT.familyName()),
            (old, n) -> new Holder(state, old.givenName(), old.familyName()));
        return this;
    }

    public AccountHolders active(String id) {
        return set(id, State.ACTIVE);
    }

    public AccountHolders inactive(String id) {
        return set(id, State.INACTIVE);
    }

    public AccountHolders notFound(String id) {
        return set(id, State.NOT_FOUND);
    }

    /** Names returned by basicuserinfo/userinfo for this id (the holder stays in its state, ACTIVE if new). */
    public AccountHolders name(String id, String givenName, String familyName) {
        holders.merge(key(id), new Holder(State.ACTIVE, givenName, familyName),
            (old, n) -> new Holder(old.state(), givenName, familyName));
        return this;
    }

    public Optional<Holder> get(String id) {
        return Optional.ofNullable(holders.get(key(id)));
    }

    public AccountHolders remove(String id) {
        holders.remove(key(id));
        return this;
    }

    public AccountHolders reset() {
        holders.clear();
        return this;
    }
}
