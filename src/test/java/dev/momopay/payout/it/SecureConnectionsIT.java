package dev.momopay.payout.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.SecureKafka;
import dev.momopay.payout.testsupport.SslPostgres;
import dev.momopay.payout.testsupport.TestCertificates;
import dev.momopay.payout.testsupport.WorkerProcess;
import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worker really runs over TLS and SASL, configured only through the documented settings (docs/operations.md,
 * "TLS, SASL and credentials"): a separate Kafka broker whose only listener is SASL_SSL (SCRAM-SHA-512, a CA made at
 * test time, an authorizer with exactly the documented ACLs) and a separate PostgreSQL that accepts TLS connections
 * only. The packaged worker consumes a command and publishes its outcome (and a dead letter, through its own producer)
 * over that listener, and talks to PostgreSQL with {@code sslmode=verify-full}, its password read from a mounted
 * properties file. A wrong SASL password or a missing trust store fails closed: readiness stays down and nothing is
 * consumed.
 */
class SecureConnectionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIRECTORY = Path.of("target", "secure-connections");
    private static final String DEPOSITS = "payouts.deposit.requested";

    private static TestCertificates certificates;
    private static SecureKafka kafka;
    private static SslPostgres postgres;
    private static MomoSimulator momo;
    private static KafkaProducer<byte[], byte[]> upstream;

    @BeforeAll
    static void startSecureServices() {
        certificates = TestCertificates.create(DIRECTORY.resolve("certificates"));
        // The broker and the database do not depend on each other: PostgreSQL starts beside the broker.
        java.util.concurrent.CompletableFuture<SslPostgres> database = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> SslPostgres.start(certificates, DIRECTORY.resolve("postgres")));
        try {
            kafka = SecureKafka.start(certificates);
        } finally {
            postgres = database.join(); // closed in stopSecureServices even when the broker failed to start
        }
        momo = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ofMillis(200)));
        Map<String, Object> producer = new HashMap<>();
        kafka.adminProperties().forEach((key, value) -> producer.put((String) key, value));
        producer.put("acks", "all");
        upstream = new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopSecureServices() throws Exception {
        if (upstream != null) {
            upstream.close();
        }
        if (momo != null) {
            momo.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aWorkerConfiguredOnlyThroughTheDocumentedSettingsPaysOutOverSaslSslAndVerifiedTls() throws Exception {
        String reference = Commands.newReference();
        String garbageKey = "not-a-command-" + UUID.randomUUID();
        try (Worker worker = new Worker("worker-sasl-ssl",
                secureEnvironment(SecureKafka.WORKER_PASSWORD, true))) {
            worker.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> worker.status("/q/health/ready") == 200);
            assertEquals("UP", readinessCheck(worker, "Kafka").get("status").asText());

            publish(DEPOSITS, reference, Commands.payout(reference, "1500", Commands.SUCCESS_MSISDN));
            publish(DEPOSITS, garbageKey, "{ this is not JSON");

            // The outcome comes back over SASL_SSL through the worker's own producer (messaging.KafkaProducers).
            ConsumerRecord<byte[], byte[]> outcome = awaitRecord("payouts.outcomes", reference, Duration.ofSeconds(60));
            JsonNode event = JSON.readTree(outcome.value());
            assertEquals("SUCCESSFUL", event.get("status").asText(), event.toString());
            assertEquals(reference, header(outcome, "ce_subject"));
            // So does the dead letter of the unparseable record (the same producer, WRITE on the DLQ topic).
            ConsumerRecord<byte[], byte[]> deadLetter = awaitRecord("payouts.commands.dlq", garbageKey,
                    Duration.ofSeconds(30));
            assertEquals("UNPARSEABLE", header(deadLetter, "dlq-reason"));

            // The command was consumed and committed by the worker's group (READ on the topic and the group).
            await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset(DEPOSITS).isPresent());
            assertEquals("SUCCESSFUL", payout(worker, reference).get("status").asText());
            assertEquals(1, momo.ledger().postAttempts(UUID.fromString(reference)));

            // Every database session of the worker is encrypted (the server would refuse any other, see below).
            try (Connection connection = postgres.superuserConnection();
                    Statement sql = connection.createStatement();
                    ResultSet sessions = sql.executeQuery("SELECT count(*) FILTER (WHERE s.ssl), "
                            + "count(*) FILTER (WHERE NOT s.ssl) FROM pg_stat_activity a JOIN pg_stat_ssl s "
                            + "USING (pid) WHERE a.usename = '" + SslPostgres.USER + "'")) {
                sessions.next();
                assertTrue(sessions.getLong(1) > 0, "the worker holds TLS sessions");
                assertEquals(0, sessions.getLong(2), "sessions without TLS");
            }
            String log = Files.readString(worker.log(), StandardCharsets.UTF_8);
            assertFalse(log.contains(SecureKafka.WORKER_PASSWORD), "the SASL password is in the log");
            assertFalse(log.contains(SslPostgres.PASSWORD), "the database password is in the log");
        }
    }

    @Test
    void aWrongSaslPasswordOrAMissingTruststoreKeepsTheWorkerNotReadyAndConsumesNothing() throws Exception {
        String reference = Commands.newReference();
        long offset = publish(DEPOSITS, reference, Commands.payout(reference, "2500", Commands.SUCCESS_MSISDN));
        Map<String, String> noTruststore = secureEnvironment(SecureKafka.WORKER_PASSWORD, false);
        try (Worker wrongPassword = new Worker("worker-wrong-sasl-password",
                secureEnvironment("not-the-" + SecureKafka.WORKER_PASSWORD, true));
                Worker untrusting = new Worker("worker-no-truststore", noTruststore)) {
            // Independent of each other: both start at once, then both are watched over the same 20 s.
            wrongPassword.launch();
            untrusting.launch();
            wrongPassword.awaitAnswering();
            untrusting.awaitAnswering();
            await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertNotEquals(200, wrongPassword.status("/q/health/ready"), "ready with a wrong SASL password");
                        assertNotEquals(200, untrusting.status("/q/health/ready"), "ready without a trust store");
                    });
            for (Worker worker : List.of(wrongPassword, untrusting)) {
                assertTrue(worker.alive(), worker.log() + " exited");
                JsonNode kafkaCheck = readinessCheck(worker, "Kafka");
                assertEquals("DOWN", kafkaCheck.get("status").asText(), kafkaCheck.toString());
                // The database works (the command would have been stored), yet nothing was taken in.
                assertEquals(404, worker.status("/payouts/" + reference), "payout stored via " + worker.log());
            }
            assertEquals(0, momo.ledger().postAttempts(UUID.fromString(reference)));
            Optional<Long> committed = committedOffset(DEPOSITS);
            assertTrue(committed.isEmpty() || committed.get() <= offset,
                    "the group committed past the command: " + committed + " > " + offset);
            String wrongPasswordLog = Files.readString(wrongPassword.log(), StandardCharsets.UTF_8);
            assertTrue(wrongPasswordLog.contains("Authentication failed"), "no authentication failure in the log");
            assertFalse(wrongPasswordLog.contains(SecureKafka.WORKER_PASSWORD), "the SASL password is in the log");
            String untrustingLog = Files.readString(untrusting.log(), StandardCharsets.UTF_8);
            assertTrue(untrustingLog.contains("SSL handshake failed")
                    || untrustingLog.contains("PKIX path building failed"), "no TLS failure in the log");
        }
    }

    /**
     * A dead letter Kafka refuses to store (here: the worker lost WRITE on the DLQ topic) leaves its record, and every
     * record after it, unacknowledged: the batch is retried in place, and once writing works again the record is
     * dead-lettered exactly once and the group's offset moves past it. A valid command in the same batch is stored
     * (and paid) meanwhile, and is a duplicate on every retry.
     */
    @Test
    void aDeadLetterKafkaRefusesLeavesItsRecordUnacknowledgedUntilItIsWritten() throws Exception {
        String garbageKey = "not-a-command-" + UUID.randomUUID();
        String reference = Commands.newReference();
        Map<String, String> environment = secureEnvironment(SecureKafka.WORKER_PASSWORD, true);
        environment.put("PAYOUT_INTAKE_RETRY_MAX_DELAY", "1s");
        kafka.deadLetterWrites(false);
        // Both records wait before the worker starts, so its first poll takes them in one batch (published while it
        // polls, the garbage could come alone and hold the payout's batch behind it).
        long garbage = publish(DEPOSITS, garbageKey, "{ this is not JSON");
        long payout = publish(DEPOSITS, reference, Commands.payout(reference, "1700", Commands.SUCCESS_MSISDN));
        try (Worker worker = new Worker("worker-dlq-refused", environment)) {
            worker.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> worker.status("/q/health/ready") == 200);

            // The batch is retried: its valid command is stored and paid, yet nothing is acknowledged past the garbage.
            await().atMost(Duration.ofSeconds(60)).until(() -> worker.status("/payouts/" + reference) == 200);
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Optional<Long> committed = committedOffset(DEPOSITS);
                assertTrue(committed.isEmpty() || committed.get() <= garbage,
                        "acknowledged past a record whose dead letter was refused: " + committed + " > " + garbage);
            });
            assertEquals(0, records("payouts.commands.dlq", garbageKey, Duration.ofSeconds(2)).size());
            assertTrue(Files.readString(worker.log(), StandardCharsets.UTF_8).contains("could not take in a batch"),
                    "the worker says why intake waits");

            kafka.deadLetterWrites(true);
            await().atMost(Duration.ofSeconds(60)).until(() -> committedOffset(DEPOSITS).orElse(-1L) > payout);
            List<ConsumerRecord<byte[], byte[]>> deadLetters = records("payouts.commands.dlq", garbageKey,
                    Duration.ofSeconds(3));
            assertEquals(1, deadLetters.size(), "dead letters of the record");
            assertEquals("UNPARSEABLE", header(deadLetters.get(0), "dlq-reason"));
            assertEquals(Long.toString(garbage), header(deadLetters.get(0), "dlq-source-offset"));
            assertEquals("SUCCESSFUL", awaitPayoutStatus(worker, reference, "SUCCESSFUL"));
            assertEquals(1, momo.ledger().postAttempts(UUID.fromString(reference)));
        } finally {
            kafka.deadLetterWrites(true);
        }
    }

    @Test
    void theDatabaseRefusesConnectionsWithoutTlsAndTheWorkersUrlVerifiesTheServer() throws Exception {
        SQLException plain = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                postgres.jdbcUrl("sslmode=disable"), SslPostgres.USER, SslPostgres.PASSWORD).close());
        assertTrue(plain.getMessage().contains("no encryption"), plain.getMessage());
        // The worker's URL: the server's certificate is checked against the CA and the host name, then TLS is used.
        try (Connection verified = DriverManager.getConnection(postgres.jdbcUrl(verifyFull()), SslPostgres.USER,
                SslPostgres.PASSWORD); Statement sql = verified.createStatement();
                ResultSet ssl = sql.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            ssl.next();
            assertTrue(ssl.getBoolean(1));
        }
    }

    /** The documented settings, as environment variables (and a mounted properties file for the database password). */
    private static Map<String, String> secureEnvironment(String kafkaPassword, boolean truststore) throws Exception {
        Path secrets = DIRECTORY.resolve("secrets").resolve("payout.properties");
        Files.createDirectories(secrets.getParent());
        Files.writeString(secrets, "quarkus.datasource.password=" + SslPostgres.PASSWORD + "\n");
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"${KAFKA_USER}\" password=\"${KAFKA_PASSWORD}\";");
        env.put("KAFKA_USER", SecureKafka.WORKER_USER);
        env.put("KAFKA_PASSWORD", kafkaPassword);
        if (truststore) {
            env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", certificates.truststore().toAbsolutePath().toString());
            env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
            env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", TestCertificates.PASSWORD);
        }
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(verifyFull()));
        env.put("QUARKUS_DATASOURCE_USERNAME", SslPostgres.USER);
        env.put("QUARKUS_CONFIG_LOCATIONS", secrets.toAbsolutePath().toUri().toString());
        return env;
    }

    private static String verifyFull() {
        return "sslmode=verify-full&sslrootcert=" + certificates.caCertificate().toAbsolutePath();
    }

    private static long publish(String topic, String key, String value) throws Exception {
        return upstream.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8))).get().offset();
    }

    private static ConsumerRecord<byte[], byte[]> awaitRecord(String topic, String key, Duration timeout) {
        Map<String, Object> properties = new HashMap<>();
        kafka.adminProperties().forEach((name, value) -> properties.put((String) name, value));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no record with key " + key + " on " + topic + " within " + timeout);
    }

    /** Every record with the key on the topic, read from its start for {@code window}. */
    private static List<ConsumerRecord<byte[], byte[]>> records(String topic, String key, Duration window) {
        Map<String, Object> properties = new HashMap<>();
        kafka.adminProperties().forEach((name, value) -> properties.put((String) name, value));
        List<ConsumerRecord<byte[], byte[]>> found = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + window.toNanos();
            long latest = deadline + Duration.ofSeconds(30).toNanos();
            while ((System.nanoTime() < deadline || consumer.position(partition) < end)
                    && System.nanoTime() < latest) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    private static String awaitPayoutStatus(Worker worker, String reference, String status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> status.equals(payout(worker, reference).get("status")
                .asText()));
        return status;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Optional<Long> committedOffset(String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets;
        try {
            offsets = kafka.committedOffsets();
        } catch (java.util.concurrent.ExecutionException e) {
            return Optional.empty(); // no such group yet
        }
        OffsetAndMetadata committed = offsets.get(new TopicPartition(topic, 0));
        return committed == null ? Optional.empty() : Optional.of(committed.offset());
    }

    /**
     * The packaged worker as a process configured by the given environment alone (no shared test infrastructure, so
     * not {@code WorkerProcess.against}); {@link #start()} waits until its HTTP server answers, whatever its health.
     */
    private static final class Worker implements AutoCloseable {
        private final Map<String, String> environment = new HashMap<>();
        private final String name;
        private final Path log;
        private final int port = WorkerProcess.freePort();
        private final int managementPort = WorkerProcess.freePort();
        private Process process;

        Worker(String name, Map<String, String> connections) {
            this.name = name;
            environment.put("MOMO_BASE_URL", momo.baseUrl());
            environment.put("MOMO_SUBSCRIPTION_KEY", momo.subscriptionKey());
            environment.put("MOMO_API_USER", momo.apiUser());
            environment.put("MOMO_API_KEY", momo.apiKey());
            environment.put("MOMO_TARGET_ENVIRONMENT", momo.targetEnvironment());
            environment.put("PAYOUT_POLL_INITIAL_DELAY", "300ms");
            // As every IT worker (WorkerProcess): a killed worker leaves the consumer group within 6 s, not Kafka's
            // 45 s, so the next test's worker is not kept waiting for the partitions of this class's killed one.
            environment.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
            environment.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
            environment.put("PAYOUT_INSTANCE_ID", name);
            environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            environment.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
            environment.putAll(connections);
            log = Path.of("target", "it-logs", name + ".log");
        }

        Worker start() throws Exception {
            launch();
            awaitAnswering();
            return this;
        }

        /** Starts the process without waiting for it. */
        void launch() throws Exception {
            Files.createDirectories(log.getParent());
            Files.deleteIfExists(log);
            List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                    "java").toString(), "-Xmx384m"));
            // The JVM options of every IT worker (WorkerProcess; C1 only in verify): they do not touch its settings.
            String jvmOptions = System.getProperty("payout.worker.jvmOptions", "").trim();
            if (!jvmOptions.isEmpty()) {
                command.addAll(List.of(jvmOptions.replace("{name}", name).split("\\s+")));
            }
            command.addAll(List.of("-jar", WorkerProcess.jar().toString()));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            process = builder.start();
        }

        /** Waits until its HTTP server answers, whatever its health. */
        void awaitAnswering() {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertTrue(process.isAlive(), "the worker exited; see " + log.toAbsolutePath());
                return status("/q/health/live") > 0;
            });
        }

        /** The HTTP status of a GET on the path (on the management port for {@code /q/*}), or -1 without an answer. */
        int status(String path) {
            String base = path.startsWith("/q/") ? managementUrl() : baseUrl();
            try {
                return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (java.io.IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        boolean alive() {
            return process != null && process.isAlive();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        String managementUrl() {
            return "http://127.0.0.1:" + managementPort;
        }

        Path log() {
            return log;
        }

        @Override
        public void close() throws Exception {
            if (process != null && process.isAlive()) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    /** One named check of the worker's readiness report. */
    private static JsonNode readinessCheck(Worker worker, String name) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(worker.managementUrl() + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode check : JSON.readTree(response.body()).get("checks")) {
            if (name.equals(check.get("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no readiness check " + name + ": " + response.body());
    }

    private static JsonNode payout(Worker worker, String reference) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(worker.baseUrl() + "/payouts/" + reference)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}
