package dev.momopay.payout.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Records everything published to a topic from the start, on a background thread, so tests can await the records of
 * their own references. One recorder per topic per JVM.
 */
public final class TopicRecorder implements AutoCloseable {

    private static final Map<String, TopicRecorder> RECORDERS = new ConcurrentHashMap<>();

    private static final Logger LOG = Logger.getLogger(TopicRecorder.class);

    private final List<RecordedRecord> records = new CopyOnWriteArrayList<>();
    private final Map<String, List<RecordedRecord>> byKey = new ConcurrentHashMap<>();
    private final String topic;
    private final Thread thread;
    private volatile boolean running = true;

    /** A record as it was on the topic. */
    public record RecordedRecord(String topic, int partition, long offset, byte[] key, byte[] value,
            Map<String, String> headers) {
        public String keyText() {
            return key == null ? null : new String(key, StandardCharsets.UTF_8);
        }

        public String valueText() {
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }
    }

    public static TopicRecorder of(String topic) {
        return RECORDERS.computeIfAbsent(topic, TopicRecorder::new);
    }

    private TopicRecorder(String topic) {
        this.topic = topic;
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedInfrastructure.kafkaBootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-recorder-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties);
        consumer.subscribe(List.of(topic));
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    try {
                        record(consumer.poll(Duration.ofMillis(100)));
                    } catch (RuntimeException e) {
                        // A dead recorder would make every later test of this JVM time out instead of failing here.
                        LOG.warnf(e, "recording topic %s: poll failed; polling on", topic);
                    }
                }
            }
        }, "recorder-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void record(Iterable<ConsumerRecord<byte[], byte[]>> polled) {
        for (ConsumerRecord<byte[], byte[]> record : polled) {
            Map<String, String> headers = new HashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), header.value() == null ? null
                        : new String(header.value(), StandardCharsets.UTF_8));
            }
            RecordedRecord recorded = new RecordedRecord(record.topic(), record.partition(), record.offset(),
                    record.key(), record.value(), headers);
            records.add(recorded);
            if (recorded.keyText() != null) {
                byKey.computeIfAbsent(recorded.keyText(), k -> new CopyOnWriteArrayList<>()).add(recorded);
            }
        }
    }

    public List<RecordedRecord> all() {
        return new ArrayList<>(records);
    }

    /** The records whose key is the given reference. */
    public List<RecordedRecord> forKey(String key) {
        return List.copyOf(byKey.getOrDefault(key, List.of()));
    }

    /** Stops this recorder; a later {@link #of} for its topic starts a new one instead of handing this one out. */
    @Override
    public void close() {
        running = false;
        RECORDERS.remove(topic, this);
    }
}
