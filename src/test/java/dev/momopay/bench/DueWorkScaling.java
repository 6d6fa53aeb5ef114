package dev.momopay.bench;

import dev.momopay.payout.persistence.PayoutRepository;
import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.ledger.Operation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The database side of scale: how long finding due work takes (the exact predicates of
 * {@link PayoutRepository}'s leasing queries, through the partial indexes), how the table is filled with finished
 * payouts, and how a backlog of submitted payouts is seeded (in PostgreSQL and in the simulator's ledger) so a
 * worker started afterwards has to drain it through status checks.
 */
final class DueWorkScaling {

    /** Timings of one due-work query, in microseconds. */
    record QueryCost(String query, int samples, double medianMicros, double p95Micros) {
    }

    /** Account of the probe rows: no worker serves it, so they stay due while they are measured. */
    private static final String PROBE_ACCOUNT = "bench-probe";
    private static final int PROBE_ROWS = 2_000;
    private static final int LEASE_LIMIT = 200;

    private final String jdbcUrl;
    private final String user;
    private final String password;

    DueWorkScaling(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** Due rows of an account no worker serves: a RECEIVED half and a SUBMITTED half, due a minute ago. */
    void insertProbeRows() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(insertSelect(PROBE_ROWS, "CASE WHEN g % 2 = 0 THEN 'RECEIVED' ELSE 'SUBMITTED' END",
                    "g % 2 = 1", "now() - interval '1 minute'", "NULL", "'" + PROBE_ACCOUNT + "'", "now()"));
            s.execute("ANALYZE payout");
        }
    }

    /** Times the leasing queries' "find due work" part (rolled back, so the rows stay due). */
    List<QueryCost> measure(int samples) throws SQLException {
        List<QueryCost> costs = new ArrayList<>();
        costs.add(time("due for submission", PayoutRepository.DUE_FOR_SUBMISSION, samples));
        costs.add(time("due for a status check", PayoutRepository.DUE_FOR_STATUS_CHECK, samples));
        return costs;
    }

    private QueryCost time(String name, String predicate, int samples) throws SQLException {
        String sql = "SELECT reference_id FROM payout WHERE " + predicate + " AND account = ? "
                + "AND next_action_at <= now() ORDER BY next_action_at LIMIT ? FOR UPDATE SKIP LOCKED";
        long[] micros = new long[samples];
        try (Connection c = connect(); PreparedStatement q = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            for (int i = -samples / 5; i < samples; i++) { // the first fifth warms caches and plans, unrecorded
                long start = System.nanoTime();
                q.setString(1, PROBE_ACCOUNT);
                q.setInt(2, LEASE_LIMIT);
                int found = 0;
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        found++;
                    }
                }
                c.rollback();
                if (found != LEASE_LIMIT) {
                    throw new IllegalStateException(name + " found " + found + " due rows, expected " + LEASE_LIMIT);
                }
                if (i >= 0) {
                    micros[i] = (System.nanoTime() - start) / 1000;
                }
            }
        }
        Arrays.sort(micros);
        return new QueryCost(name, samples, micros[samples / 2], micros[(int) (samples * 0.95)]);
    }

    /** Adds {@code count} finished payouts (SUCCESSFUL and FAILED; rows only, no history) in chunks. */
    void insertFinished(long count, String account) throws SQLException {
        int chunk = 100_000;
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (long done = 0; done < count; done += chunk) {
                int n = (int) Math.min(chunk, count - done);
                s.execute(insertSelect(n, "CASE WHEN g % 4 = 0 THEN 'FAILED' ELSE 'SUCCESSFUL' END", "true",
                        "NULL", "now() - interval '1 day'", "'" + account + "'", "now() - interval '2 days'"));
            }
            s.execute("VACUUM ANALYZE payout");
        }
    }

    /**
     * Seeds {@code count} payouts as SUBMITTED (MoMo accepted them, a status check is due now) and the matching
     * concluded transactions in the simulator, as after a long outage of the worker. Returns their references.
     */
    List<UUID> seedSubmittedBacklog(int count, String account, MomoSimulator momo) throws SQLException {
        List<UUID> references = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            references.add(UUID.randomUUID());
        }
        String sql = "INSERT INTO payout (reference_id, operation, account, amount, currency, external_id, payee_type, "
                + "payee_id, payer_message, payee_note, fingerprint, status, momo_accepted, momo_status, callback_token, "
                + "post_attempts, last_post_at, next_action_at, created_at) "
                + "SELECT r, 'TRANSFER', ?, '10', 'EUR', 'backlog-' || left(r::text, 8), 'MSISDN', '56733123453', "
                + "'Payout', 'Thanks', md5(r::text) || md5('f' || r::text), 'SUBMITTED', true, 'PENDING', "
                + "md5('cb' || r::text), 1, now(), now(), now() - interval '1 hour' FROM unnest(?::uuid[]) AS r";
        int chunk = 10_000;
        try (Connection c = connect(); PreparedStatement q = c.prepareStatement(sql)) {
            for (int from = 0; from < count; from += chunk) {
                List<UUID> part = references.subList(from, Math.min(count, from + chunk));
                q.setString(1, account);
                q.setArray(2, c.createArrayOf("uuid", part.toArray()));
                q.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE payout");
            }
        }
        for (UUID reference : references) {
            momo.seedConcluded(reference, Operation.TRANSFER, "10", "EUR", "56733123453",
                    "backlog-" + reference.toString().substring(0, 8));
        }
        return references;
    }

    /** Payouts of the account still waiting for MoMo's answer (SUBMITTED or UNRESOLVED). */
    long unfinished(String account) throws SQLException {
        try (Connection c = connect(); PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FROM payout WHERE " + PayoutRepository.DUE_FOR_STATUS_CHECK + " AND account = ?")) {
            q.setString(1, account);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    long rows() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM payout")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String insertSelect(int n, String status, String accepted, String nextActionAt, String terminalAt,
            String account, String createdAt) {
        return "INSERT INTO payout (reference_id, operation, account, amount, currency, external_id, payee_type, "
                + "payee_id, payer_message, payee_note, fingerprint, status, momo_accepted, callback_token, "
                + "next_action_at, terminal_at, created_at) "
                + "SELECT gen_random_uuid(), 'DEPOSIT', " + account + ", '10', 'EUR', 'filler-' || g, 'MSISDN', "
                + "'56733123453', 'Payout', 'Thanks', md5(g::text) || md5('f' || g::text), " + status + ", "
                + accepted + ", md5('cb' || g::text), " + nextActionAt + ", " + terminalAt + ", " + createdAt + " "
                + "FROM generate_series(1, " + n + ") AS g";
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }
}
