package dev.momopay.payout.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Read-only queries for the HTTP API and for tests; never used to decide a state change. */
@ApplicationScoped
public class PayoutQueries {

    private final AgroalDataSource dataSource;

    public PayoutQueries(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<PayoutView> find(UUID referenceId) {
        String payoutSql = "SELECT reference_id, operation, status, account, amount, currency, external_id, "
                + "financial_transaction_id, momo_status, reason_code, reason_message, post_attempts, status_checks, "
                + "next_action_at, created_at, updated_at, terminal_at FROM payout WHERE reference_id = ?";
        String historySql = "SELECT at, from_status, to_status, momo_status, reason_code, detail FROM payout_history "
                + "WHERE reference_id = ? ORDER BY id";
        try (Connection connection = dataSource.getConnection()) {
            List<PayoutView.Transition> history = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(historySql)) {
                statement.setObject(1, referenceId);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        history.add(new PayoutView.Transition(rows.getTimestamp(1).toInstant(), rows.getString(2),
                                rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6)));
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(payoutSql)) {
                statement.setObject(1, referenceId);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new PayoutView((UUID) rows.getObject(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                            rows.getString(8), rows.getString(9), rows.getString(10), rows.getString(11),
                            rows.getInt(12), rows.getInt(13), Jdbc.instant(rows.getTimestamp(14)),
                            Jdbc.instant(rows.getTimestamp(15)), Jdbc.instant(rows.getTimestamp(16)),
                            Jdbc.instant(rows.getTimestamp(17)), history));
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not read a payout", e);
        }
    }

    /** Number of payouts per status (for progress displays, metrics and tests). */
    public Map<String, Long> countByStatus() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT status, count(*) FROM payout GROUP BY status ORDER BY status");
                ResultSet rows = statement.executeQuery()) {
            Map<String, Long> counts = new LinkedHashMap<>();
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new PersistenceException("could not count payouts", e);
        }
    }
}
