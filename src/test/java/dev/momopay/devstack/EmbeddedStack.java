package dev.momopay.devstack;

import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.EmbeddedInfrastructure;
import dev.momopay.payout.testsupport.TopicRecorder;
import dev.momopay.payout.testsupport.WorkerProcess;
import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The whole stack on one machine: embedded PostgreSQL, an embedded KRaft Kafka broker with the contract's four topics,
 * the MoMo simulator and the packaged worker as a child process. {@link #close()} stops them in dependency order
 * (worker, simulator, clients, Kafka, PostgreSQL) and may be called more than once (it is also the shutdown hook).
 */
final class EmbeddedStack implements AutoCloseable {

    static final String OUTCOMES = "payouts.outcomes";
    static final String DLQ = "payouts.commands.dlq";
    static final List<String> TOPICS = List.of(CommandProducer.DEPOSITS, CommandProducer.TRANSFERS,
            CommandProducer.REFUNDS, CommandProducer.CANCELS, OUTCOMES, DLQ);
    private static final int PARTITIONS = 3;

    private final DemoOptions options;
    private final PrintStream out;
    private Map<String, String> infrastructure;
    private MomoSimulator simulator;
    private WorkerProcess worker;
    private final List<TopicRecorder> recorders = new ArrayList<>();
    private boolean closed;
    private final String opsKey = "demo-" + UUID.randomUUID();

    EmbeddedStack(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    synchronized void start() {
        step("PostgreSQL and Kafka (embedded)", () -> {
            infrastructure = EmbeddedInfrastructure.startEmbeddedWithoutShutdownHook();
            createTopics(infrastructure.get("kafka.bootstrap.servers"));
        });
        step("MoMo simulator", () -> simulator = MomoSimulator.start(SimulatorConfig.defaults()
                .withPort(portOrFree("simulator", options.simulatorPort()))));
        step("payout worker (" + WorkerProcess.jar() + ")", () -> {
            worker = WorkerProcess.against("demo-worker", simulator,
                    Map.of("QUARKUS_HTTP_PORT", Integer.toString(portOrFree("worker", options.workerPort())),
                            "QUARKUS_MANAGEMENT_PORT", Integer.toString(portOrFree("worker management",
                                    options.managementPort())),
                            "QUARKUS_CONFIG_LOCATIONS", controlsSettings().toUri().toString()))
                    .start();
            Http.awaitStatus(worker.managementUrl() + "/q/health/ready", 200, Duration.ofSeconds(60));
        });
    }

    /**
     * The demo's money controls and its operator's ops API key, in a properties file as production would mount one:
     * EUR payouts of 5000 and more wait for approval.
     */
    private Path controlsSettings() throws IOException {
        Path file = Path.of("target", "demo-worker.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "payout.controls.approval.threshold.default.EUR=5000\n"
                + "payout.ops.api-keys.demo-operator=" + opsKey + "\n");
        return file.toAbsolutePath();
    }

    /** The ops API key of the demo's operator (a fresh one each run). */
    String opsKey() {
        return opsKey;
    }

    /** Where everything is, for the user to open. */
    synchronized Map<String, String> urls() {
        Map<String, String> urls = new LinkedHashMap<>();
        String w = worker.baseUrl();
        String m = worker.managementUrl();
        urls.put("worker liveness", m + "/q/health/live");
        urls.put("worker readiness", m + "/q/health/ready");
        urls.put("worker metrics", m + "/q/metrics");
        urls.put("payout API", w + "/payouts/{referenceId}");
        urls.put("MoMo simulator", simulator.baseUrl() + "  (ledger: " + simulator.baseUrl() + "/_sim/ledger)");
        urls.put("Kafka bootstrap", infrastructure.get("kafka.bootstrap.servers"));
        urls.put("PostgreSQL", infrastructure.get("quarkus.datasource.jdbc.url"));
        urls.put("worker log", worker.log().toAbsolutePath().toString());
        urls.put("ops API key", opsKey + "  (demo-operator, e.g. curl -H 'X-Api-Key: ...' " + w + "/ops/payouts)");
        return urls;
    }

    /** Everything published to the topic from its start (closed with the stack). */
    synchronized TopicRecorder recorder(String topic) {
        TopicRecorder recorder = TopicRecorder.of(topic);
        recorders.add(recorder);
        return recorder;
    }

    String workerUrl() {
        return worker.baseUrl();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        out.println();
        out.println("Stopping the stack...");
        quietly("worker", () -> {
            if (worker != null) {
                worker.stop();
            }
        });
        quietly("MoMo simulator", () -> {
            if (simulator != null) {
                simulator.close();
            }
        });
        quietly("Kafka clients", () -> {
            recorders.forEach(TopicRecorder::close);
            CommandProducer.close();
            Sleep.millis(300); // the recorders' consumers leave their groups before the broker goes
        });
        quietly("Kafka and PostgreSQL", EmbeddedInfrastructure::stop);
        out.println("Stack stopped; its data is deleted.");
        out.flush();
    }

    private static void createTopics(String bootstrapServers) throws InterruptedException, ExecutionException,
            TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(TOPICS.stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /** The wanted port when it is free, otherwise (or for 0) any free port, so a busy 8080 never stops the demo. */
    private int portOrFree(String what, int wanted) throws IOException {
        if (wanted != 0) {
            try (ServerSocket socket = new ServerSocket(wanted, 1, InetAddress.getLoopbackAddress())) {
                return wanted;
            } catch (IOException busy) {
                out.printf("  (port %d for the %s is busy; using a free port instead)%n", wanted, what);
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    private void step(String what, Action action) {
        Instant start = Instant.now();
        out.printf("Starting %s...%n", what);
        try {
            action.run();
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + what + ": " + e.getMessage(), e);
        }
        out.printf("  up in %.1f s%n", Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    private void quietly(String what, Action action) {
        try {
            action.run();
            out.println("  stopped " + what);
        } catch (Exception | Error e) {
            out.println("  could not stop " + what + " cleanly: " + e);
        }
    }
}
