package dev.momopay.payout.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.testsupport.PayoutTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Finding due work must not grow with the number of finished payouts: the queries that look for it are answered
 * from partial indexes that hold unfinished payouts only. This test proves the leases' predicates can use those
 * indexes; that lookups stay flat as finished payouts pile up is a figure, shown by the benchmark's due-work scaling
 * run, not a timed assertion here.
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class DueWorkIndexTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void dueSubmissionsAndStatusChecksAreFoundThroughThePartialIndexes() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET enable_seqscan = off");
            String submissions;
            String checks;
            try {
                // The leases' own predicates: a predicate that drifts from its partial index fails here.
                submissions = plan(statement, "EXPLAIN SELECT reference_id FROM payout WHERE "
                        + PayoutRepository.DUE_FOR_SUBMISSION + " AND account = 'default' AND next_action_at <= now() "
                        + "ORDER BY next_action_at LIMIT 200 FOR UPDATE SKIP LOCKED");
                checks = plan(statement, "EXPLAIN SELECT reference_id FROM payout WHERE "
                        + PayoutRepository.DUE_FOR_STATUS_CHECK + " AND account = 'default' "
                        + "AND next_action_at <= now() ORDER BY next_action_at LIMIT 200 FOR UPDATE SKIP LOCKED");
            } finally {
                statement.execute("RESET enable_seqscan"); // the pooled connection goes back as it came
            }
            assertTrue(submissions.contains("payout_due_submission"), submissions);
            assertTrue(checks.contains("payout_due_status_check"), checks);
        }
    }

    private static String plan(Statement statement, String sql) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
