package dev.momopay.payout.persistence;

import dev.momopay.payout.domain.Operation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * What every outcome event of one payout repeats, as the payout's row holds it: the event body's fixed fields and
 * what the metrics tag and time it by. Callers already hold these when they decide an outcome, so storing the event
 * needs no second look at the row.
 *
 * @param account    the MoMo account (null for a command rejected before its account was known)
 * @param receivedAt when the worker took the command in
 */
public record EventSubject(UUID referenceId, Operation operation, String account, String amount, String currency,
        String externalId, Instant receivedAt) {

    /** The columns {@link #read} expects, in a RETURNING or SELECT list of {@code payout p}. */
    static final String COLUMNS = "p.reference_id, p.operation, p.account, p.amount, p.currency, p.external_id, "
            + "p.created_at";

    /** Reads {@link #COLUMNS} starting at column {@code first}. */
    static EventSubject read(ResultSet rows, int first) throws SQLException {
        return new EventSubject((UUID) rows.getObject(first), Operation.valueOf(rows.getString(first + 1)),
                rows.getString(first + 2), rows.getString(first + 3), rows.getString(first + 4),
                rows.getString(first + 5), rows.getTimestamp(first + 6).toInstant());
    }
}
