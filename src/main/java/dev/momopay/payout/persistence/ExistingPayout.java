package dev.momopay.payout.persistence;

import dev.momopay.payout.domain.PayoutStatus;
import java.util.UUID;

/** What intake needs to know about a payout that already exists: is this the same command, and is it finished? */
public record ExistingPayout(UUID referenceId, String fingerprint, PayoutStatus status,
        UUID outcomeEventId) {
}
