package dev.momopay.payout.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What the broker knows of the workers' consumer group: its members and the offsets it committed. */
public final class ConsumerGroups {

    /** The group every worker instance joins (mp.messaging.incoming.payout-commands.group.id). */
    public static final String WORKERS = "momo-payout-worker";
    /** The command topics the workers consume. */
    public static final List<String> COMMAND_TOPICS = List.of(CommandProducer.DEPOSITS, CommandProducer.TRANSFERS,
            CommandProducer.REFUNDS);

    private static Admin admin;

    private ConsumerGroups() {
    }

    /** Members of the workers' group now. */
    public static int members() {
        try {
            Admin admin = admin();
            return admin.describeConsumerGroups(List.of(WORKERS)).all().get(10, TimeUnit.SECONDS).get(WORKERS)
                    .members().size();
        } catch (Exception e) {
            throw new IllegalStateException("could not describe the workers' group", e);
        }
    }

    /** The offsets the workers' group committed, per partition of the command topics (absent: none yet). */
    public static Map<TopicPartition, Long> committed() {
        try {
            Admin admin = admin();
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : admin.listConsumerGroupOffsets(WORKERS)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).entrySet()) {
                if (entry.getValue() != null && COMMAND_TOPICS.contains(entry.getKey().topic())) {
                    offsets.put(entry.getKey(), entry.getValue().offset());
                }
            }
            return offsets;
        } catch (Exception e) {
            throw new IllegalStateException("could not read the workers' committed offsets", e);
        }
    }

    /** The end offset of every partition of the command topics. */
    public static Map<TopicPartition, Long> endOffsets() {
        try {
            Admin admin = admin();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(COMMAND_TOPICS).allTopicNames().get(10, TimeUnit.SECONDS).forEach((topic, d) ->
                    d.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS)
                    .forEach((partition, info) -> offsets.put(partition, info.offset()));
            return offsets;
        } catch (Exception e) {
            throw new IllegalStateException("could not read the command topics' end offsets", e);
        }
    }

    /** One client for the JVM: a new one per look spends seconds on metadata while a test polls. */
    private static synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    EmbeddedInfrastructure.kafkaBootstrapServers()));
        }
        return admin;
    }
}
