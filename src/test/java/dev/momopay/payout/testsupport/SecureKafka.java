package dev.momopay.payout.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;

/**
 * A second, separate KRaft broker in the test JVM whose only client listener is {@code SASL_SSL}: TLS with a server
 * certificate from {@link TestCertificates}, SASL with SCRAM-SHA-512 for the worker's principal and PLAIN for the
 * broker itself and the tests' admin. An authorizer is on and denies what no ACL allows, so the worker's principal
 * gets exactly the ACLs docs/operations.md lists. (KafkaClusterTestKit 4.1 only knows PLAINTEXT and SASL_PLAINTEXT
 * listeners, so the listener's protocol and its TLS and SASL settings are set here as broker properties.)
 */
public final class SecureKafka implements AutoCloseable {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-secret-5b1e";
    public static final String WORKER_USER = "payout-worker";
    public static final String WORKER_PASSWORD = "worker-secret-93c7";
    public static final String GROUP = "momo-payout-worker";
    public static final String CANCEL_GROUP = "momo-payout-worker-cancels";
    public static final List<String> COMMAND_TOPICS = List.of("payouts.deposit.requested",
            "payouts.transfer.requested", "payouts.refund.requested", "payouts.cancel.requested");
    public static final List<String> OUTPUT_TOPICS = List.of("payouts.outcomes", "payouts.commands.dlq");

    private final KafkaClusterTestKit cluster;
    private final TestCertificates certificates;

    private java.nio.file.Path directory;

    private SecureKafka(KafkaClusterTestKit cluster, TestCertificates certificates) {
        this.cluster = cluster;
        this.certificates = certificates;
    }

    /** Strong references: java.util.logging forgets the level of a logger that was garbage-collected. */
    private static final List<java.util.logging.Logger> QUIET = new ArrayList<>();

    public static SecureKafka start(TestCertificates certificates) {
        for (String category : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(category);
            logger.setLevel(java.util.logging.Level.WARNING);
            QUIET.add(logger);
        }
        KafkaClusterTestKit cluster = null;
        try {
            String store = TestCertificates.PASSWORD;
            java.nio.file.Path directory = KafkaTestKits.newBaseDirectory("secure-kafka");
            cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setBaseDirectory(directory)
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBrokerListenerName(new ListenerName("EXTERNAL"))
                    .setBrokerSecurityProtocol(SecurityProtocol.PLAINTEXT)
                    .build())
                    // The client listener (EXTERNAL) is SASL_SSL; the controller listener stays inside this JVM.
                    .setConfigProp("listener.security.protocol.map", "EXTERNAL:SASL_SSL,CONTROLLER:PLAINTEXT")
                    .setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512")
                    .setConfigProp("sasl.mechanism.inter.broker.protocol", "PLAIN")
                    .setConfigProp("listener.name.external.plain.sasl.jaas.config",
                            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                                    + "\" password=\"" + ADMIN_PASSWORD + "\" user_" + ADMIN + "=\"" + ADMIN_PASSWORD
                                    + "\";")
                    .setConfigProp("listener.name.external.scram-sha-512.sasl.jaas.config",
                            "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                    .setConfigProp("ssl.keystore.type", "PKCS12")
                    .setConfigProp("ssl.keystore.location", certificates.serverKeystore().toString())
                    .setConfigProp("ssl.keystore.password", store)
                    .setConfigProp("ssl.key.password", store)
                    .setConfigProp("ssl.truststore.type", "PKCS12")
                    .setConfigProp("ssl.truststore.location", certificates.truststore().toString())
                    .setConfigProp("ssl.truststore.password", store)
                    .setConfigProp("authorizer.class.name", StandardAuthorizer.class.getName())
                    .setConfigProp("allow.everyone.if.no.acl.found", "false")
                    // ANONYMOUS is the broker talking to its own controller over the in-JVM PLAINTEXT listener.
                    .setConfigProp("super.users", "User:" + ADMIN + ";User:ANONYMOUS")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            SecureKafka kafka = new SecureKafka(cluster, certificates);
            kafka.directory = directory;
            kafka.prepareTopicsUserAndAcls();
            return kafka;
        } catch (Exception e) {
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new IllegalStateException("could not start the SASL_SSL broker", e);
        }
    }

    /** The six topics, the worker's SCRAM credential and the ACLs docs/operations.md asks for, nothing more. */
    private void prepareTopicsUserAndAcls() throws Exception {
        try (Admin admin = Admin.create(adminProperties())) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : COMMAND_TOPICS) {
                topics.add(new NewTopic(topic, 1, (short) 1));
            }
            for (String topic : OUTPUT_TOPICS) {
                topics.add(new NewTopic(topic, 1, (short) 1));
            }
            admin.createTopics(topics).all().get();
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(WORKER_USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), WORKER_PASSWORD))).all().get();
            String principal = "User:" + WORKER_USER;
            List<AclBinding> acls = new ArrayList<>();
            for (String topic : COMMAND_TOPICS) {
                acls.add(allow(ResourceType.TOPIC, topic, principal, AclOperation.READ));
            }
            acls.add(allow(ResourceType.GROUP, GROUP, principal, AclOperation.READ));
            acls.add(allow(ResourceType.GROUP, CANCEL_GROUP, principal, AclOperation.READ));
            for (String topic : OUTPUT_TOPICS) {
                acls.add(allow(ResourceType.TOPIC, topic, principal, AclOperation.WRITE));
            }
            admin.createAcls(acls).all().get();
        }
    }

    private static AclBinding allow(ResourceType type, String name, String principal, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    /**
     * Grants or withdraws the worker's WRITE on the dead-letter topic, and waits until the broker enforces the change
     * (a producer logged in as the worker is refused, or accepted).
     */
    public void deadLetterWrites(boolean allowed) throws Exception {
        String topic = OUTPUT_TOPICS.get(1);
        AclBinding write = allow(ResourceType.TOPIC, topic, "User:" + WORKER_USER, AclOperation.WRITE);
        try (Admin admin = Admin.create(adminProperties())) {
            if (allowed) {
                admin.createAcls(List.of(write)).all().get();
            } else {
                admin.deleteAcls(List.of(write.toFilter())).all().get();
            }
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> workerMayWrite(topic) == allowed);
    }

    /** Whether a producer logged in as the worker gets a write to the topic acknowledged. */
    private boolean workerMayWrite(String topic) throws Exception {
        Properties properties = adminProperties();
        properties.put("sasl.mechanism", "SCRAM-SHA-512");
        properties.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"" + WORKER_USER + "\" password=\"" + WORKER_PASSWORD + "\";");
        properties.put("max.block.ms", "10000");
        properties.put("delivery.timeout.ms", "10000");
        properties.put("request.timeout.ms", "5000");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(properties,
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            // A probe record the tests never look for (its key is not a command's).
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
                    "acl-probe".getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[0])).get();
            return true;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TopicAuthorizationException) {
                return false;
            }
            throw e;
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Client properties of the tests' own admin (PLAIN over TLS, a super user): topics, ACLs, test records. */
    public Properties adminProperties() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers());
        properties.put("security.protocol", "SASL_SSL");
        properties.put("sasl.mechanism", "PLAIN");
        properties.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + ADMIN + "\" password=\"" + ADMIN_PASSWORD + "\";");
        properties.put("ssl.truststore.type", "PKCS12");
        properties.put("ssl.truststore.location", certificates.truststore().toString());
        properties.put("ssl.truststore.password", TestCertificates.PASSWORD);
        return properties;
    }

    /** The committed offsets of the worker's consumer group (empty while it consumed nothing). */
    public Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata>
            committedOffsets() throws Exception {
        try (Admin admin = Admin.create(adminProperties())) {
            return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
        KafkaTestKits.delete(directory);
    }
}
