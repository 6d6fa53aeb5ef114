package dev.momopay.payout.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL and a real Kafka broker for the tests, started once per JVM and shared by every test class
 * (each test owns its data through unique references). Where a Docker engine is available they are Testcontainers
 * (PostgreSQL and Apache Kafka images); everywhere else, and in this project's CI, they run embedded: PostgreSQL
 * binaries from Maven Central and a KRaft broker inside the test JVM. The tests are the same either way.
 */
public final class EmbeddedInfrastructure {

    private static Map<String, String> config;

    private EmbeddedInfrastructure() {
    }

    /** Starts the services on first use; returns the properties that point the worker at them. */
    public static synchronized Map<String, String> start() {
        if (config == null) {
            boolean docker = !"false".equals(System.getProperty("payout.tests.docker"))
                    && dockerAvailable();
            config = docker ? startContainers() : startEmbedded();
            SuiteShutdown.register(SuiteShutdown.Order.KAFKA, "infrastructure", EmbeddedInfrastructure::stopAll);
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedInfrastructure::stopAll, "test-infra-stop"));
        }
        return config;
    }

    /**
     * Starts the embedded services only (never containers), for a launcher that orders its own shutdown: no JVM
     * shutdown hook is registered, the caller calls {@link #stop()} once the processes using the services are gone.
     */
    public static synchronized Map<String, String> startEmbeddedWithoutShutdownHook() {
        return startEmbeddedWithoutShutdownHook(Map.of());
    }

    /** The same with PostgreSQL settings of the caller's (the benchmark preloads pg_stat_statements). */
    public static synchronized Map<String, String> startEmbeddedWithoutShutdownHook(Map<String, String> serverConfig) {
        if (config == null) {
            config = startEmbedded(serverConfig);
        }
        return config;
    }

    public static String kafkaBootstrapServers() {
        return start().get("kafka.bootstrap.servers");
    }

    public static String jdbcUrl() {
        return start().get("quarkus.datasource.jdbc.url");
    }

    /** A connection of the test's own to the worker's database, to look at what the worker committed. */
    public static java.sql.Connection connect() throws java.sql.SQLException {
        Map<String, String> infrastructure = start();
        return java.sql.DriverManager.getConnection(infrastructure.get("quarkus.datasource.jdbc.url"),
                infrastructure.get("quarkus.datasource.username"), infrastructure.get("quarkus.datasource.password"));
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    private static EmbeddedPostgres postgres;
    private static KafkaClusterTestKit kafka;
    private static java.nio.file.Path kafkaDirectory;
    private static PostgreSQLContainer postgresContainer;
    private static KafkaContainer kafkaContainer;

    private static Map<String, String> startEmbedded() {
        return startEmbedded(Map.of());
    }

    private static Map<String, String> startEmbedded(Map<String, String> serverConfig) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            serverConfig.forEach(builder::setServerConfig);
            postgres = builder
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "on")
                    // zonky's default is synchronous_commit=off: a commit could then be acknowledged (and its Kafka
                    // offset committed) and still be lost by a crash of PostgreSQL. Production keeps the default, on.
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            kafkaDirectory = KafkaTestKits.newBaseDirectory("kafka");
            kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setBaseDirectory(kafkaDirectory)
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("num.partitions", "3")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .build();
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded test infrastructure", e);
        }
        Map<String, String> properties = new HashMap<>();
        properties.put("quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"));
        properties.put("quarkus.datasource.username", "postgres");
        properties.put("quarkus.datasource.password", "postgres");
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }

    /**
     * Stops the embedded Kafka broker (its KRaft controller keeps running, its log stays on disk), as a broker crash or
     * a restart would; {@link #startKafkaBroker()} brings it back on the same port with the same data. Embedded only.
     */
    public static synchronized void stopKafkaBroker() {
        requireEmbedded();
        kafka.brokers().values().forEach(broker -> broker.shutdown());
        kafka.brokers().values().forEach(broker -> broker.awaitShutdown());
    }

    public static synchronized void startKafkaBroker() {
        requireEmbedded();
        kafka.brokers().values().forEach(broker -> broker.startup());
        try {
            kafka.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("the embedded broker did not come back", e);
        }
    }

    /**
     * Restarts the embedded PostgreSQL as after a crash: the postmaster gets SIGQUIT (an immediate shutdown: every
     * connection is cut, open transactions are lost), then the same server binary starts again with the same
     * arguments (data directory, port) and recovers from its WAL. As root it starts under {@code unshare -U}, as zonky
     * starts it ({@code pg_ctl} cannot be used: it refuses to run as root). Embedded only.
     */
    public static synchronized void restartPostgresImmediately() {
        restartPostgresImmediately(() -> { });
    }

    /**
     * As {@link #restartPostgresImmediately()}, with {@code whileDown} run between the crash and the restart: an
     * outage exactly as long as what it waits for.
     */
    public static synchronized void restartPostgresImmediately(Runnable whileDown) {
        requireEmbedded();
        try {
            java.nio.file.Path dataDir;
            try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
                    java.sql.Statement q = c.createStatement();
                    java.sql.ResultSet r = q.executeQuery("SHOW data_directory")) {
                r.next();
                dataDir = java.nio.file.Path.of(r.getString(1));
            }
            long pid = Long.parseLong(java.nio.file.Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            java.util.List<String> command = new java.util.ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                // As zonky does: PostgreSQL refuses to run as root, so it runs in a user namespace as "nobody".
                command.addAll(java.util.List.of("unshare", "-U"));
            }
            java.util.regex.Matcher token = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)")
                    .matcher(java.nio.file.Files.readString(dataDir.resolve("postmaster.opts")).trim());
            while (token.find()) {
                command.add(token.group(1) != null ? token.group(1) : token.group(2));
            }
            new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).start().waitFor();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            try {
                whileDown.run();
            } finally {
                // A failing check while it is down must not leave every later test without a database.
                startPostmaster(command, dataDir);
            }
        } catch (java.sql.SQLException | java.io.IOException e) {
            throw new IllegalStateException("could not restart the embedded PostgreSQL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void startPostmaster(java.util.List<String> command, java.nio.file.Path dataDir) {
        try {
            restartedPostmaster = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("restarted.log").toFile()))
                    .start();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .ignoreExceptions().until(() -> {
                        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection()) {
                            return c.isValid(2);
                        }
                    });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not restart the embedded PostgreSQL", e);
        }
    }

    private static Process restartedPostmaster;

    /** Whether the services run embedded (restartable by the tests) rather than in containers. */
    public static boolean embedded() {
        start();
        return postgres != null;
    }

    private static void requireEmbedded() {
        if (!embedded()) {
            throw new IllegalStateException("only the embedded services can be restarted by a test");
        }
    }

    private static Map<String, String> startContainers() {
        postgresContainer = new PostgreSQLContainer("postgres:15-alpine");
        postgresContainer.start();
        kafkaContainer = new KafkaContainer("apache/kafka:4.1.2");
        kafkaContainer.start();
        Map<String, String> properties = new HashMap<>();
        properties.put("quarkus.datasource.jdbc.url", postgresContainer.getJdbcUrl());
        properties.put("quarkus.datasource.username", postgresContainer.getUsername());
        properties.put("quarkus.datasource.password", postgresContainer.getPassword());
        properties.put("kafka.bootstrap.servers", kafkaContainer.getBootstrapServers());
        return properties;
    }

    /** Stops whatever was started (Kafka first, then PostgreSQL) and deletes their data; safe to call twice. */
    public static synchronized void stop() {
        stopAll();
        config = null;
    }

    /** Kafka, then PostgreSQL, each on its own (a failure to stop one never leaves the other running). */
    private static synchronized void stopAll() {
        stopStep("Kafka", () -> {
            if (kafka != null) {
                KafkaClusterTestKit cluster = kafka;
                kafka = null;
                cluster.close();
                KafkaTestKits.delete(kafkaDirectory);
            }
        });
        stopStep("the Kafka container", () -> {
            if (kafkaContainer != null) {
                kafkaContainer.stop();
                kafkaContainer = null;
            }
        });
        stopStep("the restarted PostgreSQL", () -> {
            if (restartedPostmaster != null) {
                restartedPostmaster.destroy(); // SIGTERM: a smart shutdown of the postmaster a test restarted
            }
        });
        stopStep("PostgreSQL", () -> {
            if (postgres != null) {
                EmbeddedPostgres server = postgres;
                postgres = null;
                server.close();
            }
        });
        stopStep("the PostgreSQL container", () -> {
            if (postgresContainer != null) {
                postgresContainer.stop();
                postgresContainer = null;
            }
        });
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void stopStep(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            System.err.println(what + " did not stop cleanly: " + e);
        }
    }
}
