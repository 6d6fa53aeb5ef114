package dev.momopay.payout.momo;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What MoMo's environments are: the {@code X-Target-Environment} values MTN lists, the currency each market pays
 * in (the sandbox: EUR only), and the API hosts of the sandbox and of production. A value outside this table is not
 * necessarily wrong (a market may open), so the go-live check reports it as unknown rather than refusing it.
 */
public final class MomoMarkets {

    public static final String SANDBOX = "sandbox";
    public static final String SANDBOX_HOST = "sandbox.momodeveloper.mtn.com";
    public static final String PRODUCTION_HOST = "proxy.momoapi.mtn.com";

    private static final Map<String, Set<String>> CURRENCIES = Map.ofEntries(
            Map.entry(SANDBOX, Set.of("EUR")),
            Map.entry("mtnuganda", Set.of("UGX")),
            Map.entry("mtnghana", Set.of("GHS")),
            Map.entry("mtnivorycoast", Set.of("XOF")),
            Map.entry("mtnzambia", Set.of("ZMW")),
            Map.entry("mtncameroon", Set.of("XAF")),
            Map.entry("mtnbenin", Set.of("XOF")),
            Map.entry("mtncongo", Set.of("XAF")),
            Map.entry("mtnswaziland", Set.of("SZL")),
            Map.entry("mtnguineaconakry", Set.of("GNF")),
            Map.entry("mtnsouthafrica", Set.of("ZAR")),
            Map.entry("mtnliberia", Set.of("LRD", "USD")));

    private MomoMarkets() {
    }

    /** The currencies of a known target environment; empty for one this table does not know. */
    public static Optional<Set<String>> currencies(String targetEnvironment) {
        return Optional.ofNullable(CURRENCIES.get(targetEnvironment));
    }

    /** The known target environments, sorted. */
    public static Set<String> targetEnvironments() {
        return new TreeSet<>(CURRENCIES.keySet());
    }
}
