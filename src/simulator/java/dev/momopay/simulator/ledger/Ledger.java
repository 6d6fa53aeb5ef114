package dev.momopay.simulator.ledger;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Read view of what the simulator saw and did. Safe to call from any thread while the simulator runs. */
public interface Ledger {

    /** All accepted transactions, in acceptance order. */
    List<TransactionView> transactions();

    /** One accepted transaction. */
    Optional<TransactionView> transaction(UUID referenceId);

    /** Transaction POSTs seen with this X-Reference-Id, whatever their answer (202, 409, 400, 401, 500, 503, ...). */
    int postAttempts(UUID referenceId);

    /**
     * Transaction POSTs with this X-Reference-Id that MoMo accepted, i.e. that created a transaction (answered 202, or
     * an accept-then-fail fault's 500/drop/hang instead). A refused POST (409 for a used reference, 4xx, 5xx) does not
     * count. Counted apart from the ledger's one-transaction-per-reference map, so more than 1 is a double payment.
     */
    int acceptedPostAttempts(UUID referenceId);

    /** {@link #acceptedPostAttempts(UUID)} of every reference with at least one accepted POST. */
    java.util.Map<UUID, Integer> acceptedPostAttempts();

    /** Status GETs seen for this reference, whatever their answer (200, 404, 429, 503, ...). */
    int statusGets(UUID referenceId);

    /** Status GETs seen per wall-clock second (epoch seconds), from {@code fromEpochSecond} on. */
    java.util.SortedMap<Long, Integer> statusGetsPerSecond(long fromEpochSecond);

    /** Number of accepted (recorded) transactions. */
    long acceptedCount();

    /** Access tokens issued by {@code POST /disbursement/token/}. */
    long tokensIssued();

    /** All counters. */
    Totals totals();
}
