package dev.momopay.payout.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The float guard's shared state (table float_state): per account and currency, what the last balance reading left
 * spendable and what payouts started since took from it. Rows are locked while a lease reserves from them, so
 * replicas never spend the same float twice.
 */
@ApplicationScoped
public class FloatRepository {

    /** One account's float in one currency; {@code spendable} null = unknown. */
    public record FloatState(BigDecimal spendable, BigDecimal reserved) {
    }

    private final AgroalDataSource dataSource;

    public FloatRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Locks and reads the account's float in these currencies (rows that do not exist are unknown floats). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, FloatState> lock(String account, Collection<String> currencies) {
        String sql = "SELECT currency, spendable, reserved FROM float_state WHERE account = ? AND currency = ANY(?) "
                + "ORDER BY currency FOR UPDATE";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, account);
            statement.setArray(2, Jdbc.textArray(connection, currencies));
            Map<String, FloatState> states = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    states.put(rows.getString(1), new FloatState(rows.getBigDecimal(2), rows.getBigDecimal(3)));
                }
            }
            return states;
        } catch (SQLException e) {
            throw new PersistenceException("could not read the float", e);
        }
    }

    /** Adds to what payouts started since the last reading took (rows locked by {@link #lock}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reserve(String account, String currency, BigDecimal amount) {
        String sql = "UPDATE float_state SET reserved = reserved + ? WHERE account = ? AND currency = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setBigDecimal(1, amount);
            statement.setString(2, account);
            statement.setString(3, currency);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not reserve float", e);
        }
    }

    /**
     * Locks the row a balance reading requested at {@code requestedAt} would replace, creating it if needed; false
     * when a reading requested later is stored already (a slow reading never overwrites a newer one). Once the row is
     * locked, no lease can reserve from it until the caller's transaction ends, so what the caller sums as in flight
     * next includes every reservation the reading resets.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean lockForReading(String account, String currency, Instant requestedAt) {
        String insert = "INSERT INTO float_state (account, currency, reserved) VALUES (?, ?, 0) "
                + "ON CONFLICT (account, currency) DO NOTHING";
        String select = "SELECT read_at FROM float_state WHERE account = ? AND currency = ? FOR UPDATE";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement inserting = connection.prepareStatement(insert);
                PreparedStatement selecting = connection.prepareStatement(select)) {
            inserting.setString(1, account);
            inserting.setString(2, currency);
            inserting.executeUpdate();
            selecting.setString(1, account);
            selecting.setString(2, currency);
            try (ResultSet rows = selecting.executeQuery()) {
                rows.next();
                Timestamp readAt = rows.getTimestamp(1);
                return readAt == null || readAt.toInstant().isBefore(requestedAt);
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not lock the float for a reading", e);
        }
    }

    /**
     * Stores a balance reading (row locked by {@link #lockForReading}): spendable = balance minus what MoMo may still
     * pay; nothing reserved since.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reading(String account, String currency, BigDecimal spendable, Instant requestedAt) {
        String sql = "UPDATE float_state SET spendable = ?, reserved = 0, read_at = ? WHERE account = ? AND currency = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setBigDecimal(1, spendable);
            statement.setTimestamp(2, Timestamp.from(requestedAt));
            statement.setString(3, account);
            statement.setString(4, currency);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not store a float reading", e);
        }
    }

    /** The database's clock, which every replica shares: the time a balance reading is requested at. */
    public Instant now() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT clock_timestamp()");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getTimestamp(1).toInstant();
        } catch (SQLException e) {
            throw new PersistenceException("could not read the database clock", e);
        }
    }
}
