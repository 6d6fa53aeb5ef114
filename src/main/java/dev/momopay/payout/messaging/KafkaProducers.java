package dev.momopay.payout.messaging;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.observability.PayoutTracing;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one Kafka producer of this instance, for outcome events and dead letters. It is a plain producer so that the
 * worker controls keys, headers and acknowledgements exactly; it takes every global {@code kafka.*} setting (TLS,
 * SASL, ...) from the same configuration as the consumer, and adds the settings that make it safe: acks=all and
 * idempotence.
 */
@ApplicationScoped
public class KafkaProducers {

    private final Producer<byte[], byte[]> producer;
    private final int maxRequestSize;

    @Inject
    public KafkaProducers(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            PayoutConfig payoutConfig, PayoutTracing tracing) {
        Map<String, Object> config = clientConfig(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "momo-payout-worker-"
                + payoutConfig.instanceId().orElse("producer"));
        this.maxRequestSize = Integer.parseInt(String.valueOf(config.getOrDefault(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576)));
        this.producer = tracing.instrument(new KafkaProducer<>(config));
    }

    /** The largest record (key, value and headers, serialised) this producer sends: {@code max.request.size}. */
    public int maxRequestSize() {
        return maxRequestSize;
    }

    /**
     * The global {@code kafka.*} settings that apply to any client of this worker (bootstrap servers, TLS, SASL, ...),
     * without the consumer-only ones.
     */
    public static Map<String, Object> clientConfig(Map<String, Object> kafkaConfig) {
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (!key.startsWith("group.") && !key.contains("deserializer") && !key.startsWith("auto.")) {
                config.put(key, value);
            }
        });
        return config;
    }

    public Producer<byte[], byte[]> producer() {
        return producer;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
