package dev.momopay.payout.http.ops;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The ops API's roles: a reader sees payouts, audit and balances; an operator may also act on payouts and MoMo. */
public enum OpsRole {
    READER,
    OPERATOR;

    /** Role names as {@code @RolesAllowed} takes them. */
    public static final String READ = "reader";
    public static final String OPERATE = "operator";

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The roles a holder of this role has: an operator can also read. */
    public java.util.Set<String> grants() {
        return this == OPERATOR ? java.util.Set.of(READ, OPERATE) : java.util.Set.of(READ);
    }

    static Optional<OpsRole> parse(String value) {
        return Arrays.stream(values()).filter(role -> role.value().equalsIgnoreCase(value.trim())).findFirst();
    }
}
