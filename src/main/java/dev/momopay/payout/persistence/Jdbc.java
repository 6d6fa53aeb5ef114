package dev.momopay.payout.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

/** Small JDBC helpers shared by the repositories (and the writer's judgement of a failed batch). */
public final class Jdbc {
    private Jdbc() {
    }

    /**
     * Whether a failure is the database refusing the data of a statement (SQLSTATE class 22 data exception, 23
     * integrity violation) rather than an outage: only such a batch is worth splitting.
     */
    public static boolean isDataError(Throwable failure) {
        String state = sqlState(failure);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** SQLSTATE and message of the first SQL exception in the chain (no parameters, so no data), for logs. */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String message = sql.getMessage() == null ? "" : sql.getMessage().lines().findFirst().orElse("");
                return "SQLSTATE " + sql.getSQLState() + ": " + message;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return failure.toString();
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    static java.sql.Array uuidArray(Connection connection, Collection<UUID> values) throws SQLException {
        return connection.createArrayOf("uuid", values.toArray());
    }

    static java.sql.Array textArray(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("varchar", values.toArray());
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static void setNullableString(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    static UUID uuid(Object value) {
        return (UUID) value;
    }
}
