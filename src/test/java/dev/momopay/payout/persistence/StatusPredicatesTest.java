package dev.momopay.payout.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.domain.PayoutStateMachine;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.testsupport.PayoutTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The SQL that finds and moves payouts in bulk says what the state machine says: one row per (status, acknowledged,
 * attempts) combination, and each predicate selects exactly the rows the domain's rule names. The rows belong to an
 * account no loop serves and have no next action, so no worker touches them.
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class StatusPredicatesTest {

    @Inject
    AgroalDataSource dataSource;

    private record Row(PayoutStatus status, boolean accepted, int attempts, int notExecuted) {
    }

    @Test
    void theDuePredicatesMatchTheStateMachine() throws Exception {
        String account = "predicates-" + UUID.randomUUID();
        Map<UUID, Row> rows = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO payout (reference_id, operation, account, fingerprint, status, callback_token, "
                        + "momo_accepted, post_attempts, attempts_not_executed) VALUES (?, 'DEPOSIT', ?, ?, ?, 'x', ?, "
                        + "?, ?)")) {
            for (PayoutStatus status : PayoutStatus.values()) {
                for (boolean accepted : new boolean[] {false, true}) {
                    for (int[] attempts : new int[][] {{0, 0}, {1, 1}, {1, 0}, {2, 1}}) {
                        UUID ref = UUID.randomUUID();
                        rows.put(ref, new Row(status, accepted, attempts[0], attempts[1]));
                        insert.setObject(1, ref);
                        insert.setString(2, account);
                        insert.setString(3, "f".repeat(64));
                        insert.setString(4, status.name());
                        insert.setBoolean(5, accepted);
                        insert.setInt(6, attempts[0]);
                        insert.setInt(7, attempts[1]);
                        insert.addBatch();
                    }
                }
            }
            insert.executeBatch();

            assertEquals(expected(rows, r -> PayoutStateMachine.awaitsSubmission(r.status(), r.accepted())),
                    select(c, account, PayoutRepository.DUE_FOR_SUBMISSION));
            assertEquals(expected(rows, r -> PayoutStateMachine.awaitsStatusCheck(r.status(), r.accepted())),
                    select(c, account, PayoutRepository.DUE_FOR_STATUS_CHECK));
            assertEquals(expected(rows, r -> PayoutStateMachine.awaitsSubmission(r.status(), r.accepted())
                    && r.attempts() == r.notExecuted()), select(c, account, PayoutRepository.DUE_FOR_SUBMISSION
                    + " AND " + PayoutRepository.NO_ATTEMPT_MAY_HAVE_EXECUTED));
            // No row has a claim: no round holds any of them.
            assertEquals(expected(rows, r -> PayoutStateMachine.cancellable(r.status(), r.attempts(), r.notExecuted(),
                    false)), select(c, account, MoneyControlsRepository.CANCELLABLE));
            assertEquals(expected(rows, r -> PayoutStateMachine.GIVE_UP_FROM.contains(r.status())),
                    select(c, account, "status IN (" + PayoutStateMachine.sqlList(PayoutStateMachine.GIVE_UP_FROM)
                            + ")"));
        }
    }

    @Test
    void everyBulkMoveIsAllowedByTheTransitionTable() {
        PayoutStateMachine.GIVE_UP_FROM.forEach(s -> assertTrue(s.canMoveTo(PayoutStatus.UNRESOLVED), s.name()));
        PayoutStateMachine.LEASED_INTO_SUBMITTING.forEach(s -> assertTrue(s.canMoveTo(PayoutStatus.SUBMITTING)));
        PayoutStateMachine.CANCELLABLE.forEach(s -> assertTrue(s.canMoveTo(PayoutStatus.CANCELLED), s.name()));
        for (PayoutStatus status : PayoutStatus.values()) {
            // Unfinished: work left with MoMo. A payout awaiting approval waits for people instead.
            assertEquals(!status.isTerminal() && status != PayoutStatus.AWAITING_APPROVAL,
                    PayoutStateMachine.UNFINISHED.contains(status), status.name());
            if (PayoutStateMachine.CALLBACK_EXPEDITES.contains(status)) {
                assertTrue(!status.isTerminal() && status != PayoutStatus.RECEIVED, status.name());
            }
        }
    }

    private static Set<UUID> expected(Map<UUID, Row> rows, java.util.function.Predicate<Row> rule) {
        Set<UUID> refs = new HashSet<>();
        rows.forEach((ref, row) -> {
            if (rule.test(row)) {
                refs.add(ref);
            }
        });
        return refs;
    }

    private static Set<UUID> select(Connection c, String account, String predicate) throws Exception {
        try (PreparedStatement s = c.prepareStatement("SELECT reference_id FROM payout WHERE account = ? AND ("
                + predicate + ")")) {
            s.setString(1, account);
            Set<UUID> refs = new HashSet<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    refs.add((UUID) r.getObject(1));
                }
            }
            return refs;
        }
    }
}
