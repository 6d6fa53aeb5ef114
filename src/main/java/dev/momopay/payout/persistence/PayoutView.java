package dev.momopay.payout.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A payout as the HTTP API shows it, with its history. No personal data beyond what the caller sent. */
public record PayoutView(
        UUID referenceId,
        String operation,
        String status,
        String account,
        String amount,
        String currency,
        String externalId,
        String financialTransactionId,
        String momoStatus,
        String reasonCode,
        String reasonMessage,
        int postAttempts,
        int statusChecks,
        Instant nextActionAt,
        Instant createdAt,
        Instant updatedAt,
        Instant terminalAt,
        List<Transition> history,
        Instant notBefore,
        int approvalsRequired,
        List<String> approvedBy,
        Instant compactedAt) {

    /** One history line; {@code repeats} counts identical retries folded into it, the last at {@code lastAt}. */
    public record Transition(Instant at, String from, String to, String momoStatus, String reasonCode,
            String detail, int repeats, Instant lastAt) {
    }
}
