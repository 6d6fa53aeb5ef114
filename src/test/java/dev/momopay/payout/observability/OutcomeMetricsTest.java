package dev.momopay.payout.observability;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.application.GiveUpService;
import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.PayoutTestResource;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The outcome metrics of every path that stores an event (a MoMo conclusion, a rejection at intake, an approver's
 * rejection, a give-up) carry the payout's account, operation and reason, and time it from when the command was taken
 * in, as the row records it. The events carry these facts from their callers; nothing looks at the row again.
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class OutcomeMetricsTest {

    private static final String OPERATOR = "ops-test-key-7f3a9c21d54b";
    private static final String PENDING = "46733123453"; // the sandbox number whose payouts stay PENDING
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    MeterRegistry registry;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    GiveUpService giveUp;

    @Test
    void aConcludedPayoutIsCountedForItsAccountOperationAndStatus() {
        double before = outcomes("default", "DEPOSIT", "none", "SUCCESSFUL");
        long timedBefore = timed("DEPOSIT", "SUCCESSFUL");
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, ref, Commands.payout(ref, "12", Commands.SUCCESS_MSISDN));
        awaitStatus(ref, "SUCCESSFUL");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertTrue(outcomes("default", "DEPOSIT", "none", "SUCCESSFUL") >= before + 1);
            assertTrue(timed("DEPOSIT", "SUCCESSFUL") >= timedBefore + 1);
        });
    }

    @Test
    void aCommandRejectedAtIntakeIsCountedWithItsReason() {
        double before = outcomes("default", "TRANSFER", "INVALID_AMOUNT", "REJECTED");
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.TRANSFERS, ref, Commands.payout(ref, "-5", Commands.SUCCESS_MSISDN));
        awaitStatus(ref, "REJECTED");
        given().get("/payouts/" + ref).then().body("reason.code", equalTo("INVALID_AMOUNT"));
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertTrue(outcomes("default", "TRANSFER", "INVALID_AMOUNT", "REJECTED") >= before + 1));
    }

    @Test
    void anApproversRejectionIsCountedForItsAccountAndTimedFromIntake() throws SQLException {
        double before = outcomes("controlled", "TRANSFER", "REJECTED_BY_APPROVER", "REJECTED");
        double secondsBefore = secondsTimed("TRANSFER", "REJECTED");
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.TRANSFERS, ref,
                Commands.onAccount(Commands.payout(ref, "2500", Commands.SUCCESS_MSISDN), "controlled"));
        awaitStatus(ref, "AWAITING_APPROVAL");
        execute("UPDATE payout SET created_at = created_at - interval '1 hour' WHERE reference_id = '" + ref + "'");

        given().header("X-Api-Key", OPERATOR).contentType("application/json")
                .body("{\"reason\":\"payee under review\"}").post("/ops/payouts/" + ref + "/reject")
                .then().statusCode(200);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertEquals(before + 1, outcomes("controlled", "TRANSFER", "REJECTED_BY_APPROVER", "REJECTED"));
            double waited = secondsTimed("TRANSFER", "REJECTED") - secondsBefore;
            assertTrue(waited >= 3600, "timed from the row's intake time, an hour ago: " + waited + " s");
        });
    }

    @Test
    void aPayoutParkedUnresolvedIsCountedForItsAccount() throws SQLException {
        double before = outcomes("default", "DEPOSIT", "NO_FINAL_STATUS", "UNRESOLVED");
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, ref, Commands.payout(ref, "13", PENDING));
        awaitStatus(ref, "SUBMITTED");
        execute("UPDATE payout SET created_at = created_at - interval '30 days' WHERE reference_id = '" + ref + "'");

        giveUp.parkOverduePayouts();
        awaitStatus(ref, "UNRESOLVED");
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertTrue(outcomes("default", "DEPOSIT", "NO_FINAL_STATUS", "UNRESOLVED") >= before + 1));
    }

    private double outcomes(String account, String operation, String reason, String status) {
        Counter counter = registry.find("payout.outcomes").tags("account", account, "operation", operation,
                "reason", reason, "status", status).counter();
        return counter == null ? 0 : counter.count();
    }

    private long timed(String operation, String status) {
        Timer timer = timer(operation, status);
        return timer == null ? 0 : timer.count();
    }

    private double secondsTimed(String operation, String status) {
        Timer timer = timer(operation, status);
        return timer == null ? 0 : timer.totalTime(TimeUnit.SECONDS);
    }

    private Timer timer(String operation, String status) {
        return registry.find("payout.time.to.outcome").tags("operation", operation, "status", status).timer();
    }

    private static void awaitStatus(String ref, String status) {
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/payouts/" + ref).then().statusCode(200)
                .body("status", equalTo(status)));
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            assertEquals(1, statement.executeUpdate());
        }
    }
}
