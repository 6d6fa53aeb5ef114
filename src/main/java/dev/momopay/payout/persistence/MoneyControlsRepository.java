package dev.momopay.payout.persistence;

import dev.momopay.payout.domain.Operation;
import dev.momopay.payout.domain.PayoutStateMachine;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.domain.Reason;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL of the money controls: cancel requests, approvals, and the conditional updates that end or release a payout
 * before any MoMo call. Every method joins the caller's transaction, so a status change commits with its history line
 * and outcome event.
 */
@ApplicationScoped
public class MoneyControlsRepository {

    /** Advisory-lock class of "a cancel or an intake is deciding this reference" (objid: hash of the reference). */
    private static final int REFERENCE_LOCK_CLASS = 0x4d6f4d6f;

    /**
     * The cancel's predicate, {@link PayoutStateMachine#cancellable} in SQL: the cancellable statuses, no attempt
     * that may have executed, and no round holding the payout (a lease that ran out holds nothing: its round can no
     * longer write or POST).
     */
    public static final String CANCELLABLE = "status IN (" + PayoutStateMachine.sqlList(PayoutStateMachine.CANCELLABLE)
            + ") AND post_attempts = attempts_not_executed AND (claim_token IS NULL OR next_action_at <= now())";

    private final AgroalDataSource dataSource;

    public MoneyControlsRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A cancel asked for a reference. */
    public record CancelRequest(UUID referenceId, String reason, String requestedBy) {
    }

    /** A payout a control just ended, with what its outcome event needs. */
    public record Ended(PayoutStatus previousStatus, EventSubject subject, UUID eventId) {

        public UUID referenceId() {
            return subject.referenceId();
        }
    }

    /** A payout waiting for approval, locked for this transaction. */
    public record AwaitingApproval(PayoutStatus status, int approvalsRequired) {
    }

    /**
     * Serialises intake and cancels of the same references until the transaction ends, so that a cancel and the
     * command it cancels can never miss each other (neither sees the other's uncommitted row). Taken in one order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockReferences(Collection<UUID> references) {
        if (references.isEmpty()) {
            return;
        }
        String sql = "SELECT count(pg_advisory_xact_lock(" + REFERENCE_LOCK_CLASS + ", k)) FROM "
                + "(SELECT DISTINCT hashtext(r::text) AS k FROM unnest(?::uuid[]) r ORDER BY k) keys";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, Jdbc.uuidArray(connection, references));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not lock references", e);
        }
    }

    /** The cancels asked for any of these references (take {@link #lockReferences} first). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, CancelRequest> cancelRequests(Collection<UUID> references) {
        if (references.isEmpty()) {
            return Map.of();
        }
        String sql = "SELECT reference_id, reason, requested_by FROM payout_cancel_request "
                + "WHERE reference_id = ANY(?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, Jdbc.uuidArray(connection, references));
            Map<UUID, CancelRequest> found = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    UUID reference = (UUID) rows.getObject(1);
                    found.put(reference, new CancelRequest(reference, rows.getString(2), rows.getString(3)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new PersistenceException("could not read cancel requests", e);
        }
    }

    /** Keeps a cancel request; the first one for a reference is kept. Returns whether this one was new. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean rememberCancel(CancelRequest request) {
        String sql = "INSERT INTO payout_cancel_request (reference_id, reason, requested_by) VALUES (?, ?, ?) "
                + "ON CONFLICT (reference_id) DO NOTHING";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, request.referenceId());
            statement.setString(2, request.reason());
            statement.setString(3, request.requestedBy());
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PersistenceException("could not keep a cancel request", e);
        }
    }

    /** Ends the payout CANCELLED if a cancel may end it now (see {@link #CANCELLABLE}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Ended> cancel(UUID referenceId, Reason reason) {
        PayoutStateMachine.CANCELLABLE.forEach(s -> PayoutStateMachine.require(s, PayoutStatus.CANCELLED));
        return end("reference_id = ? AND " + CANCELLABLE, PayoutStatus.CANCELLED, reason, 1, referenceId)
                .stream().findFirst();
    }

    /** Ends a payout this lease holds (no attempt made) REJECTED before any MoMo call; fenced by the claim. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Ended> rejectLeased(UUID referenceId, UUID claimToken, Reason reason) {
        PayoutStateMachine.require(PayoutStatus.SUBMITTING, PayoutStatus.REJECTED);
        return end("reference_id = ? AND claim_token = ? AND status = 'SUBMITTING' AND "
                + "post_attempts = attempts_not_executed", PayoutStatus.REJECTED, reason, 1, referenceId, claimToken)
                .stream().findFirst();
    }

    /** Ends the payout REJECTED if it still awaits approval (an approver's rejection). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Ended> rejectAwaiting(UUID referenceId, Reason reason) {
        PayoutStateMachine.require(PayoutStatus.AWAITING_APPROVAL, PayoutStatus.REJECTED);
        return end("reference_id = ? AND status = 'AWAITING_APPROVAL'", PayoutStatus.REJECTED, reason, 1,
                referenceId).stream().findFirst();
    }

    /** Ends up to {@code limit} payouts whose approval deadline passed REJECTED with {@code reason}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Ended> expireApprovals(Reason reason, int limit) {
        PayoutStateMachine.require(PayoutStatus.AWAITING_APPROVAL, PayoutStatus.REJECTED);
        return end("status = 'AWAITING_APPROVAL' AND next_action_at <= now()", PayoutStatus.REJECTED, reason, limit);
    }

    /**
     * Ends the payouts matching {@code predicate} (with {@code parameters}; a single payout's reference first). One
     * payout is waited for when another transaction holds it, and then judged as that one left it; a sweep skips
     * payouts held by others.
     */
    private List<Ended> end(String predicate, PayoutStatus to, Reason reason, int limit, Object... parameters) {
        String sql = "WITH one AS (SELECT reference_id, status AS previous_status FROM payout WHERE " + predicate
                + " ORDER BY next_action_at LIMIT " + limit + (parameters.length == 0 ? " FOR UPDATE SKIP LOCKED) "
                        : " FOR UPDATE) ")
                + "UPDATE payout p SET status = '" + to.name() + "', reason_code = ?, reason_message = ?, "
                + "outcome_event_id = gen_random_uuid(), claim_token = NULL, next_action_at = NULL, "
                + "terminal_at = now(), updated_at = now() FROM one WHERE p.reference_id = one.reference_id "
                + "RETURNING one.previous_status, p.outcome_event_id, " + EventSubject.COLUMNS;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            for (Object parameter : parameters) {
                statement.setObject(i++, parameter);
            }
            statement.setString(i++, reason.code());
            statement.setString(i, reason.message());
            List<Ended> ended = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ended.add(new Ended(PayoutStatus.valueOf(rows.getString(1)), EventSubject.read(rows, 3),
                            (UUID) rows.getObject(2)));
                }
            }
            return ended;
        } catch (SQLException e) {
            throw new PersistenceException("could not end payouts " + to, e);
        }
    }

    /** Locks a payout for an approval decision; empty when there is no such payout. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<AwaitingApproval> lockForApproval(UUID referenceId) {
        String sql = "SELECT status, approvals_required FROM payout WHERE reference_id = ? FOR UPDATE";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, referenceId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new AwaitingApproval(PayoutStatus.valueOf(rows.getString(1)),
                        rows.getInt(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not lock a payout for approval", e);
        }
    }

    /** Records one person's approval; returns the number of distinct approvers so far, or -1 if they had approved. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int approve(UUID referenceId, String approver) {
        String insert = "INSERT INTO payout_approval (reference_id, approver) VALUES (?, ?) ON CONFLICT DO NOTHING";
        String count = "SELECT count(*) FROM payout_approval WHERE reference_id = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement adding = connection.prepareStatement(insert);
                PreparedStatement counting = connection.prepareStatement(count)) {
            adding.setObject(1, referenceId);
            adding.setString(2, approver);
            if (adding.executeUpdate() == 0) {
                return -1;
            }
            counting.setObject(1, referenceId);
            try (ResultSet rows = counting.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not record an approval", e);
        }
    }

    /** The people who approved a payout, in the order they did. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> approvers(UUID referenceId) {
        String sql = "SELECT approver FROM payout_approval WHERE reference_id = ? ORDER BY approved_at, approver";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, referenceId);
            List<String> names = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        } catch (SQLException e) {
            throw new PersistenceException("could not read approvals", e);
        }
    }

    /** Moves an approved payout to RECEIVED, due at once or at its notBefore. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean release(UUID referenceId) {
        String sql = "UPDATE payout SET status = '"
                + PayoutStateMachine.require(PayoutStatus.AWAITING_APPROVAL, PayoutStatus.RECEIVED)
                + "', next_action_at = greatest(now(), not_before), released_at = greatest(now(), not_before), "
                + "controls_cleared = true, updated_at = now() WHERE reference_id = ? AND status = 'AWAITING_APPROVAL'";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, referenceId);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PersistenceException("could not release an approved payout", e);
        }
    }
}
