package dev.momopay.payout.messaging;

import dev.momopay.payout.application.IncomingCommand.DeadLetter;
import dev.momopay.payout.config.PayoutConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Writes records the worker cannot accept to the dead-letter topic, with the original key and value bytes untouched
 * and the contract's headers, and waits until Kafka acknowledged all of them (only then is the source batch
 * acknowledged).
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

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
            RecordHeaders headers = new RecordHeaders();
            headers.add("dlq-reason", bytes(letter.reason().name()));
            headers.add("dlq-detail", bytes(letter.detail()));
            headers.add("dlq-source-topic", bytes(letter.source().topic()));
            headers.add("dlq-source-partition", bytes(Integer.toString(letter.source().partition())));
            headers.add("dlq-source-offset", bytes(Long.toString(letter.source().offset())));
            sends.add(producers.producer().send(new ProducerRecord<>(topic, null, letter.source().key(),
                    letter.source().value(), headers)));
            LOG.infof("dead-lettered %s-%d@%d: %s", letter.source().topic(), letter.source().partition(),
                    letter.source().offset(), letter.reason());
        }
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while dead-lettering", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("dead letters were not acknowledged by Kafka", e);
            }
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
