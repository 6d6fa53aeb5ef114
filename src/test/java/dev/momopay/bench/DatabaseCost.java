package dev.momopay.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the worker asks of PostgreSQL over a span of the run, per payout: statements (from {@code pg_stat_statements},
 * preloaded by {@link BenchStack}), commits and rollbacks ({@code pg_stat_database}), WAL ({@code pg_stat_wal}) and
 * row changes per table with the share of HOT updates ({@code pg_stat_user_tables}). Counters are read before and
 * after; the statement counters are reset at the start instead, since they are keyed by query text.
 */
final class DatabaseCost {

    /** One statement shape: how often it ran per payout, and its rows and execution time per call. */
    record StatementCost(String query, double callsPerPayout, double rowsPerCall, double microsPerCall) {
    }

    /** One table's row changes per payout. */
    record TableCost(String table, double inserted, double updated, double hotShare, double deleted) {
    }

    /** What the span cost, per payout. */
    record Result(String phase, long payouts, double statementsPerPayout, double commitsPerPayout,
            double rollbacksPerPayout, double walBytesPerPayout, double walRecordsPerPayout, double fullPagesPerPayout,
            List<StatementCost> statements, List<TableCost> tables) {
    }

    private final String url;
    private final String user;
    private final String password;

    DatabaseCost(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Installs the extension in the worker's database; false (and nothing measured) when it is not preloaded. */
    boolean install() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            statement.executeQuery("SELECT count(*) FROM pg_stat_statements").close();
            return true;
        } catch (SQLException e) {
            PayoutBenchmark.say("pg_stat_statements is not available (%s): statements per payout are not measured",
                    e.getMessage());
            return false;
        }
    }

    /** The counters now; statement counters start again from zero. */
    Snapshot start() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_statements_reset()");
            return snapshot(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read PostgreSQL's statistics", e);
        }
    }

    /**
     * The cost since {@code before}, divided by {@code payouts}. Statements are read at once; backends report their
     * table and WAL counters when they go idle, within 10 s, so those are read 11 s later (what an idle worker does
     * meanwhile is a few hundred statements, against the run's tens of thousands).
     */
    Result since(Snapshot before, String phase, long payouts) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            List<StatementCost> statements = new ArrayList<>();
            long calls = statements(statement, Math.max(1, payouts), statements);
            Thread.sleep(11_000);
            return result(phase, payouts, Math.max(1, payouts), calls, statements, before, snapshot(statement));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read PostgreSQL's statistics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading PostgreSQL's statistics", e);
        }
    }

    /**
     * The cost since {@code before} per second (its "payouts" are the seconds). Both ends are read at once: the
     * counters' reporting lag is the same at both ends of a steady span.
     */
    Result perSecond(Snapshot before, String phase) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            Snapshot after = snapshot(statement);
            double seconds = (after.nanos - before.nanos) / 1e9;
            List<StatementCost> statements = new ArrayList<>();
            long calls = statements(statement, seconds, statements);
            return result(phase, Math.round(seconds), seconds, calls, statements, before, after);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read PostgreSQL's statistics", e);
        }
    }

    private static long statements(Statement statement, double divisor, List<StatementCost> into)
            throws SQLException {
        long calls = 0;
        try (ResultSet rows = statement.executeQuery("SELECT query, sum(calls), sum(rows), sum(total_exec_time) "
                + "FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = "
                + "current_database()) AND query NOT LIKE '%pg_stat%' GROUP BY query ORDER BY 2 DESC")) {
            while (rows.next()) {
                long c = rows.getLong(2);
                calls += c;
                into.add(new StatementCost(oneLine(rows.getString(1)), c / divisor,
                        c == 0 ? 0 : rows.getLong(3) / (double) c, c == 0 ? 0 : rows.getDouble(4) * 1000 / c));
            }
        }
        return calls;
    }

    private static Result result(String phase, long payouts, double n, long calls, List<StatementCost> statements,
            Snapshot before, Snapshot after) {
        List<TableCost> tables = new ArrayList<>();
        for (Map.Entry<String, long[]> table : after.tables.entrySet()) {
            long[] was = before.tables.getOrDefault(table.getKey(), new long[4]);
            long[] now = table.getValue();
            long updated = now[1] - was[1];
            if (now[0] - was[0] + updated + now[3] - was[3] == 0) {
                continue;
            }
            tables.add(new TableCost(table.getKey(), (now[0] - was[0]) / n, updated / n,
                    updated == 0 ? 0 : (now[2] - was[2]) / (double) updated, (now[3] - was[3]) / n));
        }
        return new Result(phase, payouts, calls / n, (after.commits - before.commits) / n,
                (after.rollbacks - before.rollbacks) / n, (after.walBytes - before.walBytes) / n,
                (after.walRecords - before.walRecords) / n, (after.fullPages - before.fullPages) / n,
                statements, tables);
    }

    /** Cumulative counters of the worker's database and the cluster's WAL. */
    static final class Snapshot {
        final long nanos = System.nanoTime();
        long commits;
        long rollbacks;
        long walBytes;
        long walRecords;
        long fullPages;
        final Map<String, long[]> tables = new LinkedHashMap<>();
    }

    private static Snapshot snapshot(Statement statement) throws SQLException {
        Snapshot snapshot = new Snapshot();
        try (ResultSet rows = statement.executeQuery("SELECT xact_commit, xact_rollback FROM pg_stat_database "
                + "WHERE datname = current_database()")) {
            rows.next();
            snapshot.commits = rows.getLong(1);
            snapshot.rollbacks = rows.getLong(2);
        }
        try (ResultSet rows = statement.executeQuery("SELECT wal_bytes, wal_records, wal_fpi FROM pg_stat_wal")) {
            rows.next();
            snapshot.walBytes = rows.getLong(1);
            snapshot.walRecords = rows.getLong(2);
            snapshot.fullPages = rows.getLong(3);
        }
        try (ResultSet rows = statement.executeQuery("SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del "
                + "FROM pg_stat_user_tables WHERE schemaname = 'public' ORDER BY relname")) {
            while (rows.next()) {
                snapshot.tables.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3), rows.getLong(4),
                        rows.getLong(5)});
            }
        }
        return snapshot;
    }

    private static String oneLine(String query) {
        String flat = query.replaceAll("\\s+", " ").trim();
        return flat.length() > 160 ? flat.substring(0, 157) + "..." : flat;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
