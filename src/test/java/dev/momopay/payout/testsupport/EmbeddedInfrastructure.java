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
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedInfrastructure::stopAll, "test-infra-stop"));
        }
        return config;
    }

    /**
     * Starts the embedded services only (never containers), for a launcher that orders its own shutdown: no JVM
     * shutdown hook is registered, the caller calls {@link #stop()} once the processes using the services are gone.
     */
    public static synchronized Map<String, String> startEmbeddedWithoutShutdownHook() {
        if (config == null) {
            config = startEmbedded();
        }
        return config;
    }

    public static String kafkaBootstrapServers() {
        return start().get("kafka.bootstrap.servers");
    }

    public static String jdbcUrl() {
        return start().get("quarkus.datasource.jdbc.url");
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
    private static PostgreSQLContainer postgresContainer;
    private static KafkaContainer kafkaContainer;

    private static Map<String, String> startEmbedded() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "on")
                    .start();
            kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
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

    private static void stopAll() {
        try {
            if (kafka != null) {
                kafka.close();
                kafka = null;
            }
            if (postgres != null) {
                postgres.close();
                postgres = null;
            }
            if (kafkaContainer != null) {
                kafkaContainer.stop();
            }
            if (postgresContainer != null) {
                postgresContainer.stop();
            }
        } catch (Exception e) {
            // The JVM is exiting; nothing else to do.
        }
    }
}
