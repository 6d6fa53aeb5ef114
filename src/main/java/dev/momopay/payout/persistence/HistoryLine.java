package dev.momopay.payout.persistence;

import dev.momopay.payout.domain.PayoutStatus;
import java.util.UUID;

/** One line of a payout's history; {@code from} is null for the first line. */
public record HistoryLine(UUID referenceId, PayoutStatus from, PayoutStatus to, String momoStatus, String reasonCode,
        String detail) {
}
