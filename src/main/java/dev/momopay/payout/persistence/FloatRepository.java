package dev.momopay.payout.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    /** Takes a balance reading: spendable = balance minus what MoMo may still pay; nothing reserved since. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reading(String account, String currency, BigDecimal spendable) {
        String sql = "INSERT INTO float_state (account, currency, spendable, reserved, read_at) VALUES (?, ?, ?, 0, "
                + "now()) ON CONFLICT (account, currency) DO UPDATE SET spendable = EXCLUDED.spendable, reserved = 0, "
                + "read_at = now()";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, account);
            statement.setString(2, currency);
            statement.setBigDecimal(3, spendable);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not store a float reading", e);
        }
    }
}
