package dev.momopay.payout;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.EmbeddedInfrastructure;
import dev.momopay.payout.testsupport.PayoutTestResource;
import dev.momopay.payout.testsupport.TopicRecorder;
import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.faults.EndpointClass;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "The payout row, and the intent to POST, are committed before any MoMo call": the simulator looks, from a
 * connection of its own, at what the worker has committed at the moment each POST arrives. The k-th POST of a
 * reference must find the row with at least k POST attempts committed: a worker that POSTs first and writes after
 * (or writes in a transaction still open during the call) fails here, on a first POST as on a re-POST.
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class IntentBeforeMoneyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    private final MomoSimulator momo = PayoutTestResource.simulator();
    private final TopicRecorder outcomes = TopicRecorder.of("payouts.outcomes");
    private final Set<UUID> watched = ConcurrentHashMap.newKeySet();
    private final List<String> observations = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopWatching() {
        momo.observePosts(null);
        momo.faults().reset();
    }

    @Test
    void everyPostFindsItsIntentCommittedFirstAndReposts() {
        Map<String, String> infrastructure = EmbeddedInfrastructure.start();
        UUID ambiguousReference = UUID.randomUUID();
        momo.observePosts(reference -> {
            if (watched.contains(reference)) {
                int arriving = momo.ledger().postAttempts(reference); // this POST included
                int committed;
                try {
                    committed = committedAttempts(infrastructure, reference);
                } catch (RuntimeException e) {
                    violations.add(reference + ": POST " + arriving + " could not be checked: " + e);
                    return;
                }
                observations.add(reference + " POST " + arriving + " found " + committed + " committed");
                if (committed < arriving) {
                    violations.add(reference + ": POST " + arriving + " arrived with " + committed
                            + " attempts committed");
                }
                if (reference.equals(ambiguousReference) && arriving >= 3) {
                    // healed as the third POST arrives, before its faults are looked at: the first two got 500
                    momo.faults().reset();
                }
            }
        });

        String plain = watch(Commands.newReference());
        CommandProducer.send(CommandProducer.TRANSFERS, plain, Commands.payout(plain, "11", Commands.SUCCESS_MSISDN));
        awaitOutcome(plain);

        String refused = watch(Commands.newReference()); // refused before executing: POSTed again at once
        momo.faults().target(refused).unavailableBurst(EndpointClass.POST, 2);
        CommandProducer.send(CommandProducer.TRANSFERS, refused, Commands.payout(refused, "12",
                Commands.SUCCESS_MSISDN));
        awaitOutcome(refused);

        String ambiguous = watch(ambiguousReference.toString()); // a 500 may have executed: checked, POSTed again
        momo.faults().reset();
        momo.faults().target(ambiguous).errorRate(EndpointClass.POST, 1.0, 500);
        CommandProducer.send(CommandProducer.DEPOSITS, ambiguous, Commands.payout(ambiguous, "13",
                Commands.SUCCESS_MSISDN));
        awaitOutcome(ambiguous);

        assertEquals(List.of(), violations, String.join("\n", observations));
        assertEquals(1, momo.ledger().postAttempts(UUID.fromString(plain)));
        assertEquals(3, momo.ledger().postAttempts(UUID.fromString(refused)));
        assertEquals(3, momo.ledger().postAttempts(UUID.fromString(ambiguous)), String.join("\n", observations));
        assertTrue(observations.size() >= 7, "the simulator looked at every POST: " + observations);
    }

    private String watch(String reference) {
        watched.add(UUID.fromString(reference));
        return reference;
    }

    private void awaitOutcome(String reference) {
        await().atMost(TIMEOUT).until(() -> !outcomes.forKey(reference).isEmpty());
        assertTrue(outcomes.forKey(reference).get(0).valueText().contains("\"SUCCESSFUL\""),
                outcomes.forKey(reference).get(0).valueText());
    }

    /** POST attempts committed for the payout, read outside the worker (0 when there is no row). */
    private static int committedAttempts(Map<String, String> infrastructure, UUID reference) {
        try (Connection connection = DriverManager.getConnection(infrastructure.get("quarkus.datasource.jdbc.url"),
                infrastructure.get("quarkus.datasource.username"), infrastructure.get("quarkus.datasource.password"));
                PreparedStatement query = connection.prepareStatement(
                        "SELECT post_attempts FROM payout WHERE reference_id = ?")) {
            query.setObject(1, reference);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the payout row", e);
        }
    }
}
