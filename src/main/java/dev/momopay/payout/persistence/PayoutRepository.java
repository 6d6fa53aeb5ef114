package dev.momopay.payout.persistence;

import dev.momopay.payout.domain.Operation;
import dev.momopay.payout.domain.PartyIdType;
import dev.momopay.payout.domain.Payee;
import dev.momopay.payout.domain.PayoutCommand;
import dev.momopay.payout.domain.PayoutSnapshot;
import dev.momopay.payout.domain.PayoutStateMachine;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.domain.Reason;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import dev.momopay.payout.observability.TraceParent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * All SQL on the payout table. Races between replicas are decided by the database: the primary key decides intake,
 * {@code FOR UPDATE SKIP LOCKED} decides who leases due work, and fenced conditional updates (status and claim
 * token in the WHERE clause) decide whose result counts. All of it is correct at READ COMMITTED.
 * Methods marked MANDATORY join the caller's transaction so that a state change, its history line and its outbox
 * row commit together.
 */
@ApplicationScoped
public class PayoutRepository {

    /** Payouts that wait for a POST (or a re-POST with the same reference); matches the partial index. */
    public static final String DUE_FOR_SUBMISSION = "(status IN ("
            + PayoutStateMachine.sqlList(PayoutStateMachine.AWAITING_SUBMISSION)
            + ") OR (status = 'UNRESOLVED' AND NOT momo_accepted))";
    /** Payouts MoMo has, whose status is followed; matches the partial index. */
    public static final String DUE_FOR_STATUS_CHECK = "(status IN ("
            + PayoutStateMachine.sqlList(PayoutStateMachine.AWAITING_STATUS)
            + ") OR (status = 'UNRESOLVED' AND momo_accepted))";
    /** Of those due for submission: no earlier attempt may have executed, so the round POSTs at once. */
    public static final String NO_ATTEMPT_MAY_HAVE_EXECUTED = "post_attempts = attempts_not_executed";

    /** Which payouts due for submission a lease takes. */
    public enum SubmissionKind {
        /** No earlier attempt may have executed: POSTed at once (after the safeguards), within the POST rate. */
        FIRST,
        /** An earlier attempt may have executed: its status is asked first, within the status-check rate. */
        FOLLOW_UP;

        String predicate() {
            return this == FIRST ? NO_ATTEMPT_MAY_HAVE_EXECUTED : "NOT (" + NO_ATTEMPT_MAY_HAVE_EXECUTED + ")";
        }
    }

    private static final String PAYOUT_COLUMNS = "p.reference_id, p.claim_token, p.status, p.operation, p.account, "
            + "p.amount, p.currency, p.external_id, p.payee_type, p.payee_id, p.payer_message, p.payee_note, "
            + "p.reference_id_to_refund, p.expected_payee_name, p.callback_token, p.momo_accepted, p.post_attempts, p.status_checks, "
            + "p.last_post_at, p.created_at, p.attempts_not_executed, p.pending_refusal_code, "
            + "p.pending_refusal_message, p.not_found_since, p.failed_rounds, p.trace_parent, now() AS db_now";

    private final AgroalDataSource dataSource;

    public PayoutRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Inserts the payouts that do not exist yet; returns the references actually inserted. A RECEIVED payout is due
     * at once or at its notBefore; one AWAITING_APPROVAL is looked at again when its approval expires.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> insertIfAbsent(List<NewPayout> payouts, Duration approvalExpiry) {
        if (payouts.isEmpty()) {
            return Set.of();
        }
        String columns = "reference_id, operation, account, amount, currency, external_id, payee_type, payee_id, "
                + "payer_message, payee_note, reference_id_to_refund, expected_payee_name, fingerprint, status, "
                + "reason_code, reason_message, callback_token, outcome_event_id, source_topic, source_partition, "
                + "source_offset, trace_parent, not_before, approvals_required";
        String sql = "INSERT INTO payout (" + columns + ", next_action_at, released_at, terminal_at) "
                + "SELECT u.*, CASE WHEN u.status = 'RECEIVED' THEN greatest(now(), u.not_before) "
                + "WHEN u.status = 'AWAITING_APPROVAL' THEN now() + ? * interval '1 millisecond' END, "
                + "CASE WHEN u.status = 'RECEIVED' AND u.not_before > now() THEN u.not_before END, "
                + "CASE WHEN u.status IN ('RECEIVED', 'AWAITING_APPROVAL') THEN NULL ELSE now() END "
                + "FROM unnest(?::uuid[], ?::varchar[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
                + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::varchar[], ?::varchar[], ?::text[], "
                + "?::text[], ?::varchar[], ?::uuid[], ?::varchar[], ?::int[], ?::bigint[], ?::varchar[], "
                + "?::timestamptz[], ?::smallint[]) AS u(" + columns + ") "
                + "ON CONFLICT (reference_id) DO NOTHING RETURNING reference_id";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            statement.setLong(i++, approvalExpiry.toMillis());
            statement.setArray(i++, connection.createArrayOf("uuid", column(payouts, NewPayout::referenceId)));
            statement.setArray(i++, connection.createArrayOf("varchar", column(payouts, p -> p.operation().name())));
            statement.setArray(i++, connection.createArrayOf("varchar", column(payouts, NewPayout::account)));
            statement.setArray(i++, connection.createArrayOf("varchar", column(payouts, NewPayout::amount)));
            statement.setArray(i++, connection.createArrayOf("varchar", column(payouts, NewPayout::currency)));
            statement.setArray(i++, connection.createArrayOf("varchar", column(payouts, NewPayout::externalId)));
            statement.setArray(i++, connection.createArrayOf("varchar", column(payouts, NewPayout::payeeType)));
            statement.setArray(i++, connection.createArrayOf("varchar", column(payouts, NewPayout::payeeId)));
            statement.setArray(i++, connection.createArrayOf("text", column(payouts, NewPayout::payerMessage)));
            statement.setArray(i++, connection.createArrayOf("text", column(payouts, NewPayout::payeeNote)));
            statement.setArray(i++, connection.createArrayOf("varchar",
                    column(payouts, NewPayout::referenceIdToRefund)));
            statement.setArray(i++, connection.createArrayOf("text", column(payouts, NewPayout::expectedPayeeName)));
            statement.setArray(i++, connection.createArrayOf("varchar", column(payouts, NewPayout::fingerprint)));
            statement.setArray(i++, connection.createArrayOf("varchar", column(payouts, p -> p.status().name())));
            statement.setArray(i++, connection.createArrayOf("varchar", column(payouts, NewPayout::reasonCode)));
            statement.setArray(i++, connection.createArrayOf("text", column(payouts, NewPayout::reasonMessage)));
            statement.setArray(i++, connection.createArrayOf("varchar", column(payouts, NewPayout::callbackToken)));
            statement.setArray(i++, connection.createArrayOf("uuid", column(payouts, NewPayout::outcomeEventId)));
            statement.setArray(i++, connection.createArrayOf("varchar", column(payouts, NewPayout::sourceTopic)));
            statement.setArray(i++, connection.createArrayOf("int", column(payouts, NewPayout::sourcePartition)));
            statement.setArray(i++, connection.createArrayOf("bigint", column(payouts, NewPayout::sourceOffset)));
            statement.setArray(i++, connection.createArrayOf("varchar", column(payouts, NewPayout::traceParent)));
            statement.setArray(i++, connection.createArrayOf("timestamptz",
                    column(payouts, p -> p.notBefore() == null ? null : java.sql.Timestamp.from(p.notBefore()))));
            statement.setArray(i, connection.createArrayOf("int2", column(payouts, p -> (short) p.approvalsRequired())));
            Set<UUID> inserted = new HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    inserted.add((UUID) rows.getObject(1));
                }
            }
            return inserted;
        } catch (SQLException e) {
            throw new PersistenceException("could not insert payouts", e);
        }
    }

    private static <T> Object[] column(List<NewPayout> payouts, Function<NewPayout, T> field) {
        Object[] values = new Object[payouts.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = field.apply(payouts.get(i));
        }
        return values;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<ExistingPayout> findExisting(Collection<UUID> references) {
        if (references.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT reference_id, fingerprint, status, outcome_event_id FROM payout "
                + "WHERE reference_id = ANY(?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, Jdbc.uuidArray(connection, references));
            List<ExistingPayout> found = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(new ExistingPayout((UUID) rows.getObject(1), rows.getString(2).trim(),
                            PayoutStatus.valueOf(rows.getString(3)), (UUID) rows.getObject(4)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new PersistenceException("could not read payouts", e);
        }
    }

    /**
     * Leases up to {@code limit} payouts due for submission (new ones, and ones whose earlier attempt needs a
     * follow-up). RECEIVED becomes SUBMITTING; the lease lasts {@code lease}, after which another replica may take
     * the payout over (a crashed worker's payouts are resumed that way).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ClaimedPayout> claimForSubmission(String account, SubmissionKind kind, int limit, Duration lease,
            UUID claimToken) {
        String sql = "WITH due AS (SELECT reference_id, status AS previous_status FROM payout "
                + "WHERE " + DUE_FOR_SUBMISSION + " AND " + kind.predicate() + " "
                + "AND account = ? AND next_action_at <= now() ORDER BY next_action_at LIMIT ? "
                + "FOR UPDATE SKIP LOCKED) "
                + "UPDATE payout p SET status = CASE WHEN p.status IN ("
                + PayoutStateMachine.sqlList(PayoutStateMachine.LEASED_INTO_SUBMITTING) + ") THEN '"
                + PayoutStateMachine.require(PayoutStatus.RECEIVED, PayoutStatus.SUBMITTING) + "' ELSE p.status END, "
                + "claim_token = ?, next_action_at = now() + ? * interval '1 millisecond', updated_at = now() "
                + "FROM due WHERE p.reference_id = due.reference_id RETURNING due.previous_status, " + PAYOUT_COLUMNS;
        return claim(sql, limit, lease, claimToken, account);
    }

    /** Leases up to {@code limit} payouts of one account whose status is due to be checked with MoMo. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ClaimedPayout> claimForStatusCheck(String account, int limit, Duration lease, UUID claimToken) {
        String sql = "WITH due AS (SELECT reference_id, status AS previous_status FROM payout "
                + "WHERE " + DUE_FOR_STATUS_CHECK + " AND account = ? "
                + "AND next_action_at <= now() ORDER BY next_action_at LIMIT ? FOR UPDATE SKIP LOCKED) "
                + "UPDATE payout p SET claim_token = ?, next_action_at = now() + ? * interval '1 millisecond', "
                + "updated_at = now() FROM due WHERE p.reference_id = due.reference_id "
                + "RETURNING due.previous_status, " + PAYOUT_COLUMNS;
        return claim(sql, limit, lease, claimToken, account);
    }

    /**
     * How long until an account's next payout is due for submission (zero or less: due now), by the database's clock;
     * empty when it has none waiting. One look at the first entry of the partial index: the idle loop's question.
     */
    public Optional<Duration> untilNextSubmission(String account) {
        return untilNext(DUE_FOR_SUBMISSION, account);
    }

    /** The same for status checks. */
    public Optional<Duration> untilNextStatusCheck(String account) {
        return untilNext(DUE_FOR_STATUS_CHECK, account);
    }

    private Optional<Duration> untilNext(String predicate, String account) {
        String sql = "SELECT (EXTRACT(EPOCH FROM min(next_action_at) - now()) * 1000)::bigint FROM payout WHERE "
                + predicate + " AND account = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, account);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                long millis = rows.getLong(1);
                return rows.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not look for the next due payout", e);
        }
    }

    /** How many payouts of an account are due for a status check now (bounded by {@code limit}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int countDueStatusChecks(String account, int limit) {
        return countDue(DUE_FOR_STATUS_CHECK, account, limit);
    }

    /** How many payouts of an account are due for submission now (bounded by {@code limit}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int countDueSubmissions(String account, SubmissionKind kind, int limit) {
        return countDue(DUE_FOR_SUBMISSION + " AND " + kind.predicate(), account, limit);
    }

    private int countDue(String predicate, String account, int limit) {
        String sql = "SELECT count(*) FROM (SELECT 1 FROM payout WHERE " + predicate
                + " AND account = ? AND next_action_at <= now() LIMIT ?) due";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, account);
            statement.setInt(2, limit);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not count due status checks", e);
        }
    }

    private List<ClaimedPayout> claim(String sql, int limit, Duration lease, UUID claimToken, String account) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            if (account != null) {
                statement.setString(i++, account);
            }
            statement.setInt(i++, limit);
            statement.setObject(i++, claimToken);
            statement.setLong(i, lease.toMillis());
            List<ClaimedPayout> claimed = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    claimed.add(claimed(rows));
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new PersistenceException("could not lease due payouts", e);
        }
    }

    private static ClaimedPayout claimed(ResultSet rows) throws SQLException {
        String payeeType = rows.getString("payee_type");
        PayoutCommand command = new PayoutCommand((UUID) rows.getObject("reference_id"),
                Operation.valueOf(rows.getString("operation")), rows.getString("amount"), rows.getString("currency"),
                rows.getString("external_id"),
                payeeType == null ? null : new Payee(PartyIdType.valueOf(payeeType), rows.getString("payee_id")),
                rows.getString("payer_message"), rows.getString("payee_note"),
                rows.getString("reference_id_to_refund"), rows.getString("account"),
                rows.getString("expected_payee_name"));
        String refusalCode = rows.getString("pending_refusal_code");
        PayoutSnapshot snapshot = new PayoutSnapshot(PayoutStatus.valueOf(rows.getString("status")),
                rows.getInt("post_attempts"), rows.getInt("attempts_not_executed"),
                Jdbc.instant(rows.getTimestamp("last_post_at")), rows.getBoolean("momo_accepted"),
                refusalCode == null ? null : new Reason(refusalCode, rows.getString("pending_refusal_message")),
                Jdbc.instant(rows.getTimestamp("not_found_since")), rows.getInt("status_checks"),
                rows.getInt("failed_rounds"), Jdbc.instant(rows.getTimestamp("db_now")));
        return new ClaimedPayout((UUID) rows.getObject("claim_token"),
                PayoutStatus.valueOf(rows.getString("previous_status")), command, rows.getString("callback_token"),
                snapshot, Jdbc.instant(rows.getTimestamp("created_at")),
                TraceParent.parse(rows.getString("trace_parent")).orElse(null));
    }

    /**
     * Leases one payout for an operator's action (poll now, resolve) if it has one of {@code statuses} and no
     * worker round holds it right now (a lease that ran out counts as free). The result is written through
     * {@link #applyFenced} like any other round's, so an operator and a worker can never both decide.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<ClaimedPayout> claimForOperator(UUID referenceId, Collection<PayoutStatus> statuses,
            Duration lease, UUID claimToken) {
        String sql = "WITH one AS (SELECT reference_id, status AS previous_status FROM payout "
                + "WHERE reference_id = ? AND status = ANY(?) AND (claim_token IS NULL OR next_action_at <= now()) "
                + "FOR UPDATE SKIP LOCKED) "
                + "UPDATE payout p SET claim_token = ?, next_action_at = now() + ? * interval '1 millisecond', "
                + "updated_at = now() FROM one WHERE p.reference_id = one.reference_id "
                + "RETURNING one.previous_status, " + PAYOUT_COLUMNS;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, referenceId);
            statement.setArray(2, connection.createArrayOf("varchar",
                    statuses.stream().map(PayoutStatus::name).toArray()));
            statement.setObject(3, claimToken);
            statement.setLong(4, lease.toMillis());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(claimed(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not lease a payout for an operator", e);
        }
    }

    /**
     * Applies fenced updates as one JDBC batch; returns the updates that won (the row still had the expected status
     * and claim token). The caller writes history and outbox rows for the winners in the same transaction. The
     * columns written follow from each update's decision (see {@link UpdateColumns}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<PayoutUpdate> applyFenced(List<PayoutUpdate> updates) {
        if (updates.isEmpty()) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(UpdateColumns.SQL)) {
            for (PayoutUpdate update : updates) {
                UpdateColumns.bind(statement, update);
                statement.addBatch();
            }
            int[] counts = statement.executeBatch();
            List<PayoutUpdate> applied = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    applied.add(updates.get(i));
                }
            }
            return applied;
        } catch (SQLException e) {
            throw new PersistenceException("could not update payouts", e);
        }
    }

    /**
     * Commits the intent to POST: one more attempt, stamped now, for each payout whose lease this round still holds.
     * Returns the payouts won, as they are after the intent; a payout whose lease was taken over is left out and must
     * not be POSTed. Runs in the caller's transaction (the lease's, for first submissions).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ClaimedPayout> recordPostIntents(List<ClaimedPayout> payouts) {
        if (payouts.isEmpty()) {
            return List.of();
        }
        // One statement for the round's intents; each row is fenced by its own claim token and status.
        String sql = "UPDATE payout p SET post_attempts = p.post_attempts + 1, last_post_at = now(), "
                + "updated_at = now() FROM unnest(?::uuid[], ?::uuid[], ?::varchar[]) AS i(reference_id, claim_token, "
                + "status) WHERE p.reference_id = i.reference_id AND p.claim_token = i.claim_token "
                + "AND p.status = i.status RETURNING p.reference_id";
        Set<UUID> references = new HashSet<>();
        for (ClaimedPayout payout : payouts) {
            if (!references.add(payout.referenceId())) {
                throw new IllegalArgumentException("one intent per payout and round: " + payout.referenceId());
            }
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, Jdbc.uuidArray(connection,
                    payouts.stream().map(ClaimedPayout::referenceId).toList()));
            statement.setArray(2, Jdbc.uuidArray(connection,
                    payouts.stream().map(ClaimedPayout::claimToken).toList()));
            statement.setArray(3, connection.createArrayOf("varchar",
                    payouts.stream().map(p -> p.status().name()).toArray()));
            Set<UUID> recorded = new HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    recorded.add((UUID) rows.getObject(1));
                }
            }
            List<ClaimedPayout> won = new ArrayList<>();
            for (ClaimedPayout payout : payouts) {
                if (recorded.contains(payout.referenceId())) {
                    won.add(payout.withPostIntent());
                }
            }
            return won;
        } catch (SQLException e) {
            throw new PersistenceException("could not record POST intents", e);
        }
    }

    /**
     * Lets go of a lease without any other change: the payout is looked at again after {@code wait}. False when the
     * lease was no longer this round's.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean releaseLease(UUID referenceId, UUID claimToken, Duration wait) {
        String sql = "UPDATE payout SET claim_token = NULL, next_action_at = now() + ? * interval '1 millisecond', "
                + "updated_at = now() WHERE reference_id = ? AND claim_token = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, wait.toMillis());
            statement.setObject(2, referenceId);
            statement.setObject(3, claimToken);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new PersistenceException("could not release a lease", e);
        }
    }

    /** A payout the give-up sweep parked, with what its UNRESOLVED event needs. */
    public record ParkedPayout(PayoutStatus previousStatus, EventSubject subject) {

        public UUID referenceId() {
            return subject.referenceId();
        }
    }

    /**
     * Moves payouts that have waited longer than {@code giveUpAfter} for a final answer to UNRESOLVED. Payouts
     * leased right now are left to their current round. Returns the payouts moved, with their previous status.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ParkedPayout> markUnresolved(Duration giveUpAfter, Duration nextCheckIn, int limit) {
        PayoutStateMachine.GIVE_UP_FROM.forEach(s -> PayoutStateMachine.require(s, PayoutStatus.UNRESOLVED));
        String sql = "WITH due AS (SELECT reference_id, status AS previous_status FROM payout "
                + "WHERE status IN (" + PayoutStateMachine.sqlList(PayoutStateMachine.GIVE_UP_FROM) + ") "
                + "AND coalesce(released_at, created_at) < now() - ? * interval '1 millisecond' "
                + "AND (claim_token IS NULL OR next_action_at <= now()) "
                + "ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED) "
                + "UPDATE payout p SET status = 'UNRESOLVED', claim_token = NULL, "
                + "next_action_at = now() + ? * interval '1 millisecond', updated_at = now() "
                + "FROM due WHERE p.reference_id = due.reference_id RETURNING due.previous_status, "
                + EventSubject.COLUMNS;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, giveUpAfter.toMillis());
            statement.setInt(2, limit);
            statement.setLong(3, nextCheckIn.toMillis());
            List<ParkedPayout> moved = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    moved.add(new ParkedPayout(PayoutStatus.valueOf(rows.getString(1)), EventSubject.read(rows, 2)));
                }
            }
            return moved;
        } catch (SQLException e) {
            throw new PersistenceException("could not mark payouts unresolved", e);
        }
    }

    /**
     * Per currency, the sum of the amounts that MoMo may still pay out for an account: payouts it accepted (or may
     * have accepted) that are not final yet. The float guard counts them as spent.
     */
    public Map<String, BigDecimal> amountsInFlight(String account) {
        String sql = "SELECT currency, sum(amount::numeric) FROM payout WHERE account = ? AND (status = 'SUBMITTED' "
                + "OR (status IN ('SUBMITTING', 'UNRESOLVED') AND (post_attempts > attempts_not_executed OR momo_accepted))) "
                + "GROUP BY currency";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, account);
            Map<String, BigDecimal> sums = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    sums.put(rows.getString(1), rows.getBigDecimal(2));
                }
            }
            return sums;
        } catch (SQLException e) {
            throw new PersistenceException("could not sum the amounts in flight", e);
        }
    }

    /** What a callback matched. */
    public enum CallbackMatch {
        /** A payout still waiting for MoMo: it is checked now (or right after its current round). */
        WAITING,
        /** A finished payout: a late or repeated callback, acknowledged and ignored. */
        FINISHED,
        /** No payout has this reference and secret. */
        NONE
    }

    /**
     * A callback hint: makes a payout that is waiting for MoMo due for a status check now. If a round holds the
     * payout at this moment, the hint is remembered and the round's result schedules the check at once.
     */
    @Transactional
    public CallbackMatch expediteStatusCheck(UUID referenceId, String callbackToken) {
        String expedite = "UPDATE payout SET callback_pending = (claim_token IS NOT NULL), "
                + "next_action_at = CASE WHEN claim_token IS NULL THEN now() ELSE next_action_at END, "
                + "updated_at = now() WHERE reference_id = ? AND callback_token = ? "
                + "AND status IN (" + PayoutStateMachine.sqlList(PayoutStateMachine.CALLBACK_EXPEDITES) + ")";
        String known = "SELECT 1 FROM payout WHERE reference_id = ? AND callback_token = ?";
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(expedite)) {
                statement.setObject(1, referenceId);
                statement.setString(2, callbackToken);
                if (statement.executeUpdate() > 0) {
                    return CallbackMatch.WAITING;
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(known)) {
                statement.setObject(1, referenceId);
                statement.setString(2, callbackToken);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? CallbackMatch.FINISHED : CallbackMatch.NONE;
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not expedite a status check", e);
        }
    }
}
