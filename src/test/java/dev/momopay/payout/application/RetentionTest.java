package dev.momopay.payout.application;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.persistence.PayoutRepository.CallbackMatch;
import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.PayoutTestResource;
import dev.momopay.payout.testsupport.TopicRecorder;
import dev.momopay.simulator.MomoSimulator;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Retention compacts a finished payout past its age: the bulky parts go (history, superseded events, the payee's number,
 * free texts, the callback secret), a compact row and the terminal event stay, so the identical command re-sent later is
 * still a duplicate: no MoMo call, the same outcome event again. Payouts something may still need stay whole.
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class RetentionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PENDING = "46733123453"; // the sandbox number whose payouts stay PENDING

    private final MomoSimulator momo = PayoutTestResource.simulator();
    private final TopicRecorder outcomes = TopicRecorder.of("payouts.outcomes");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RetentionService retention;

    @Inject
    CallbackService callbacks;

    @Test
    void anOldFinishedPayoutKeepsACompactRowAndIsStillADuplicateForever() throws Exception {
        String ref = Commands.newReference();
        String command = Commands.payout(ref, "17.50", Commands.SUCCESS_MSISDN);
        CommandProducer.send(CommandProducer.DEPOSITS, ref, command);
        await().atMost(TIMEOUT).until(() -> outcomes.forKey(ref).size() == 1);
        String fingerprint = text("SELECT fingerprint FROM payout WHERE reference_id = '" + ref + "'");
        String secret = text("SELECT callback_token FROM payout WHERE reference_id = '" + ref + "'");
        assertEquals(CallbackMatch.FINISHED, callbacks.hint(UUID.fromString(ref), secret));
        // What a payout parked UNRESOLVED and concluded later also holds: its superseded UNRESOLVED event.
        execute("INSERT INTO payout_event (event_id, reference_id, status, payload, occurred_at) VALUES ('"
                + UUID.randomUUID() + "', '" + ref + "', 'UNRESOLVED', '\\x7b7d', now() - interval '401 days')");
        age(ref, "400 days");

        assertTrue(retention.compactOlderThan(Duration.ofDays(365)) >= 1);

        assertEquals(0, count("SELECT count(*) FROM payout_history WHERE reference_id = '" + ref + "'"));
        assertEquals(1, count("SELECT count(*) FROM payout_event e JOIN payout p ON p.reference_id = e.reference_id "
                + "WHERE e.reference_id = '" + ref + "' AND e.event_id = p.outcome_event_id"));
        assertEquals(1, count("SELECT count(*) FROM payout_event WHERE reference_id = '" + ref + "'"),
                "only the terminal event is kept");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT payee_id, payer_message, "
                        + "payee_note, callback_token, trace_parent, compacted_at, fingerprint, status, amount, "
                        + "currency, external_id, financial_transaction_id FROM payout WHERE reference_id = ?")) {
            statement.setObject(1, UUID.fromString(ref));
            try (ResultSet row = statement.executeQuery()) {
                assertTrue(row.next());
                assertNull(row.getString(1), "the payee's number is gone");
                assertNull(row.getString(2));
                assertNull(row.getString(3));
                assertEquals("", row.getString(4), "the callback secret is gone");
                assertNull(row.getString(5));
                assertNotNull(row.getTimestamp(6));
                assertEquals(fingerprint, row.getString(7));
                assertEquals("SUCCESSFUL", row.getString(8));
                assertEquals("17.50", row.getString(9));
                assertEquals("EUR", row.getString(10));
                assertNotNull(row.getString(12));
            }
        }
        given().get("/payouts/" + ref).then().statusCode(200).body("status", equalTo("SUCCESSFUL"))
                .body("compactedAt", notNullValue()).body("history", empty()).body("amount", equalTo("17.50"));

        // Years later the same command again: a duplicate, never a second payment; the same event once more.
        CommandProducer.send(CommandProducer.DEPOSITS, ref, command);
        await().atMost(TIMEOUT).until(() -> outcomes.forKey(ref).size() == 2);
        assertEquals(outcomes.forKey(ref).get(0).headers().get("ce_id"), outcomes.forKey(ref).get(1).headers()
                .get("ce_id"));
        assertArrayEquals(outcomes.forKey(ref).get(0).value(), outcomes.forKey(ref).get(1).value());
        assertEquals(1, momo.ledger().postAttempts(UUID.fromString(ref)));
        // The callback secret no longer matches anything: a callback with it is an unknown one.
        assertEquals(CallbackMatch.NONE, callbacks.hint(UUID.fromString(ref), secret));
    }

    @Test
    void recentUnfinishedAndUnderInvestigationPayoutsStayWhole() throws Exception {
        String recent = Commands.newReference();
        String pending = Commands.newReference();
        String disputed = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, recent, Commands.payout(recent, "5", Commands.SUCCESS_MSISDN));
        CommandProducer.send(CommandProducer.DEPOSITS, pending, Commands.payout(pending, "6", PENDING));
        CommandProducer.send(CommandProducer.DEPOSITS, disputed,
                Commands.payout(disputed, "7", Commands.SUCCESS_MSISDN));
        await().atMost(TIMEOUT).until(() -> outcomes.forKey(recent).size() == 1
                && outcomes.forKey(disputed).size() == 1);
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/payouts/" + pending).then()
                .body("status", equalTo("SUBMITTED")));
        execute("UPDATE payout SET created_at = now() - interval '400 days' WHERE reference_id = '" + pending + "'");
        age(disputed, "400 days");
        long run = count("INSERT INTO reconciliation_run (period_start, period_end, scheduled, requested_by, status) "
                + "VALUES (now() - interval '402 days', now() - interval '399 days', false, 'test', 'COMPLETED') "
                + "RETURNING id");
        execute("INSERT INTO reconciliation_line (run_id, reference_id, account, operation, status_here, "
                + "momo_accepted, concluded_at, verdict, mismatch_kind) VALUES (" + run + ", '" + disputed
                + "', 'default', 'DEPOSIT', 'SUCCESSFUL', true, now() - interval '400 days', 'MISMATCH', "
                + "'AMOUNT_DIFFERS')");

        retention.compactOlderThan(Duration.ofDays(365));

        for (String ref : new String[] {recent, pending, disputed}) {
            given().get("/payouts/" + ref).then().statusCode(200).body("compactedAt", nullValue());
            assertTrue(count("SELECT count(*) FROM payout_history WHERE reference_id = '" + ref + "'") > 0, ref);
        }

        execute("UPDATE reconciliation_line SET acknowledged_at = now(), acknowledged_by = 'test' WHERE run_id = "
                + run);
        retention.compactOlderThan(Duration.ofDays(365));
        given().get("/payouts/" + disputed).then().body("compactedAt", notNullValue());
    }

    /** Moves a finished payout's life back in time, as if it had finished {@code interval} ago. */
    private void age(String ref, String interval) throws SQLException {
        execute("UPDATE payout SET created_at = created_at - interval '" + interval + "', terminal_at = terminal_at - "
                + "interval '" + interval + "' WHERE reference_id = '" + ref + "' AND terminal_at IS NOT NULL");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            assertEquals(1, statement.executeUpdate());
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }
}
