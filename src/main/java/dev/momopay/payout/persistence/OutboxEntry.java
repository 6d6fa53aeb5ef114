package dev.momopay.payout.persistence;

import java.time.Instant;
import java.util.UUID;

/** An outbox row leased by a relay round, with the event it points to. */
public record OutboxEntry(long id, UUID eventId, UUID referenceId, String status, byte[] payload, Instant occurredAt) {
}
