package dev.momopay.simulator;

import dev.momopay.simulator.faults.Faults;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator standalone until Ctrl-C / SIGTERM.
 *
 * <pre>
 * java -jar target/momo-payout-worker-&lt;version&gt;-simulator.jar --port 8090
 * </pre>
 *
 * Flags (each also readable as system property {@code sim.<flag>}, e.g. {@code -Dsim.port=8090}):
 * {@code --port N} (default 8090), {@code --host H}, {@code --currency EUR}, {@code --completion-delay 1s},
 * {@code --token-ttl 3600s}, {@code --latency 50ms[:20ms]} (fixed[:jitter], all endpoint classes),
 * {@code --callbacks on|off}, {@code --subscription-key K}, {@code --api-user UUID}, {@code --api-key K},
 * {@code --target-environment sandbox}, {@code --float 1000000}, {@code --reason-as-object},
 * {@code --no-financial-transaction-id}, {@code --numeric-fields}, {@code --legacy-ongoing},
 * {@code --callback-host-check on|off} (default on: the X-Callback-Url host must be the registered one),
 * {@code --provider-callback-host H} (the registered host, default {@code localhost}), {@code --callback-retry}. An
 * unknown flag is refused, naming the known ones. Durations: {@code 250ms}, {@code 2s}, {@code 1m}, or plain
 * milliseconds.
 */
public final class MomoSimulatorMain {

    private MomoSimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> o = parse(args);
        SimulatorConfig c = config(o);
        MomoSimulator sim = MomoSimulator.start(c);
        if (o.containsKey("latency")) {
            String[] parts = o.get("latency").split(":");
            Faults f = sim.faults();
            f.latency(duration(parts[0]), parts.length > 1 ? duration(parts[1]) : Duration.ZERO);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("MoMo simulator stopping");
            sim.close();
            stopped.countDown();
        }, "momo-simulator-shutdown"));
        System.out.println("MoMo simulator listening on " + sim.baseUrl());
        System.out.println("  Ocp-Apim-Subscription-Key: " + sim.subscriptionKey());
        System.out.println("  API user:                  " + sim.apiUser());
        System.out.println("  API key:                   " + sim.apiKey());
        System.out.println("  X-Target-Environment:      " + sim.targetEnvironment());
        System.out.println("  currency:                  " + sim.currency());
        System.out.println("  providerCallbackHost:      " + (c.callbackHostCheck() ? c.providerCallbackHost()
                + " (X-Callback-Url must use this host)" : "not checked"));
        System.out.println("  completion delay:          " + c.completionDelay().toMillis() + " ms");
        System.out.println("  control API:               " + sim.baseUrl() + "/_sim/config");
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        stopped.await();
    }

    /** The configuration the flags describe (all but the latency, which is a fault). */
    static SimulatorConfig config(Map<String, String> o) {
        SimulatorConfig c = SimulatorConfig.defaults().withPort(Integer.parseInt(o.getOrDefault("port", "8090")));
        if (o.containsKey("host")) {
            c = c.withHost(o.get("host"));
        }
        if (o.containsKey("currency")) {
            c = c.withCurrency(o.get("currency"));
        }
        if (o.containsKey("completion-delay")) {
            c = c.withCompletionDelay(duration(o.get("completion-delay")));
        }
        if (o.containsKey("token-ttl")) {
            c = c.withTokenTtl(duration(o.get("token-ttl")));
        }
        if (o.containsKey("callbacks")) {
            c = c.withCallbacks(!o.get("callbacks").matches("(?i)off|false|no|0"));
        }
        if (o.containsKey("subscription-key")) {
            c = c.withSubscriptionKey(o.get("subscription-key"));
        }
        if (o.containsKey("api-user") || o.containsKey("api-key")) {
            c = c.withApiUser(o.getOrDefault("api-user", c.apiUser()), o.getOrDefault("api-key", c.apiKey()));
        }
        if (o.containsKey("target-environment")) {
            c = c.withTargetEnvironment(o.get("target-environment"));
        }
        if (o.containsKey("float")) {
            c = c.withFloat(c.currency(), new BigDecimal(o.get("float")));
        }
        if (o.containsKey("reason-as-object")) {
            c = c.withReasonAsObject(true);
        }
        if (o.containsKey("no-financial-transaction-id")) {
            c = c.withoutFinancialTransactionId(true);
        }
        if (o.containsKey("numeric-fields")) {
            c = c.withNumericFields(true);
        }
        if (o.containsKey("legacy-ongoing")) {
            c = c.withLegacyOngoing(true, Duration.ofSeconds(30));
        }
        if (o.containsKey("callback-host-check")) {
            c = c.withCallbackHostCheck(!o.get("callback-host-check").matches("(?i)off|false|no|0"));
        }
        if (o.containsKey("provider-callback-host")) {
            c = c.withProviderCallbackHost(o.get("provider-callback-host"));
        }
        if (o.containsKey("callback-retry")) {
            c = c.withCallbackRetry(true, c.callbackRetryFastInterval(), c.callbackRetrySlowInterval());
        }
        return c;
    }

    /** Every flag the simulator knows. */
    static final java.util.Set<String> FLAGS = java.util.Set.of("port", "host", "currency", "completion-delay",
            "token-ttl", "latency", "callbacks", "subscription-key", "api-user", "api-key", "target-environment",
            "float", "reason-as-object", "no-financial-transaction-id", "numeric-fields", "legacy-ongoing",
            "callback-host-check", "provider-callback-host", "callback-retry");

    static Map<String, String> parse(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("sim.")) {
                o.put(name.substring(4), System.getProperty(name));
            }
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String k = a.substring(2);
            String v = "true";
            int eq = k.indexOf('=');
            if (eq >= 0) {
                v = k.substring(eq + 1);
                k = k.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                v = args[++i];
            }
            String flag = k.toLowerCase(Locale.ROOT);
            if (!FLAGS.contains(flag)) {
                throw new IllegalArgumentException("unknown flag --" + flag + "; known: "
                        + new java.util.TreeSet<>(FLAGS));
            }
            o.put(flag, v);
        }
        return o;
    }

    static Duration duration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofMillis(Long.parseLong(t));
    }
}
