package dev.momopay.payout.persistence;

import dev.momopay.payout.domain.Operation;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.domain.reconciliation.HeldPayout;
import dev.momopay.payout.domain.reconciliation.MismatchKind;
import dev.momopay.payout.domain.reconciliation.Period;
import dev.momopay.payout.domain.reconciliation.Verdict;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reconciliation runs and their lines (tables reconciliation_run, reconciliation_line). A run is leased like other
 * work: a replica claims it with its token, every write of a line is fenced by that token, and a lease that ran out
 * (a replica stopped mid-run) lets another replica continue where it stopped.
 */
@ApplicationScoped
public class ReconciliationRepository {

    public enum RunStatus {
        RUNNING,
        COMPLETED
    }

    /** One run; {@code account} null covers every account; {@code summary} is JSON once COMPLETED. */
    public record Run(long id, Period period, String account, boolean scheduled, String requestedBy,
            RunStatus status, boolean collected, Instant createdAt, Instant finishedAt, String summary) {
    }

    /** A run as created (or the one that already covered the same period). */
    public record Created(Run run, boolean isNew) {
    }

    /** A line still to be asked of MoMo. */
    public record PendingLine(UUID referenceId, String account, Operation operation, HeldPayout held,
            int attempts) {
    }

    /** MoMo's side of a line. */
    public record MomoSide(String status, String amount, String currency, String financialTransactionId) {
    }

    /** Who acknowledged a mismatch, when and why. */
    public record Acknowledgement(String by, Instant at, String note) {
    }

    /** A line as the report shows it. */
    public record ReportLine(UUID referenceId, String account, String operation, String externalId,
            Instant concludedAt, HeldPayout held, MomoSide momo, Verdict verdict, MismatchKind kind, String detail,
            Acknowledgement acknowledgement) {
    }

    /** How many of a run's lines have each verdict, and how many have none yet. */
    public record VerdictCounts(Map<Verdict, Long> byVerdict, long undecided) {
    }

    /** How many lines of a status and currency a run holds, and their amounts' sum. */
    public record StatusTotal(String status, String currency, long count, BigDecimal sum) {
    }

    private static final String RUN_COLUMNS = "id, period_start, period_end, account, scheduled, requested_by, "
            + "status, collected, created_at, finished_at, summary";
    private static final String DECIMAL = "'^[0-9]+(\\.[0-9]+)?$'";

    private final AgroalDataSource dataSource;

    public ReconciliationRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Creates a run, unless one already covers the period: the scheduled run of a period, or a running run of the
     * same period and account (the unique indexes decide between replicas).
     */
    @Transactional
    public Created create(Period period, String account, boolean scheduled, String requestedBy) {
        String insert = "INSERT INTO reconciliation_run (period_start, period_end, account, scheduled, requested_by, "
                + "status) VALUES (?, ?, ?, ?, ?, 'RUNNING') ON CONFLICT DO NOTHING RETURNING " + RUN_COLUMNS;
        String existing = "SELECT " + RUN_COLUMNS + " FROM reconciliation_run WHERE period_start = ? AND "
                + "period_end = ? AND ((status = 'RUNNING' AND coalesce(account, '') = coalesce(?, '')) OR "
                + "(scheduled AND ?)) ORDER BY id DESC LIMIT 1";
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                statement.setTimestamp(1, Timestamp.from(period.start()));
                statement.setTimestamp(2, Timestamp.from(period.end()));
                Jdbc.setNullableString(statement, 3, account);
                statement.setBoolean(4, scheduled);
                statement.setString(5, requestedBy);
                try (ResultSet rows = statement.executeQuery()) {
                    if (rows.next()) {
                        return new Created(run(rows), true);
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(existing)) {
                statement.setTimestamp(1, Timestamp.from(period.start()));
                statement.setTimestamp(2, Timestamp.from(period.end()));
                Jdbc.setNullableString(statement, 3, account);
                statement.setBoolean(4, scheduled);
                try (ResultSet rows = statement.executeQuery()) {
                    if (rows.next()) {
                        return new Created(run(rows), false);
                    }
                }
            }
            throw new PersistenceException("a reconciliation run conflicted but none was found", null);
        } catch (SQLException e) {
            throw new PersistenceException("could not create a reconciliation run", e);
        }
    }

    /**
     * Claims a running run for this replica: its own first, else one nobody holds or whose lease ran out. Renews
     * the lease of the run claimed.
     */
    @Transactional
    public Optional<Run> claim(UUID token, Duration lease) {
        String sql = "UPDATE reconciliation_run SET claim_token = ?, lease_until = now() + make_interval(secs => ?) "
                + "WHERE id = (SELECT id FROM reconciliation_run WHERE status = 'RUNNING' AND (claim_token = ? OR "
                + "lease_until IS NULL OR lease_until < now()) ORDER BY (claim_token IS NOT DISTINCT FROM ?) DESC, "
                + "id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + RUN_COLUMNS;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, token);
            statement.setDouble(2, lease.toMillis() / 1000.0);
            statement.setObject(3, token);
            statement.setObject(4, token);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(run(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not claim a reconciliation run", e);
        }
    }

    /**
     * Writes a run's lines: every payout concluded in its period (SUCCESSFUL, FAILED, REJECTED, CANCELLED), in one
     * statement, so a run interrupted here collects again from nothing. False when the run is no longer this replica's.
     */
    @Transactional
    public boolean collect(Run run, UUID token) {
        String lines = "INSERT INTO reconciliation_line (run_id, reference_id, account, operation, external_id, "
                + "status_here, amount_here, currency_here, fin_id_here, momo_accepted, concluded_at, verdict) "
                + "SELECT r.id, p.reference_id, p.account, p.operation, p.external_id, p.status, p.amount, "
                + "p.currency, p.financial_transaction_id, p.momo_accepted, p.terminal_at, "
                + "CASE WHEN p.status IN ('REJECTED', 'CANCELLED') THEN 'NOT_ASKED' END "
                + "FROM reconciliation_run r JOIN payout p ON p.terminal_at >= r.period_start AND "
                + "p.terminal_at < r.period_end AND p.status IN ('SUCCESSFUL', 'FAILED', 'REJECTED', 'CANCELLED') AND "
                + "(r.account IS NULL OR p.account = r.account) "
                + "WHERE r.id = ? AND r.claim_token = ? AND NOT r.collected ON CONFLICT DO NOTHING";
        String mark = "UPDATE reconciliation_run SET collected = true WHERE id = ? AND claim_token = ?";
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(lines)) {
                statement.setLong(1, run.id());
                statement.setObject(2, token);
                statement.executeUpdate();
            }
            try (PreparedStatement statement = connection.prepareStatement(mark)) {
                statement.setLong(1, run.id());
                statement.setObject(2, token);
                return statement.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not collect a reconciliation run's payouts", e);
        }
    }

    /** Lines due to be asked, at most {@code perAccount} of each account. */
    @Transactional
    public List<PendingLine> pending(long runId, int perAccount) {
        String sql = "SELECT reference_id, account, operation, status_here, amount_here, currency_here, fin_id_here, "
                + "momo_accepted, attempts FROM (SELECT l.*, row_number() OVER (PARTITION BY account ORDER BY "
                + "next_try_at, reference_id) AS n FROM reconciliation_line l WHERE run_id = ? AND verdict IS NULL "
                + "AND next_try_at <= now()) due WHERE n <= ? ORDER BY account, n";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, runId);
            statement.setInt(2, perAccount);
            List<PendingLine> lines = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    lines.add(new PendingLine(Jdbc.uuid(rows.getObject(1)), rows.getString(2),
                            Operation.valueOf(rows.getString(3)), new HeldPayout(PayoutStatus.valueOf(rows.getString(4)),
                                    rows.getString(5), rows.getString(6), rows.getString(7), rows.getBoolean(8)),
                            rows.getInt(9)));
                }
            }
            return lines;
        } catch (SQLException e) {
            throw new PersistenceException("could not read a reconciliation run's pending lines", e);
        }
    }

    /** Records a line's verdict; false when the run is no longer this replica's (nothing written). */
    @Transactional
    public boolean decide(long runId, UUID token, UUID referenceId, Verdict verdict, MismatchKind kind,
            String detail, MomoSide momo) {
        String sql = "UPDATE reconciliation_line l SET verdict = ?, mismatch_kind = ?, detail = ?, momo_status = ?, "
                + "momo_amount = ?, momo_currency = ?, momo_fin_id = ?, attempts = l.attempts + 1, "
                + "checked_at = now() FROM reconciliation_run r WHERE r.id = l.run_id AND r.claim_token = ? AND "
                + "l.run_id = ? AND l.reference_id = ? AND l.verdict IS NULL";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, verdict.name());
            Jdbc.setNullableString(statement, 2, kind == null ? null : kind.name());
            Jdbc.setNullableString(statement, 3, clip(detail));
            Jdbc.setNullableString(statement, 4, momo == null ? null : clip(momo.status()));
            Jdbc.setNullableString(statement, 5, momo == null ? null : clip(momo.amount()));
            Jdbc.setNullableString(statement, 6, momo == null ? null : clip(momo.currency()));
            Jdbc.setNullableString(statement, 7, momo == null ? null : clip(momo.financialTransactionId()));
            statement.setObject(8, token);
            statement.setLong(9, runId);
            statement.setObject(10, referenceId);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PersistenceException("could not record a reconciliation verdict", e);
        }
    }

    /**
     * A line MoMo did not answer: asked again after {@code retryIn}, or UNCHECKED once it has had
     * {@code maxAttempts}. Returns whether it became UNCHECKED.
     */
    @Transactional
    public boolean askAgain(long runId, UUID token, UUID referenceId, String why, Duration retryIn,
            int maxAttempts) {
        String sql = "UPDATE reconciliation_line l SET attempts = l.attempts + 1, detail = ?, "
                + "next_try_at = now() + make_interval(secs => ?), "
                + "verdict = CASE WHEN l.attempts + 1 >= ? THEN 'UNCHECKED' END, "
                + "checked_at = CASE WHEN l.attempts + 1 >= ? THEN now() END "
                + "FROM reconciliation_run r WHERE r.id = l.run_id AND r.claim_token = ? AND l.run_id = ? AND "
                + "l.reference_id = ? AND l.verdict IS NULL RETURNING l.verdict";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, clip(why));
            statement.setDouble(2, retryIn.toMillis() / 1000.0);
            statement.setInt(3, maxAttempts);
            statement.setInt(4, maxAttempts);
            statement.setObject(5, token);
            statement.setLong(6, runId);
            statement.setObject(7, referenceId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getString(1) != null;
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not postpone a reconciliation line", e);
        }
    }

    /** How many lines of the run have no verdict yet. */
    @Transactional
    public long undecided(long runId) {
        return count("SELECT count(*) FROM reconciliation_line WHERE run_id = ? AND verdict IS NULL", runId);
    }

    /** Marks the run COMPLETED with its summary; false when it is no longer this replica's. */
    @Transactional
    public boolean complete(long runId, UUID token, String summary) {
        String sql = "UPDATE reconciliation_run SET status = 'COMPLETED', finished_at = now(), summary = ?, "
                + "claim_token = NULL, lease_until = NULL WHERE id = ? AND claim_token = ? AND status = 'RUNNING'";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, summary);
            statement.setLong(2, runId);
            statement.setObject(3, token);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PersistenceException("could not complete a reconciliation run", e);
        }
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    @Transactional
    public Optional<Run> find(long runId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT " + RUN_COLUMNS
                        + " FROM reconciliation_run WHERE id = ?")) {
            statement.setLong(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(run(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not read a reconciliation run", e);
        }
    }

    /** The latest runs, newest first. */
    @Transactional
    public List<Run> latest(int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT " + RUN_COLUMNS
                        + " FROM reconciliation_run ORDER BY id DESC LIMIT ?")) {
            statement.setInt(1, limit);
            List<Run> runs = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    runs.add(run(rows));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new PersistenceException("could not list reconciliation runs", e);
        }
    }

    /** How many of the run's lines have each verdict (every verdict present, 0 included). */
    @Transactional
    public VerdictCounts verdictCounts(long runId) {
        long undecided = 0;
        Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
        for (Verdict verdict : Verdict.values()) {
            counts.put(verdict, 0L);
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT verdict, count(*) FROM "
                        + "reconciliation_line WHERE run_id = ? GROUP BY verdict")) {
            statement.setLong(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (rows.getString(1) == null) {
                        undecided = rows.getLong(2);
                    } else {
                        counts.put(Verdict.valueOf(rows.getString(1)), rows.getLong(2));
                    }
                }
            }
            return new VerdictCounts(counts, undecided);
        } catch (SQLException e) {
            throw new PersistenceException("could not count a reconciliation run's verdicts", e);
        }
    }

    /** Count and sum of the run's lines by our status and currency. */
    @Transactional
    public List<StatusTotal> totals(long runId) {
        String sql = "SELECT status_here, coalesce(currency_here, ''), count(*), sum(CASE WHEN amount_here ~ "
                + DECIMAL + " THEN amount_here::numeric END) FROM reconciliation_line WHERE run_id = ? "
                + "GROUP BY 1, 2 ORDER BY 1, 2";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, runId);
            List<StatusTotal> totals = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    totals.add(new StatusTotal(rows.getString(1), rows.getString(2), rows.getLong(3),
                            rows.getBigDecimal(4) == null ? BigDecimal.ZERO : rows.getBigDecimal(4)));
                }
            }
            return totals;
        } catch (SQLException e) {
            throw new PersistenceException("could not total a reconciliation run", e);
        }
    }

    /** The run's lines with a verdict among {@code verdicts}, at most {@code limit}, most serious first. */
    @Transactional
    public List<ReportLine> lines(long runId, List<Verdict> verdicts, int limit) {
        List<ReportLine> lines = new ArrayList<>();
        String sql = LINE_SELECT + " WHERE run_id = ? AND verdict = ANY(?) ORDER BY mismatch_kind, reference_id "
                + "LIMIT ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, runId);
            statement.setArray(2, Jdbc.textArray(connection, verdicts.stream().map(Enum::name).toList()));
            statement.setInt(3, limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    lines.add(reportLine(rows));
                }
            }
            return lines;
        } catch (SQLException e) {
            throw new PersistenceException("could not read a reconciliation run's lines", e);
        }
    }

    /** Every line of the run in reference order, read through a cursor (the caller's transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forEachLine(long runId, Consumer<ReportLine> consumer) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(LINE_SELECT
                        + " WHERE run_id = ? ORDER BY reference_id")) {
            statement.setFetchSize(1000);
            statement.setLong(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    consumer.accept(reportLine(rows));
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not read a reconciliation run's lines", e);
        }
    }

    /** Unacknowledged mismatches by kind, each payout counted once however many runs found it. */
    @Transactional
    public Map<MismatchKind, Long> openMismatches() {
        Map<MismatchKind, Long> counts = new EnumMap<>(MismatchKind.class);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT mismatch_kind, "
                        + "count(DISTINCT reference_id) FROM reconciliation_line WHERE verdict = 'MISMATCH' AND "
                        + "acknowledged_at IS NULL GROUP BY mismatch_kind")) {
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(MismatchKind.valueOf(rows.getString(1)), rows.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new PersistenceException("could not count open reconciliation mismatches", e);
        }
    }

    /** When the latest scheduled run completed. */
    @Transactional
    public Optional<Instant> lastScheduledCompletion() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT max(finished_at) FROM "
                        + "reconciliation_run WHERE scheduled AND status = 'COMPLETED'");
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.ofNullable(Jdbc.instant(rows.getTimestamp(1))) : Optional.empty();
        } catch (SQLException e) {
            throw new PersistenceException("could not read the last reconciliation", e);
        }
    }

    /** Acknowledges every open mismatch of a payout; returns how many lines (0: none was open). */
    @Transactional
    public int acknowledge(UUID referenceId, String actor, String note) {
        String sql = "UPDATE reconciliation_line SET acknowledged_by = ?, acknowledged_at = now(), "
                + "acknowledged_note = ? WHERE reference_id = ? AND verdict = 'MISMATCH' AND acknowledged_at IS NULL";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, actor);
            statement.setString(2, note);
            statement.setObject(3, referenceId);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not acknowledge a reconciliation mismatch", e);
        }
    }

    /** Payouts of the run's scope not finished yet and created before its end: the open items. */
    @Transactional
    public Map<String, Long> openItems(Run run) {
        String sql = "SELECT status, count(*) FROM payout WHERE status IN ('RECEIVED', 'SUBMITTING', 'SUBMITTED', "
                + "'UNRESOLVED') AND created_at < ? AND (?::text IS NULL OR account = ?) GROUP BY status ORDER BY 1";
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setTimestamp(1, Timestamp.from(run.period().end()));
            Jdbc.setNullableString(statement, 2, run.account());
            Jdbc.setNullableString(statement, 3, run.account());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new PersistenceException("could not count open payouts", e);
        }
    }

    private static final String LINE_SELECT = "SELECT reference_id, account, operation, external_id, concluded_at, "
            + "status_here, amount_here, currency_here, fin_id_here, momo_accepted, momo_status, momo_amount, "
            + "momo_currency, momo_fin_id, verdict, mismatch_kind, detail, acknowledged_by, acknowledged_at, "
            + "acknowledged_note FROM reconciliation_line";

    private static ReportLine reportLine(ResultSet rows) throws SQLException {
        String verdict = rows.getString(15);
        String kind = rows.getString(16);
        Acknowledgement acknowledgement = rows.getString(18) == null ? null
                : new Acknowledgement(rows.getString(18), Jdbc.instant(rows.getTimestamp(19)), rows.getString(20));
        MomoSide momo = rows.getString(11) == null ? null
                : new MomoSide(rows.getString(11), rows.getString(12), rows.getString(13), rows.getString(14));
        return new ReportLine(Jdbc.uuid(rows.getObject(1)), rows.getString(2), rows.getString(3),
                rows.getString(4), Jdbc.instant(rows.getTimestamp(5)),
                new HeldPayout(PayoutStatus.valueOf(rows.getString(6)), rows.getString(7), rows.getString(8),
                        rows.getString(9), rows.getBoolean(10)),
                momo, verdict == null ? null : Verdict.valueOf(verdict), kind == null ? null : MismatchKind.valueOf(kind),
                rows.getString(17), acknowledgement);
    }

    private static Run run(ResultSet rows) throws SQLException {
        return new Run(rows.getLong(1), new Period(rows.getTimestamp(2).toInstant(), rows.getTimestamp(3).toInstant()),
                rows.getString(4), rows.getBoolean(5), rows.getString(6), RunStatus.valueOf(rows.getString(7)),
                rows.getBoolean(8), Jdbc.instant(rows.getTimestamp(9)), Jdbc.instant(rows.getTimestamp(10)),
                rows.getString(11));
    }

    private long count(String sql, long runId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not count reconciliation lines", e);
        }
    }

    /** MoMo's texts are stored as received, cut to a sane size. */
    private static String clip(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }
}
