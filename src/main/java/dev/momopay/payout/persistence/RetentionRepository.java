package dev.momopay.payout.persistence;

import dev.momopay.payout.domain.PayoutStateMachine;
import dev.momopay.payout.domain.PayoutStatus;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.stream.Collectors;

/**
 * Compacts finished payouts past the retention age (see V8__retention.sql for what stays and what goes). A payout
 * is left whole while anything may still need its parts: an outcome event not yet published, an open reconciliation
 * mismatch, or a reconciliation run still going over the period it concluded in.
 */
@ApplicationScoped
public class RetentionRepository {

    private static final String TERMINAL = PayoutStateMachine.sqlList(Arrays.stream(PayoutStatus.values())
            .filter(PayoutStatus::isTerminal).collect(Collectors.toCollection(() -> EnumSet.noneOf(PayoutStatus.class))));

    private final AgroalDataSource dataSource;

    public RetentionRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Compacts up to {@code limit} payouts finished more than {@code age} ago; returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int compact(Duration age, int limit) {
        String sql = "WITH old AS (SELECT reference_id, outcome_event_id FROM payout p "
                + "WHERE terminal_at IS NOT NULL AND compacted_at IS NULL "
                + "AND terminal_at < now() - ? * interval '1 millisecond' "
                + "AND status IN (" + TERMINAL + ") AND outcome_event_id IS NOT NULL "
                + "AND NOT EXISTS (SELECT 1 FROM outbox_event o WHERE o.reference_id = p.reference_id) "
                + "AND NOT EXISTS (SELECT 1 FROM reconciliation_line l WHERE l.reference_id = p.reference_id "
                + "AND l.verdict = 'MISMATCH' AND l.acknowledged_at IS NULL) "
                + "AND NOT EXISTS (SELECT 1 FROM reconciliation_run r WHERE r.status = 'RUNNING' "
                + "AND p.terminal_at >= r.period_start AND p.terminal_at < r.period_end) "
                + "ORDER BY terminal_at LIMIT ? FOR UPDATE SKIP LOCKED), "
                + "history AS (DELETE FROM payout_history h USING old WHERE h.reference_id = old.reference_id), "
                + "events AS (DELETE FROM payout_event e USING old WHERE e.reference_id = old.reference_id "
                + "AND e.event_id <> old.outcome_event_id) "
                + "UPDATE payout p SET payee_id = NULL, payer_message = NULL, payee_note = NULL, "
                + "expected_payee_name = NULL, callback_token = '', trace_parent = NULL, compacted_at = now() "
                + "FROM old WHERE p.reference_id = old.reference_id";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, age.toMillis());
            statement.setInt(2, limit);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not compact finished payouts", e);
        }
    }

    /** Deletes balance readings older than {@code age} (they only serve the reconciliation of recent periods). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int forgetBalanceReadings(Duration age) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "DELETE FROM balance_reading WHERE read_at < now() - ? * interval '1 millisecond'")) {
            statement.setLong(1, age.toMillis());
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not delete old balance readings", e);
        }
    }
}
