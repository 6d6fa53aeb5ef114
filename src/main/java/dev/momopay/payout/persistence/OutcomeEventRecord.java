package dev.momopay.payout.persistence;

import dev.momopay.payout.domain.PayoutStatus;
import java.time.Instant;
import java.util.UUID;

/** An outcome event as stored: its identity and serialized body never change after it is written. */
public record OutcomeEventRecord(UUID eventId, UUID referenceId, PayoutStatus status, byte[] payload,
        Instant occurredAt) {
}
