package dev.momopay.payout.persistence;

import dev.momopay.payout.observability.TraceParent;
import java.time.Instant;
import java.util.UUID;

/**
 * An outbox row leased by a relay round, with the event it points to and its payout's trace context ({@code null}
 * while tracing was off).
 */
public record OutboxEntry(long id, UUID eventId, UUID referenceId, String status, byte[] payload, Instant occurredAt,
        TraceParent trace) {
}
