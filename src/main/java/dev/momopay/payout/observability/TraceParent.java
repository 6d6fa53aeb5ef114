package dev.momopay.payout.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A W3C {@code traceparent} (version 00): the trace context a payout keeps from its command, so the spans of later
 * rounds can continue the trace. Only a well-formed, valid value is ever built.
 */
public record TraceParent(String value) {

    private static final Pattern FORMAT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    public TraceParent {
        if (value == null || !FORMAT.matcher(value).matches()
                || !SpanContext.createFromRemoteParent(value.substring(3, 35), value.substring(36, 52),
                        TraceFlags.getDefault(), TraceState.getDefault()).isValid()) {
            throw new IllegalArgumentException("not a W3C traceparent: " + value);
        }
    }

    /** The context of {@code span}, if it has a valid one (a span of a disabled SDK has none). */
    public static Optional<TraceParent> of(Span span) {
        SpanContext context = span.getSpanContext();
        if (!context.isValid()) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent("00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
                + context.getTraceFlags().asHex()));
    }

    /** A stored value, or empty when there is none or it cannot be read (a trace is never worth failing work for). */
    public static Optional<TraceParent> parse(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(new TraceParent(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A context whose span is this remote parent, to start child spans from. */
    public Context asContext() {
        SpanContext parent = SpanContext.createFromRemoteParent(value.substring(3, 35), value.substring(36, 52),
                TraceFlags.fromHex(value, 53), TraceState.getDefault());
        return Context.root().with(Span.wrap(parent));
    }
}
