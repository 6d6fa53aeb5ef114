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
 * from partial indexes that hold unfinished payouts only.
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
            String submissions = plan(statement, "EXPLAIN SELECT reference_id FROM payout WHERE (status IN "
                    + "('RECEIVED', 'SUBMITTING') OR (status = 'UNRESOLVED' AND NOT momo_accepted)) "
                    + "AND account = 'default' AND next_action_at <= now() ORDER BY next_action_at LIMIT 200 "
                    + "FOR UPDATE SKIP LOCKED");
            String checks = plan(statement, "EXPLAIN SELECT reference_id FROM payout WHERE (status = 'SUBMITTED' OR "
                    + "(status = 'UNRESOLVED' AND momo_accepted)) AND account = 'default' "
                    + "AND next_action_at <= now() ORDER BY next_action_at LIMIT 200 FOR UPDATE SKIP LOCKED");
            statement.execute("RESET enable_seqscan");
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
