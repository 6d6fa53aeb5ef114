package dev.momopay.payout.messaging;

import dev.momopay.payout.application.IncomingCommand.DeadLetter;
import dev.momopay.payout.config.PayoutConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Writes records the worker cannot accept to the dead-letter topic, with the original key and value bytes untouched
 * and the contract's headers, and waits until Kafka acknowledged all of them (only then is the source batch
 * acknowledged). A record too large to dead-letter whole (its value and the headers exceed what the producer or the
 * topic accepts) goes with its value cut to what fits, and the headers {@code dlq-truncated: true},
 * {@code dlq-original-size} and {@code dlq-original-sha256} (hex): a bad record never blocks its partition.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);
    /** Room kept for the record's framing (lengths, attributes, the batch header) beyond key, value and headers. */
    static final int FRAMING = 512;

    private final KafkaProducers producers;
    private final String topic;

    public DeadLetterPublisher(KafkaProducers producers, PayoutConfig config) {
        this.producers = producers;
        this.topic = config.topics().dlq();
    }

    public void publish(List<DeadLetter> deadLetters) {
        if (deadLetters.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (DeadLetter letter : deadLetters) {
            sends.add(producers.producer().send(record(letter, producers.maxRequestSize())));
            LOG.infof("dead-lettered %s-%d@%d: %s", letter.source().topic(), letter.source().partition(),
                    letter.source().offset(), letter.reason());
        }
        for (int i = 0; i < sends.size(); i++) {
            try {
                await(sends.get(i));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RecordTooLargeException)) {
                    throw new IllegalStateException("dead letters were not acknowledged by Kafka", e);
                }
                // The topic accepts less than the producer (its max.message.bytes is smaller): cut harder.
                DeadLetter letter = deadLetters.get(i);
                LOG.warnf("dead letter of %s-%d@%d too large for the topic; sending it cut to a quarter",
                        letter.source().topic(), letter.source().partition(), letter.source().offset());
                try {
                    await(producers.producer().send(record(letter, producers.maxRequestSize() / 4)));
                } catch (ExecutionException again) {
                    throw new IllegalStateException("a dead letter was not acknowledged by Kafka", again);
                }
            }
        }
    }

    private static void await(Future<RecordMetadata> send) throws ExecutionException {
        try {
            send.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("dead letters were not acknowledged by Kafka in time", e);
        }
    }

    /** The dead letter as a record of at most {@code limit} bytes: whole when it fits, its value cut otherwise. */
    static ProducerRecord<byte[], byte[]> record(DeadLetter letter, String topic, int limit) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dlq-reason", bytes(letter.reason().name()));
        headers.add("dlq-detail", bytes(letter.detail()));
        headers.add("dlq-source-topic", bytes(letter.source().topic()));
        headers.add("dlq-source-partition", bytes(Integer.toString(letter.source().partition())));
        headers.add("dlq-source-offset", bytes(Long.toString(letter.source().offset())));
        byte[] key = letter.source().key();
        byte[] value = letter.source().value();
        int valueLength = value == null ? 0 : value.length;
        if (size(key, valueLength, headers) > limit) {
            headers.add("dlq-truncated", bytes("true"));
            headers.add("dlq-original-size", bytes(Integer.toString(valueLength)));
            headers.add("dlq-original-sha256", bytes(sha256(value)));
            int room = Math.max(0, limit - size(key, 0, headers));
            value = Arrays.copyOf(value, Math.min(room, valueLength));
        }
        return new ProducerRecord<>(topic, null, key, value, headers);
    }

    private ProducerRecord<byte[], byte[]> record(DeadLetter letter, int limit) {
        return record(letter, topic, limit);
    }

    private static int size(byte[] key, int valueLength, RecordHeaders headers) {
        int size = FRAMING + (key == null ? 0 : key.length) + valueLength;
        for (Header header : headers) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length) + 10;
        }
        return size;
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    value == null ? new byte[0] : value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
