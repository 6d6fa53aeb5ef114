package dev.momopay.simulator.ledger;

/**
 * Counters over the whole simulator.
 *
 * @param accepted          transactions recorded
 * @param pending           of which still PENDING
 * @param successful        of which SUCCESSFUL
 * @param failed            of which FAILED
 * @param postAttempts      transaction POSTs seen with a UUID X-Reference-Id (any outcome: 202, 409, 4xx, 5xx, faults)
 * @param statusGets        status GETs seen with a UUID reference (any outcome)
 * @param tokensIssued      access tokens issued by {@code /token/} (OAuth2 tokens not included)
 * @param callbacksAttempted callback deliveries attempted (retries included)
 * @param callbacksDelivered callback deliveries answered with 2xx
 */
public record Totals(long accepted, long pending, long successful, long failed, long postAttempts, long statusGets,
                     long tokensIssued, long callbacksAttempted, long callbacksDelivered) {
}
