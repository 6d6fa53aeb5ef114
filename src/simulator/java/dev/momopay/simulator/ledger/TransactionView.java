package dev.momopay.simulator.ledger;

import java.time.Instant;
import java.util.UUID;

/**
 * An immutable snapshot of one accepted transaction.
 *
 * @param referenceId            the X-Reference-Id
 * @param account                the name of the simulated account that accepted it
 * @param operation              deposit, transfer or refund
 * @param version                1 or 2 (the path version of the POST)
 * @param amount                 the amount string as sent
 * @param currency               the currency as sent
 * @param payee                  the payee (for refunds: the original's payee, or the simulator's default)
 * @param externalId             as sent (may be null)
 * @param payerMessage           as sent (may be null)
 * @param payeeNote              as sent (may be null)
 * @param referenceIdToRefund    refunds only
 * @param status                 PENDING, SUCCESSFUL or FAILED (what the status GET reports)
 * @param reason                 the FAILED reason code, else null
 * @param financialTransactionId set when SUCCESSFUL
 * @param callbackUrl            the X-Callback-Url, or null
 * @param createdAt              when it was accepted
 * @param finalAt                when it became final, or null
 * @param responseFault          the accept-then-fail mode the client saw instead of the 202 (HTTP_500, DROP, HANG), or null
 * @param callbackAttempts       callback deliveries attempted so far
 * @param callbackDelivered      whether a callback got a 2xx answer
 */
public record TransactionView(UUID referenceId, String account, Operation operation, int version, String amount,
                              String currency, Party payee, String externalId, String payerMessage, String payeeNote,
                              String referenceIdToRefund, String status, String reason, String financialTransactionId,
                              String callbackUrl, Instant createdAt, Instant finalAt, String responseFault,
                              int callbackAttempts, boolean callbackDelivered) {

    public boolean isFinal() {
        return !"PENDING".equals(status);
    }
}
