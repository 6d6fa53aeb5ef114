package dev.momopay.payout.messaging;

import dev.momopay.payout.observability.PayoutLogContext;
import dev.momopay.payout.observability.PayoutTracing;
import dev.momopay.payout.observability.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import dev.momopay.payout.application.WorkLoop;
import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.persistence.OutboxEntry;
import dev.momopay.payout.persistence.OutboxRepository;
import dev.momopay.payout.persistence.OutcomesStored;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Publishes outcome events from the outbox to the outcome topic with CloudEvents binary-mode headers. A round leases
 * rows (SKIP LOCKED, so replicas share the work), sends them keyed by referenceId, waits for Kafka's
 * acknowledgements and only then deletes the rows. A crash between send and delete republishes the same event (same
 * eventId, same body): at least once, never a different event.
 */
@Singleton
public class OutboxRelay extends WorkLoop {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    public static final String EVENT_TYPE = "momo.payout.outcome";

    private final OutboxRepository outbox;
    private final KafkaProducers producers;
    private final String topic;
    private final byte[] source;
    private final PayoutConfig.Events settings;

    /** How long an event Kafka refuses as too large is set aside before it is tried again. */
    static final Duration SET_ASIDE = Duration.ofHours(24);

    private final Counter unpublishable;
    private final PayoutTracing tracing;
    private final Duration idleWait;

    public OutboxRelay(OutboxRepository outbox, KafkaProducers producers, PayoutConfig config,
            MeterRegistry registry, PayoutTracing tracing) {
        super("payout-outbox-relay");
        this.tracing = tracing;
        this.unpublishable = Counter.builder("payout.outbox.unpublishable")
                .description("Outcome events Kafka refused as too large; set aside, they block nothing")
                .register(registry);
        this.outbox = outbox;
        this.producers = producers;
        this.topic = config.topics().outcomes();
        URI sourceUri = config.events().source();
        this.source = bytes(sourceUri.toString());
        this.settings = config.events();
        this.idleWait = config.sweepInterval();
    }

    /** Publishes as soon as a transaction that stored or queued outcome events has committed. */
    void onOutcomesStored(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutcomesStored stored) {
        wakeUp();
    }

    /**
     * Every local commit of events wakes the relay, so an idle one only looks for rows it was not told about (those of
     * a replica that died before publishing them) once per {@code payout.sweep-interval}.
     */
    @Override
    protected Duration runRound() throws InterruptedException {
        int published = publishBatch(false);
        return published == settings.relayBatchSize() ? Duration.ZERO
                : published > 0 ? Duration.ofMillis(500) : idleWait;
    }

    /**
     * Publishes what is left in the outbox, on the caller's thread, until it is empty or the time is up: the last
     * step of a graceful shutdown, after the loop has stopped and the results in hand are committed.
     */
    public void flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline && publishBatch(true) > 0) {
                // keep going until a round finds nothing due
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("outbox not fully flushed on shutdown; the rest is published after the restart: %s", e);
        }
    }

    /** One round: leases due rows, publishes them, deletes those Kafka acknowledged; returns how many. */
    private int publishBatch(boolean includeLeased) throws InterruptedException {
        List<OutboxEntry> entries = outbox.lease(settings.relayBatchSize(), settings.relayLease(), includeLeased);
        if (entries.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>(entries.size());
        List<Span> spans = new ArrayList<>(entries.size());
        try {
            for (OutboxEntry entry : entries) {
                Span span = tracing.startFollowUp("publish outcome " + entry.status(), entry.referenceId(),
                        Optional.ofNullable(entry.trace()));
                spans.add(span);
                try (Scope scope = span.makeCurrent()) {
                    sends.add(producers.producer().send(record(entry, TraceParent.of(span))));
                }
            }
            return awaitAcknowledgements(entries, sends);
        } finally {
            spans.forEach(Span::end);
        }
    }

    private int awaitAcknowledgements(List<OutboxEntry> entries, List<Future<RecordMetadata>> sends)
            throws InterruptedException {
        List<Long> published = new ArrayList<>(entries.size());
        List<Long> tooLarge = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(settings.relayLease().toMillis(), TimeUnit.MILLISECONDS);
                published.add(entries.get(i).id());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RecordTooLargeException) {
                    tooLarge.add(entries.get(i).id());
                    try (PayoutLogContext context = PayoutLogContext.of(entries.get(i).referenceId(), null)) {
                        LOG.errorf("the outcome event %s of payout %s is larger than Kafka accepts; it is set aside "
                                + "for %d h (republish it through the ops API once the topic or producer allows it)",
                                entries.get(i).eventId(), entries.get(i).referenceId(), SET_ASIDE.toHours());
                    }
                }
                // Otherwise left leased: the row becomes due again when the lease runs out and is sent again then.
            } catch (TimeoutException e) {
                // Left leased, as above.
            }
        }
        outbox.delete(published);
        if (!tooLarge.isEmpty()) {
            outbox.postpone(tooLarge, SET_ASIDE);
            unpublishable.increment(tooLarge.size());
        }
        if (published.size() + tooLarge.size() < entries.size()) {
            throw new IllegalStateException((entries.size() - published.size() - tooLarge.size())
                    + " outcome events were not acknowledged by Kafka; they will be sent again");
        }
        return published.size();
    }

    /**
     * The event in CloudEvents' Kafka binary mode; {@code ce_traceparent} (the distributed-tracing extension) names
     * the span that published it, a child of the payout's trace.
     */
    private ProducerRecord<byte[], byte[]> record(OutboxEntry entry, Optional<TraceParent> trace) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes(entry.eventId().toString()));
        headers.add("ce_type", bytes(EVENT_TYPE));
        headers.add("ce_source", source);
        headers.add("ce_subject", bytes(entry.referenceId().toString()));
        headers.add("ce_time", bytes(DateTimeFormatter.ISO_INSTANT.format(entry.occurredAt())));
        headers.add("content-type", bytes("application/json"));
        trace.ifPresent(t -> headers.add("ce_traceparent", bytes(t.value())));
        return new ProducerRecord<>(topic, null, bytes(entry.referenceId().toString()), entry.payload(), headers);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
