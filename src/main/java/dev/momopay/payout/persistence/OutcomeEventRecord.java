package dev.momopay.payout.persistence;

import dev.momopay.payout.domain.PayoutStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * An outcome event as stored: its identity and serialized body never change after it is written.
 *
 * @param subject    the payout it is about (the body repeats its fixed fields)
 * @param reasonCode the body's {@code reason.code}, or null; kept beside the bytes so nothing re-parses them
 */
public record OutcomeEventRecord(UUID eventId, EventSubject subject, PayoutStatus status, String reasonCode,
        byte[] payload, Instant occurredAt) {

    public UUID referenceId() {
        return subject.referenceId();
    }
}
