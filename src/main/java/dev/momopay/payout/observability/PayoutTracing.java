package dev.momopay.payout.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import io.opentelemetry.instrumentation.kafkaclients.v2_6.KafkaTelemetry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The spans of a payout's life. Work on a payout is queued in PostgreSQL between rounds, so no thread carries the
 * trace from one round to the next: the command's receive span is stored with the payout ({@link TraceParent}) and
 * every later span (each MoMo call, the outcome's publication) is its child. With the SDK disabled (the default) no
 * span is made at all, not even one that would pass a command's trace context on: nothing is stored or propagated.
 */
@ApplicationScoped
public class PayoutTracing {

    public static final String REFERENCE_ID = "payout.reference_id";
    private static final String SCOPE = "momo-payout-worker";

    private final boolean on;
    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public PayoutTracing(OpenTelemetry openTelemetry,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled) {
        // With the SDK disabled Quarkus's own instrumentation stands aside, but its tracer still starts spans (or
        // hands a parent's context on as the span it starts): off has to mean no span at all, so it is checked here.
        this.on = !sdkDisabled;
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /**
     * The producer of outcome events and dead letters, instrumented when tracing is on: a send makes a producer span,
     * child of the current span, and writes its {@code traceparent} header.
     */
    public <K, V> Producer<K, V> instrument(Producer<K, V> producer) {
        return on ? KafkaTelemetry.create(openTelemetry).wrap(producer) : producer;
    }

    /**
     * The span of one command record, a child of the trace context the record carries ({@code traceparent} header,
     * as an instrumented producer writes it), or a new trace when it carries none. The caller ends it.
     */
    public Span startReceive(ConsumerRecord<byte[], byte[]> record) {
        if (!on) {
            return Span.getInvalid();
        }
        Context parent = propagator.extract(Context.root(), record.headers(), KafkaHeaders.GETTER);
        return tracer.spanBuilder("process " + record.topic()).setParent(parent).setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.destination.partition.id", String.valueOf(record.partition()))
                .setAttribute("messaging.kafka.offset", record.offset())
                .startSpan();
    }

    /**
     * A span of later work on a payout, continuing its stored trace; the caller ends it. Without a stored trace
     * (tracing was off when the command came in) it starts a trace of its own.
     */
    public Span startFollowUp(String name, UUID referenceId, Optional<TraceParent> trace) {
        if (!on) {
            return Span.getInvalid();
        }
        return tracer.spanBuilder(name).setParent(trace.map(TraceParent::asContext).orElse(Context.root()))
                .setSpanKind(SpanKind.INTERNAL).setAttribute(REFERENCE_ID, referenceId.toString()).startSpan();
    }

    /**
     * Runs {@code work} (a MoMo call) inside a follow-up span: it is current while the call is subscribed to, so the
     * REST client's own span (and the {@code traceparent} it sends) is its child; {@code outcome} names the result.
     */
    public <T> Uni<T> traced(String name, UUID referenceId, Optional<TraceParent> trace, Supplier<Uni<T>> work,
            Function<T, String> outcome) {
        if (!on) {
            return work.get();
        }
        return Uni.createFrom().emitter(emitter -> {
            Span span = startFollowUp(name, referenceId, trace);
            AtomicBoolean ended = new AtomicBoolean();
            Cancellable subscription;
            try (Scope scope = span.makeCurrent()) {
                subscription = work.get().subscribe().with(item -> {
                    if (ended.compareAndSet(false, true)) {
                        span.setAttribute("payout.momo.result", outcome.apply(item));
                        span.end();
                    }
                    emitter.complete(item);
                }, failure -> {
                    if (ended.compareAndSet(false, true)) {
                        span.recordException(failure);
                        span.setStatus(StatusCode.ERROR);
                        span.end();
                    }
                    emitter.fail(failure);
                });
            }
            emitter.onTermination(() -> {
                subscription.cancel();
                if (ended.compareAndSet(false, true)) {
                    span.setAttribute("payout.momo.result", "cancelled");
                    span.end();
                }
            });
        });
    }

    /** Reads a trace context from Kafka record headers (the last value of a repeated header wins). */
    private enum KafkaHeaders implements TextMapGetter<Headers> {
        GETTER;

        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            for (Header header : headers) {
                keys.add(header.key());
            }
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }
    }
}
