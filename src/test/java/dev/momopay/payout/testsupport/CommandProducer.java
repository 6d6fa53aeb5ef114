package dev.momopay.payout.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Publishes raw command records, as an upstream order system would (or a broken one). */
public final class CommandProducer {

    public static final String DEPOSITS = "payouts.deposit.requested";
    public static final String TRANSFERS = "payouts.transfer.requested";
    public static final String REFUNDS = "payouts.refund.requested";
    public static final String CANCELS = "payouts.cancel.requested";

    private static KafkaProducer<byte[], byte[]> producer;

    private CommandProducer() {
    }

    private static synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties properties = new Properties();
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedInfrastructure.kafkaBootstrapServers());
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            // Room for records close to the broker's 1 MiB limit (the oversize dead-letter test).
            properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
            properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            producer = new KafkaProducer<>(properties);
        }
        return producer;
    }

    /** Closes the shared producer (a later send opens a new one). */
    public static synchronized void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    public static void send(String topic, String key, String value) {
        send(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public static void send(String topic, byte[] key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /** A command with headers of its own (a trace context, for example). */
    public static void send(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
        headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        send(record);
    }

    private static void send(ProducerRecord<byte[], byte[]> record) {
        try {
            producer().send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish a test command", e);
        }
    }
}
