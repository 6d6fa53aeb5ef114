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
                + "next_action_at, created_at, updated_at, terminal_at, not_before, approvals_required, "
                + "(SELECT array_agg(a.approver ORDER BY a.approved_at, a.approver) FROM payout_approval a "
                + "WHERE a.reference_id = payout.reference_id), compacted_at FROM payout WHERE reference_id = ?";
        String historySql = "SELECT at, from_status, to_status, momo_status, reason_code, detail, repeats, last_at "
                + "FROM payout_history "
                + "WHERE reference_id = ? ORDER BY id";
        try (Connection connection = dataSource.getConnection()) {
            List<PayoutView.Transition> history = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(historySql)) {
                statement.setObject(1, referenceId);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        history.add(new PayoutView.Transition(rows.getTimestamp(1).toInstant(), rows.getString(2),
                                rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6),
                                rows.getInt(7), Jdbc.instant(rows.getTimestamp(8))));
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
                            Jdbc.instant(rows.getTimestamp(17)), history, Jdbc.instant(rows.getTimestamp(18)),
                            rows.getInt(19), approvers(rows.getArray(20)), Jdbc.instant(rows.getTimestamp(21))));
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not read a payout", e);
        }
    }

    private static List<String> approvers(java.sql.Array names) throws SQLException {
        return names == null ? List.of() : List.of((String[]) names.getArray());
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

    /** Unfinished payouts of one status and account: how many, and when the oldest was received. */
    public record UnfinishedStats(String status, String account, long count, java.time.Instant oldestCreatedAt) {
    }

    /**
     * Counts and oldest age of unfinished payouts (RECEIVED, AWAITING_APPROVAL, SUBMITTING, SUBMITTED, UNRESOLVED),
     * per status and
     * account. Reads only unfinished rows, through the (status, created_at) index: cheap whatever the history size.
     */
    public List<UnfinishedStats> unfinishedStats() {
        // A scheduled or approved payout waits from when it became free to submit, not from its arrival.
        String sql = "SELECT status, account, count(*), min(least(coalesce(released_at, created_at), now())) "
                + "FROM payout "
                + "WHERE status IN (" + dev.momopay.payout.domain.PayoutStateMachine.sqlList(
                        dev.momopay.payout.domain.PayoutStateMachine.UNFINISHED) + ", 'AWAITING_APPROVAL') "
                + "GROUP BY status, account";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            List<UnfinishedStats> stats = new ArrayList<>();
            while (rows.next()) {
                stats.add(new UnfinishedStats(rows.getString(1), rows.getString(2), rows.getLong(3),
                        Jdbc.instant(rows.getTimestamp(4))));
            }
            return stats;
        } catch (SQLException e) {
            throw new PersistenceException("could not read unfinished payouts", e);
        }
    }

    /** A payout as the ops list shows it: no payee, no messages (no personal data). */
    public record PayoutSummary(UUID referenceId, String operation, String status, String account, String amount,
            String currency, String externalId, String reasonCode, boolean momoAccepted,
            java.time.Instant createdAt, java.time.Instant updatedAt, java.time.Instant terminalAt) {
    }

    /**
     * One page of payouts, oldest first, filtered by status, account and a latest creation time; {@code after} is
     * the (createdAt, referenceId) of the last row of the previous page (keyset paging: stable while rows are added).
     * Every filter is a bound parameter; the SQL text is fixed.
     */
    public List<PayoutSummary> list(String status, String account, java.time.Instant createdBefore,
            java.time.Instant afterCreatedAt, UUID afterReference, int limit) {
        // Only fixed fragments are joined (no input ever becomes SQL text); each filter present is a bound parameter.
        StringBuilder sql = new StringBuilder("SELECT reference_id, operation, status, account, amount, currency, "
                + "external_id, reason_code, momo_accepted, created_at, updated_at, terminal_at FROM payout WHERE true");
        List<Object> parameters = new ArrayList<>();
        if (status != null) {
            sql.append(" AND status = ?");
            parameters.add(status);
        }
        if (account != null) {
            sql.append(" AND account = ?");
            parameters.add(account);
        }
        if (createdBefore != null) {
            sql.append(" AND created_at < ?");
            parameters.add(java.sql.Timestamp.from(createdBefore));
        }
        if (afterCreatedAt != null && afterReference != null) {
            sql.append(" AND (created_at, reference_id) > (?, ?)");
            parameters.add(java.sql.Timestamp.from(afterCreatedAt));
            parameters.add(afterReference);
        }
        sql.append(" ORDER BY created_at, reference_id LIMIT ?");
        parameters.add(limit);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return summaries(statement);
        } catch (SQLException e) {
            throw new PersistenceException("could not list payouts", e);
        }
    }

    /** Payouts with this externalId (it is not unique), oldest first, at most {@code limit}. */
    public List<PayoutSummary> findByExternalId(String externalId, int limit) {
        String sql = "SELECT reference_id, operation, status, account, amount, currency, external_id, reason_code, "
                + "momo_accepted, created_at, updated_at, terminal_at FROM payout WHERE external_id = ? "
                + "ORDER BY created_at, reference_id LIMIT ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, externalId);
            statement.setInt(2, limit);
            return summaries(statement);
        } catch (SQLException e) {
            throw new PersistenceException("could not find payouts by externalId", e);
        }
    }

    private static List<PayoutSummary> summaries(PreparedStatement statement) throws SQLException {
        List<PayoutSummary> found = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                found.add(new PayoutSummary((UUID) rows.getObject(1), rows.getString(2), rows.getString(3),
                        rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                        rows.getString(8), rows.getBoolean(9), Jdbc.instant(rows.getTimestamp(10)),
                        Jdbc.instant(rows.getTimestamp(11)), Jdbc.instant(rows.getTimestamp(12))));
            }
        }
        return found;
    }

    /** The stored terminal outcome event of a payout, if it has one. */
    public Optional<UUID> outcomeEventId(UUID referenceId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT outcome_event_id FROM payout WHERE reference_id = ?")) {
            statement.setObject(1, referenceId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.ofNullable((UUID) rows.getObject(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not read a payout's outcome event", e);
        }
    }
}
