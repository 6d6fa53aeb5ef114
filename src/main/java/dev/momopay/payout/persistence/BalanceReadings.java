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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The balance readings kept for the balance reconciliation (table balance_reading): every good balance call writes
 * one, so a period's opening and closing balances are the readings nearest its ends.
 */
@ApplicationScoped
public class BalanceReadings {

    /** A balance as MoMo reported it at a moment. */
    public record Reading(String account, String currency, BigDecimal available, Instant readAt) {
    }

    /** One account's balance in one currency. */
    public record AccountCurrency(String account, String currency) {
    }

    /** How many SUCCESSFUL payouts concluded between two readings, and their sum. */
    public record Paid(long count, BigDecimal sum) {
    }

    private final AgroalDataSource dataSource;

    public BalanceReadings(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional
    public void record(String account, String currency, BigDecimal available) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("INSERT INTO balance_reading (account, "
                        + "currency, available, read_at) VALUES (?, ?, ?, now())")) {
            statement.setString(1, account);
            statement.setString(2, currency);
            statement.setBigDecimal(3, available);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not record a balance reading", e);
        }
    }

    /** The currencies read for an account (all accounts' when {@code account} is null). */
    @Transactional
    public List<AccountCurrency> readCurrencies(String account) {
        String sql = "SELECT DISTINCT account, currency FROM balance_reading WHERE ?::text IS NULL OR account = ? "
                + "ORDER BY 1, 2";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            Jdbc.setNullableString(statement, 1, account);
            Jdbc.setNullableString(statement, 2, account);
            List<AccountCurrency> pairs = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    pairs.add(new AccountCurrency(rows.getString(1), rows.getString(2)));
                }
            }
            return pairs;
        } catch (SQLException e) {
            throw new PersistenceException("could not list balance readings", e);
        }
    }

    /** The last reading at or before {@code at}. */
    @Transactional
    public Optional<Reading> lastAtOrBefore(String account, String currency, Instant at) {
        return one("SELECT account, currency, available, read_at FROM balance_reading WHERE account = ? AND "
                + "currency = ? AND read_at <= ? ORDER BY read_at DESC LIMIT 1", account, currency, at);
    }

    /** The first reading at or after {@code at}. */
    @Transactional
    public Optional<Reading> firstAtOrAfter(String account, String currency, Instant at) {
        return one("SELECT account, currency, available, read_at FROM balance_reading WHERE account = ? AND "
                + "currency = ? AND read_at >= ? ORDER BY read_at LIMIT 1", account, currency, at);
    }

    /** SUCCESSFUL payouts of the account and currency concluded after {@code from} and at or before {@code to}. */
    @Transactional
    public Paid paidBetween(String account, String currency, Instant from, Instant to) {
        String sql = "SELECT count(*), coalesce(sum(amount::numeric), 0) FROM payout WHERE status = 'SUCCESSFUL' AND "
                + "terminal_at > ? AND terminal_at <= ? AND account = ? AND currency = ? AND "
                + "amount ~ '^[0-9]+(\\.[0-9]+)?$'";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setTimestamp(1, Timestamp.from(from));
            statement.setTimestamp(2, Timestamp.from(to));
            statement.setString(3, account);
            statement.setString(4, currency);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Paid(rows.getLong(1), rows.getBigDecimal(2));
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not sum the payouts between two balance readings", e);
        }
    }

    private Optional<Reading> one(String sql, String account, String currency, Instant at) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, account);
            statement.setString(2, currency);
            statement.setTimestamp(3, Timestamp.from(at));
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new Reading(rows.getString(1), rows.getString(2),
                        rows.getBigDecimal(3), rows.getTimestamp(4).toInstant())) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not read a balance reading", e);
        }
    }
}
