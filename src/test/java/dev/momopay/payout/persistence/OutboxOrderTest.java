package dev.momopay.payout.persistence;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.momopay.payout.domain.Operation;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.testsupport.PayoutTestResource;
import dev.momopay.payout.testsupport.TopicRecorder;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * #6: a payout's events reach the outcome topic in the order they were decided. An UNRESOLVED event that a relay
 * is still sending (or will send again after a failed send) keeps the terminal event waiting behind it, so a
 * consumer applying events in order never overwrites SUCCESSFUL with UNRESOLVED. The worker's own relay runs.
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class OutboxOrderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    OutboxRepository outbox;

    @Inject
    AgroalDataSource dataSource;

    private final TopicRecorder outcomes = TopicRecorder.of("payouts.outcomes");

    @Test
    void aTerminalEventWaitsWhileAnOlderEventOfItsPayoutIsBeingSent() throws Exception {
        UUID ref = payoutRow();
        OutcomeEventRecord unresolved = event(ref, "UNRESOLVED");
        QuarkusTransaction.requiringNew().run(() -> {
            outbox.storeAndQueue(List.of(unresolved));
            holdAsIfARelaySendsIt(ref); // another replica's relay leased it and is sending it
        });
        OutcomeEventRecord successful = event(ref, "SUCCESSFUL");
        QuarkusTransaction.requiringNew().run(() -> outbox.storeAndQueue(List.of(successful)));

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> outcomes.forKey(ref.toString()).isEmpty());

        releaseAsIfTheSendFailed(ref); // the older row becomes due again: it goes first, then the terminal one
        await().atMost(TIMEOUT).until(() -> outcomes.forKey(ref.toString()).size() >= 2);
        List<TopicRecorder.RecordedRecord> published = outcomes.forKey(ref.toString());
        assertEquals(List.of("UNRESOLVED", "SUCCESSFUL"), published.stream()
                .map(r -> r.valueText().contains("UNRESOLVED") ? "UNRESOLVED" : "SUCCESSFUL").toList());
    }

    @Test
    void aTerminalEventDropsAnUnresolvedEventNobodyIsSending() throws Exception {
        UUID ref = payoutRow();
        QuarkusTransaction.requiringNew().run(() -> {
            outbox.storeAndQueue(List.of(event(ref, "UNRESOLVED")));
            outbox.storeAndQueue(List.of(event(ref, "SUCCESSFUL")));
        });
        await().atMost(TIMEOUT).until(() -> !outcomes.forKey(ref.toString()).isEmpty());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> outcomes.forKey(ref.toString()).size() == 1);
        assertEquals(true, outcomes.forKey(ref.toString()).get(0).valueText().contains("SUCCESSFUL"));
    }

    private UUID payoutRow() throws Exception {
        UUID ref = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO payout (reference_id, operation, account, fingerprint, status, callback_token) "
                        + "VALUES (?, 'DEPOSIT', 'outbox-order', ?, 'UNRESOLVED', 'x')")) {
            s.setObject(1, ref);
            s.setString(2, "f".repeat(64));
            s.executeUpdate();
        }
        return ref;
    }

    private static OutcomeEventRecord event(UUID ref, String status) {
        String body = "{\"referenceId\":\"" + ref + "\",\"status\":\"" + status + "\"}";
        EventSubject subject = new EventSubject(ref, Operation.DEPOSIT, "outbox-order", null, null, null,
                Instant.now());
        return new OutcomeEventRecord(UUID.randomUUID(), subject, PayoutStatus.valueOf(status), null,
                body.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    private void holdAsIfARelaySendsIt(UUID ref) {
        update("UPDATE outbox_event SET available_at = now() + interval '10 minutes' WHERE event_id IN "
                + "(SELECT event_id FROM payout_event WHERE reference_id = ?)", ref);
    }

    private void releaseAsIfTheSendFailed(UUID ref) {
        update("UPDATE outbox_event SET available_at = now() WHERE event_id IN "
                + "(SELECT event_id FROM payout_event WHERE reference_id = ? AND status = 'UNRESOLVED')", ref);
    }

    private void update(String sql, UUID ref) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, ref);
            s.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
