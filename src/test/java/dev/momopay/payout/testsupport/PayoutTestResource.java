package dev.momopay.payout.testsupport;

import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.SimulatorConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * The one test resource: real PostgreSQL, real Kafka and the MoMo simulator over real HTTP, shared by all
 * {@code @QuarkusTest} classes. Attach it with {@code @WithTestResource(PayoutTestResource.class)}.
 */
public class PayoutTestResource implements QuarkusTestResourceLifecycleManager {

    /**
     * MoMo accounts (markets) besides {@code default}, each its own simulated account, so that one test can drain a
     * float or break a market without touching the others: name, currency.
     */
    public static final Map<String, String> EXTRA_ACCOUNTS = Map.of(
            "floaty", "EUR", "broken", "EUR", "checked", "EUR", "uganda", "UGX", "recon", "EUR", "controlled", "EUR",
            "limited", "EUR", "strict", "EUR", "dupes", "EUR");

    private static MomoSimulator simulator;

    /** The simulator every test talks to (started once per JVM). */
    public static synchronized MomoSimulator simulator() {
        if (simulator == null) {
            SimulatorConfig config = SimulatorConfig.defaults().withCompletionDelay(java.time.Duration.ofMillis(300));
            for (Map.Entry<String, String> account : EXTRA_ACCOUNTS.entrySet()) {
                config = config.withAccount(account.getKey(), "sub-key-" + account.getKey(),
                        java.util.UUID.randomUUID().toString(), "api-key-" + account.getKey(), "sandbox",
                        account.getValue());
            }
            simulator = MomoSimulator.start(config);
            MomoSimulator started = simulator;
            SuiteShutdown.register(SuiteShutdown.Order.CLIENTS, "simulator", started::close);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "simulator-stop"));
        }
        return simulator;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> properties = new HashMap<>(EmbeddedInfrastructure.start());
        MomoSimulator sim = simulator();
        properties.put("momo.accounts.default.base-url", sim.baseUrl());
        properties.put("momo.accounts.default.subscription-key", sim.subscriptionKey());
        properties.put("momo.accounts.default.api-user", sim.apiUser());
        properties.put("momo.accounts.default.api-key", sim.apiKey());
        properties.put("momo.accounts.default.target-environment", sim.targetEnvironment());
        for (dev.momopay.simulator.Account account : sim.accounts()) {
            if (EXTRA_ACCOUNTS.containsKey(account.name())) {
                String prefix = "momo.accounts." + account.name() + ".";
                properties.put(prefix + "base-url", sim.baseUrl());
                properties.put(prefix + "subscription-key", account.subscriptionKey());
                properties.put(prefix + "api-user", account.apiUser());
                properties.put(prefix + "api-key", account.apiKey());
                properties.put(prefix + "target-environment", account.targetEnvironment());
            }
        }
        String port = freePort("quarkus.http.test-port");
        properties.put("quarkus.http.test-port", port);
        properties.put("quarkus.management.test-port", freePort("quarkus.management.test-port"));
        properties.put("payout.callback-base-url", "http://localhost:" + port);
        return properties;
    }

    /** A URL on the management port of the application under test, where {@code /q/*} is served. */
    public static String management(String path) {
        return "http://localhost:" + freePort("quarkus.management.test-port") + path;
    }

    /**
     * A port of the application under test: a free one, chosen once per JVM (a fixed port fails a run beside anything
     * else that holds it), unless the build sets the property.
     */
    private static synchronized String freePort(String property) {
        String port = System.getProperty(property);
        if (port == null || port.isBlank() || "0".equals(port)) {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = Integer.toString(socket.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException("no free port for the application under test", e);
            }
            System.setProperty(property, port);
        }
        return port;
    }

    @Override
    public void stop() {
        // Shared services outlive one Quarkus application; they stop with the JVM.
    }
}
