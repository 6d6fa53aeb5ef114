package dev.momopay.payout.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets kept in PostgreSQL, so that a rate limit holds across all replicas together. One row per bucket;
 * taking permits locks that row for the rest of the caller's transaction, which also serialises the replicas' claim
 * rounds for that account.
 */
@ApplicationScoped
public class RateBucketRepository {

    private final AgroalDataSource dataSource;
    /** Buckets whose row this instance has seen: their take needs no insert first (one statement less per round). */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public RateBucketRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Takes up to {@code wanted} whole permits from the bucket, which refills at {@code ratePerSecond} and holds at
     * most {@code burst}. Returns the number taken (possibly 0).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int take(String bucket, int wanted, double ratePerSecond, double burst) {
        try (Connection connection = dataSource.getConnection()) {
            if (!known.contains(bucket)) {
                ensure(connection, bucket, burst);
            }
            OptionalInt taken = takeFrom(connection, bucket, wanted, ratePerSecond, burst);
            if (taken.isEmpty()) {
                // The row is gone (a bucket is never deleted by the worker; an operator may have): create it again.
                ensure(connection, bucket, burst);
                taken = takeFrom(connection, bucket, wanted, ratePerSecond, burst);
            }
            known.add(bucket);
            return taken.orElse(0);
        } catch (SQLException e) {
            throw new PersistenceException("could not take rate permits", e);
        }
    }

    private static void ensure(Connection connection, String bucket, double burst) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO rate_bucket (name, tokens, "
                + "refilled_at) VALUES (?, ?, clock_timestamp()) ON CONFLICT (name) DO NOTHING")) {
            statement.setString(1, bucket);
            statement.setDouble(2, burst);
            statement.executeUpdate();
        }
    }

    /** The permits taken, or empty when the bucket has no row. */
    private static OptionalInt takeFrom(Connection connection, String bucket, int wanted, double ratePerSecond,
            double burst) throws SQLException {
        String take = "WITH b AS (SELECT name, LEAST(?, tokens + EXTRACT(EPOCH FROM clock_timestamp() - refilled_at) "
                + "* ?) AS available, clock_timestamp() AS at FROM rate_bucket WHERE name = ? FOR UPDATE) "
                + "UPDATE rate_bucket r SET tokens = b.available - LEAST(?, FLOOR(b.available)), refilled_at = b.at "
                + "FROM b WHERE r.name = b.name RETURNING LEAST(?, FLOOR(b.available))::int";
        try (PreparedStatement statement = connection.prepareStatement(take)) {
            statement.setDouble(1, burst);
            statement.setDouble(2, ratePerSecond);
            statement.setString(3, bucket);
            statement.setInt(4, wanted);
            statement.setInt(5, wanted);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? OptionalInt.of(Math.max(0, rows.getInt(1))) : OptionalInt.empty();
            }
        }
    }

    /** Gives back permits that were taken but not used, never above the burst size. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void giveBack(String bucket, int permits, double burst) {
        if (permits <= 0) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "UPDATE rate_bucket SET tokens = LEAST(?, tokens + ?) WHERE name = ?")) {
            statement.setDouble(1, burst);
            statement.setInt(2, permits);
            statement.setString(3, bucket);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not return rate permits", e);
        }
    }
}
