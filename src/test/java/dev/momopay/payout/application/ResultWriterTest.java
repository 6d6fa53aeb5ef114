package dev.momopay.payout.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.domain.Decision;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.observability.PayoutLogContext;
import dev.momopay.payout.persistence.PayoutUpdate;
import dev.momopay.payout.testsupport.PayoutTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A batch the database refuses for one row's data is split: the other rows are stored, the bad one is parked (its
 * lease released for later, with a history line), and nothing jams. The rows belong to an account no loop serves.
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class ResultWriterTest {

    @Inject
    ResultWriter writer;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void oneRowTheDatabaseRefusesNeitherHoldsTheOthersNorIsLost() throws Exception {
        UUID claim = UUID.randomUUID();
        UUID bad = leasedPayout(claim);
        UUID good = leasedPayout(claim);
        UUID alsoGood = leasedPayout(claim);
        Decision check = new Decision.CheckStatus(Duration.ofSeconds(30), null, false, false);
        List<PayoutUpdate> batch = List.of(
                new PayoutUpdate(good, claim, PayoutStatus.SUBMITTED, PayoutStatus.SUBMITTED, check, true,
                        "checked", null),
                // PostgreSQL text cannot hold NUL (SQLSTATE 22021): this row's history line is refused.
                new PayoutUpdate(bad, claim, PayoutStatus.SUBMITTED, PayoutStatus.SUBMITTED, check, true,
                        "bad\u0000detail", null),
                new PayoutUpdate(alsoGood, claim, PayoutStatus.SUBMITTED, PayoutStatus.SUBMITTED, check, true,
                        "checked", null));

        // Every log line about a payout names it in the logging context (the JSON format's mdc fields).
        List<String> parkedLines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(ResultWriter.class.getName());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record instanceof org.jboss.logmanager.ExtLogRecord ext
                        && ext.getFormattedMessage().contains("could not be stored")) {
                    parkedLines.add(String.valueOf(ext.getMdc(PayoutLogContext.REFERENCE_ID)));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        List<PayoutUpdate> applied;
        try {
            applied = writer.writeNow(batch);
        } finally {
            log.removeHandler(capture);
        }
        assertEquals(List.of(bad.toString()), parkedLines, "the parked payout's log line carries its referenceId");
        assertEquals(null, org.jboss.logging.MDC.get(PayoutLogContext.REFERENCE_ID), "the context is restored");

        assertEquals(List.of(good, alsoGood), applied.stream().map(PayoutUpdate::referenceId).toList());
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT claim_token IS NULL, next_action_at > now() + interval '4 minutes', status_checks, "
                        + "(SELECT string_agg(detail, '|') FROM payout_history h WHERE h.reference_id = p.reference_id)"
                        + " FROM payout p WHERE reference_id = ?")) {
            s.setObject(1, bad);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertTrue(r.getBoolean(1), "the lease is released");
                assertTrue(r.getBoolean(2), "parked for later");
                assertEquals(0, r.getInt(3), "its update was not applied");
                assertTrue(r.getString(4).contains("could not be stored") && r.getString(4).contains("22021"),
                        r.getString(4));
            }
            s.setObject(1, good);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertEquals(1, r.getInt(3), "the good row's update is stored");
            }
        }
    }

    private UUID leasedPayout(UUID claim) throws Exception {
        UUID ref = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO payout (reference_id, operation, account, fingerprint, status, callback_token, "
                        + "claim_token, momo_accepted, post_attempts, next_action_at) "
                        + "VALUES (?, 'DEPOSIT', 'writer-test', ?, 'SUBMITTED', 'x', ?, true, 1, now())")) {
            s.setObject(1, ref);
            s.setString(2, "f".repeat(64));
            s.setObject(3, claim);
            s.executeUpdate();
        }
        return ref;
    }
}
