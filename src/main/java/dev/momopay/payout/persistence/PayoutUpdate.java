package dev.momopay.payout.persistence;

import java.time.Duration;
import java.util.UUID;

/**
 * One fenced change of a leased payout: applied only if the row still has {@code expectedStatus} and
 * {@code claimToken}. A change of status (or a retry worth auditing) carries a history line; a change that
 * decides an outcome carries the event to publish.
 *
 * @param nextActionIn when the worker should act on the payout again; null when nothing is left to do
 * @param postSent     true when this update records a POST that left the worker (its time is stamped)
 */
public record PayoutUpdate(
        UUID referenceId,
        UUID claimToken,
        String expectedStatus,
        String newStatus,
        boolean momoAccepted,
        String momoStatus,
        String reasonCode,
        String reasonMessage,
        String financialTransactionId,
        Duration nextActionIn,
        boolean postSent,
        boolean statusChecked,
        boolean terminal,
        String historyDetail,
        OutcomeEventRecord event) {
}
