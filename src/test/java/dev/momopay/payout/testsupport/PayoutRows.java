package dev.momopay.payout.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Reads what the worker committed for a payout, over a connection of the test's own. */
public final class PayoutRows {

    private PayoutRows() {
    }

    /** The trace context stored with the payout (null when none is); fails when there is no row. */
    public static String traceParent(String reference) {
        try (Connection connection = EmbeddedInfrastructure.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT trace_parent FROM payout WHERE reference_id = ?")) {
            query.setObject(1, UUID.fromString(reference));
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new AssertionError("no payout row for " + reference);
                }
                return rows.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the payout row", e);
        }
    }
}
