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
