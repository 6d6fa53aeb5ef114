package dev.momopay.devstack;

import java.time.Duration;

/**
 * The demo's settings, from command-line flags or the equivalent system properties (so {@code ./mvnw -Pdemo package
 * -Ddemo.exitAfterSummary=true} works): {@code --exit-after-summary} / {@code demo.exitAfterSummary},
 * {@code --worker-port N} / {@code demo.workerPort} (8080), {@code --management-port N} /
 * {@code demo.managementPort} (9000, the worker's health and metrics), {@code --simulator-port N} /
 * {@code demo.simulatorPort} (8090), {@code --timeout SECONDS} / {@code demo.timeoutSeconds} (120). Port 0 picks a free port.
 */
record DemoOptions(boolean exitAfterSummary, int workerPort, int managementPort, int simulatorPort,
        Duration timeout) {

    static DemoOptions parse(String[] args) {
        boolean exit = Boolean.parseBoolean(System.getProperty("demo.exitAfterSummary", "false"));
        int workerPort = Integer.getInteger("demo.workerPort", 8080);
        int managementPort = Integer.getInteger("demo.managementPort", 9000);
        int simulatorPort = Integer.getInteger("demo.simulatorPort", 8090);
        long timeout = Long.getLong("demo.timeoutSeconds", 120);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--exit-after-summary" -> exit = true;
                case "--worker-port" -> workerPort = Integer.parseInt(args[++i]);
                case "--management-port" -> managementPort = Integer.parseInt(args[++i]);
                case "--simulator-port" -> simulatorPort = Integer.parseInt(args[++i]);
                case "--timeout" -> timeout = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown flag " + args[i] + "; known: "
                        + "--exit-after-summary, --worker-port N, --management-port N, --simulator-port N, --timeout SECONDS");
            }
        }
        return new DemoOptions(exit, workerPort, managementPort, simulatorPort, Duration.ofSeconds(timeout));
    }
}
