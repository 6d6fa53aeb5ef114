package dev.momopay.payout.persistence;

import java.util.UUID;

/** One line of a payout's append-only history. */
public record HistoryLine(UUID referenceId, String fromStatus, String toStatus, String momoStatus, String reasonCode,
        String detail) {
}
