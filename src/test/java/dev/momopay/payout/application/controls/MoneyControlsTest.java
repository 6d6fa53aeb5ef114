package dev.momopay.payout.application.controls;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momopay.payout.application.safeguards.FloatGuard;
import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.PayoutTestResource;
import dev.momopay.payout.testsupport.TopicRecorder;
import dev.momopay.payout.testsupport.TopicRecorder.RecordedRecord;
import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.faults.AcceptThenFailMode;
import dev.momopay.simulator.faults.EndpointClass;
import dev.momopay.simulator.faults.Faults;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The money controls end to end: commands through the real pipeline (Kafka, PostgreSQL, the simulator over HTTP),
 * approvals and cancels through the ops API and the cancel topic. Approval thresholds are those of the test account
 * {@code controlled} (1000 EUR one approver, 5000 EUR two, scheduling horizon 2h); the other account has none.
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class MoneyControlsTest {

    private static final String OPERATOR = "ops-test-key-7f3a9c21d54b";
    private static final String CHECKER = "ops-checker-key-91d4e07a3b5c";
    private static final String READER = "ops-reader-key-2b8e51f0c7d94a36";
    private static final String ACCOUNT = "controlled";
    private static final String PENDING = "46733123453"; // the sandbox number whose payouts stay PENDING
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MomoSimulator momo = PayoutTestResource.simulator();
    private final TopicRecorder outcomes = TopicRecorder.of("payouts.outcomes");
    private final TopicRecorder deadLetters = TopicRecorder.of("payouts.commands.dlq");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ApprovalService approvals;

    @Inject
    FloatGuard floatGuard;

    // ---- approval -------------------------------------------------------------------------------------------

    @Test
    void aPayoutAtTheThresholdWaitsForApprovalWithoutAnyMomoCallAndIsPaidOnceApproved() throws Exception {
        String below = send(Commands.payout(Commands.newReference(), "999.99", Commands.SUCCESS_MSISDN));
        String held = send(Commands.payout(Commands.newReference(), "1000.00", Commands.SUCCESS_MSISDN));
        awaitStatus(below, "SUCCESSFUL");
        awaitStatus(held, "AWAITING_APPROVAL");
        given().get("/payouts/" + held).then().body("approvalsRequired", equalTo(1))
                .body("history[0].detail", containsString("at or above 1000 EUR"));
        assertNoMomoCallFor(held, "AWAITING_APPROVAL");

        ops(READER).post("/ops/payouts/" + held + "/approve").then().statusCode(403);
        ops(OPERATOR).post("/ops/payouts/" + held + "/approve").then().statusCode(200)
                .body("result", equalTo("APPROVED")).body("status", equalTo("RECEIVED"));
        awaitStatus(held, "SUCCESSFUL");
        given().get("/payouts/" + held).then().body("approvedBy", hasItems("test-operator"))
                .body("history.detail", hasItems("approved by test-operator (1 of 1)"));
        assertEquals(1, momo.ledger().postAttempts(UUID.fromString(held)));
        await().atMost(TIMEOUT).until(() -> outcomes.forKey(held).size() == 1);
        ops(OPERATOR).post("/ops/payouts/" + held + "/approve").then().statusCode(409)
                .body("message", containsString("not AWAITING_APPROVAL"));
        ops(OPERATOR).get("/ops/payouts/" + held + "/audit").then().statusCode(200)
                .body("items.action", hasItems("approve"));
        given().get(PayoutTestResource.management("/q/metrics")).then().statusCode(200)
                .body(containsString("payout_controls_total{action=\"approved\""))
                .body(containsString("payout_intake_records_total{result=\"awaiting_approval\""));
    }

    @Test
    void aPayoutAtTheSecondThresholdNeedsTwoDistinctApprovers() throws Exception {
        String held = send(Commands.payout(Commands.newReference(), "5000", Commands.SUCCESS_MSISDN));
        awaitStatus(held, "AWAITING_APPROVAL");
        ops(OPERATOR).post("/ops/payouts/" + held + "/approve").then().statusCode(200)
                .body("result", equalTo("PARTLY_APPROVED")).body("status", equalTo("AWAITING_APPROVAL"));
        ops(OPERATOR).post("/ops/payouts/" + held + "/approve").then().statusCode(409)
                .body("message", containsString("needs a different approver"));
        assertNoMomoCallFor(held, "AWAITING_APPROVAL");

        ops(CHECKER).post("/ops/payouts/" + held + "/approve").then().statusCode(200)
                .body("result", equalTo("APPROVED"));
        awaitStatus(held, "SUCCESSFUL");
        given().get("/payouts/" + held).then().body("approvalsRequired", equalTo(2))
                .body("approvedBy", equalTo(List.of("test-operator", "test-checker")));
        assertEquals(1, momo.ledger().postAttempts(UUID.fromString(held)));
    }

    @Test
    void aRejectedOrExpiredApprovalEndsThePayoutRejectedWithItsEvent() throws Exception {
        String rejected = send(Commands.payout(Commands.newReference(), "2500", Commands.SUCCESS_MSISDN));
        String expired = send(Commands.payout(Commands.newReference(), "2600", Commands.SUCCESS_MSISDN));
        awaitStatus(rejected, "AWAITING_APPROVAL");
        awaitStatus(expired, "AWAITING_APPROVAL");

        ops(OPERATOR).contentType(ContentType.JSON).body("{}").post("/ops/payouts/" + rejected + "/reject").then()
                .statusCode(400).body("error", containsString("a reason is required"));
        ops(OPERATOR).contentType(ContentType.JSON).body("{\"reason\":\"payee under review\"}")
                .post("/ops/payouts/" + rejected + "/reject").then().statusCode(200)
                .body("result", equalTo("REJECTED"));
        given().get("/payouts/" + rejected).then().body("status", equalTo("REJECTED"))
                .body("reason.code", equalTo("REJECTED_BY_APPROVER"))
                .body("reason.message", equalTo("rejected by approver test-operator: payee under review"));

        execute("UPDATE payout SET next_action_at = now() - interval '1 second' WHERE reference_id = '" + expired
                + "'");
        approvals.expireOverdue();
        awaitStatus(expired, "REJECTED");
        given().get("/payouts/" + expired).then().body("reason.code", equalTo("APPROVAL_EXPIRED"));
        ops(OPERATOR).post("/ops/payouts/" + expired + "/approve").then().statusCode(409);

        for (String ref : List.of(rejected, expired)) {
            await().atMost(TIMEOUT).until(() -> outcomes.forKey(ref).size() == 1);
            JsonNode event = event(outcomes.forKey(ref).get(0));
            assertEquals("REJECTED", event.get("status").asText());
            assertFalse(event.at("/reason/message").asText().isBlank());
            assertEquals(0, momo.ledger().postAttempts(UUID.fromString(ref)));
        }
    }

    // ---- cancel ---------------------------------------------------------------------------------------------

    @Test
    void aCancelEndsAPayoutNotPostedYetFromTheTopicOrTheOpsApi() throws Exception {
        String scheduled = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, scheduled, scheduled(Commands.payout(scheduled, "10",
                Commands.SUCCESS_MSISDN), Instant.now().plus(1, ChronoUnit.HOURS)));
        String held = send(Commands.payout(Commands.newReference(), "1200", Commands.SUCCESS_MSISDN));
        awaitStatus(scheduled, "RECEIVED");
        awaitStatus(held, "AWAITING_APPROVAL");

        cancelOnTopic(scheduled, "order withdrawn by the customer");
        awaitStatus(scheduled, "CANCELLED");
        given().get("/payouts/" + scheduled).then().body("reason.code", equalTo("CANCELLED_BEFORE_SUBMISSION"))
                .body("reason.message", containsString("order withdrawn by the customer"));
        ops(OPERATOR).contentType(ContentType.JSON).body("{\"reason\":\"duplicate order\"}")
                .post("/ops/payouts/" + held + "/cancel").then().statusCode(200).body("result", equalTo("CANCELLED"));
        ops(OPERATOR).contentType(ContentType.JSON).body("{\"reason\":\"again\"}")
                .post("/ops/payouts/" + held + "/cancel").then().statusCode(200)
                .body("result", equalTo("ALREADY_CANCELLED"));
        cancelOnTopic(scheduled, "again");

        for (String ref : List.of(scheduled, held)) {
            await().atMost(TIMEOUT).until(() -> outcomes.forKey(ref).size() == 1);
            JsonNode event = event(outcomes.forKey(ref).get(0));
            assertEquals("CANCELLED", event.get("status").asText());
            assertEquals("CANCELLED_BEFORE_SUBMISSION", event.at("/reason/code").asText());
            assertEquals(0, momo.ledger().postAttempts(UUID.fromString(ref)));
        }
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> deadLetters.forKey(scheduled).isEmpty()
                && outcomes.forKey(scheduled).size() == 1);
    }

    @Test
    void aCancelEndsAPayoutTheFloatGuardHoldsBeforeItsFirstAttempt() {
        momo.setFloat(ACCOUNT, "EUR", new BigDecimal("5"));
        floatGuard.refresh();
        try {
            String held = send(Commands.payout(Commands.newReference(), "10", Commands.SUCCESS_MSISDN));
            await().atMost(TIMEOUT).until(() -> floatGuard.isHolding(ACCOUNT, "EUR"));
            awaitStatus(held, "SUBMITTING");
            assertEquals(0, momo.ledger().postAttempts(UUID.fromString(held)));
            ops(OPERATOR).contentType(ContentType.JSON).body("{\"reason\":\"float short, paid another way\"}")
                    .post("/ops/payouts/" + held + "/cancel").then().statusCode(200)
                    .body("result", equalTo("CANCELLED"));
            momo.setFloat(ACCOUNT, "EUR", new BigDecimal("1000000"));
            floatGuard.refresh();
            assertNoMomoCallFor(held, "CANCELLED");
        } finally {
            momo.setFloat(ACCOUNT, "EUR", new BigDecimal("1000000"));
            floatGuard.refresh();
        }
    }

    @Test
    void aCancelThatComesBeforeItsCommandIsKeptAndTheCommandIsNeverPaid() throws Exception {
        String viaTopic = Commands.newReference();
        String viaOps = Commands.newReference();
        cancelOnTopic(viaTopic, "fraud suspected");
        ops(OPERATOR).contentType(ContentType.JSON).body("{\"reason\":\"fraud suspected\"}")
                .post("/ops/payouts/" + viaOps + "/cancel").then().statusCode(202)
                .body("result", equalTo("REMEMBERED"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertTrue(cancelKept(viaTopic)));

        CommandProducer.send(CommandProducer.TRANSFERS, viaTopic, Commands.payout(viaTopic, "10",
                Commands.SUCCESS_MSISDN));
        CommandProducer.send(CommandProducer.TRANSFERS, viaOps, Commands.payout(viaOps, "10",
                Commands.SUCCESS_MSISDN));
        awaitStatus(viaTopic, "CANCELLED");
        awaitStatus(viaOps, "CANCELLED");
        given().get("/payouts/" + viaOps).then()
                .body("reason.message", equalTo("cancelled before submission by test-operator: fraud suspected"));
        for (String ref : List.of(viaTopic, viaOps)) {
            await().atMost(TIMEOUT).until(() -> outcomes.forKey(ref).size() == 1);
            assertEquals("CANCELLED", event(outcomes.forKey(ref).get(0)).get("status").asText());
            assertEquals(0, momo.ledger().postAttempts(UUID.fromString(ref)));
        }
        // The same command again is a duplicate of the cancelled payout: its outcome again, never a payment.
        CommandProducer.send(CommandProducer.TRANSFERS, viaOps, Commands.payout(viaOps, "10",
                Commands.SUCCESS_MSISDN));
        await().atMost(TIMEOUT).until(() -> outcomes.forKey(viaOps).size() == 2);
        assertEquals(0, momo.ledger().postAttempts(UUID.fromString(viaOps)));
    }

    @Test
    void aCancelOnceAPostMayHaveBeenSentIsRefusedWithADeadLetterAndChangesNothing() {
        String pending = Commands.newReference();
        CommandProducer.send(CommandProducer.TRANSFERS, pending, Commands.payout(pending, "20", PENDING));
        String paid = send(Commands.payout(Commands.newReference(), "20", Commands.SUCCESS_MSISDN));
        awaitStatus(pending, "SUBMITTED");
        awaitStatus(paid, "SUCCESSFUL");

        cancelOnTopic(pending, "too late");
        await().atMost(TIMEOUT).until(() -> deadLetters.forKey(pending).size() == 1);
        RecordedRecord letter = deadLetters.forKey(pending).get(0);
        assertEquals("CANCEL_REFUSED", letter.headers().get("dlq-reason"));
        assertTrue(letter.headers().get("dlq-detail").contains("a POST may have been sent"), letter::toString);
        assertEquals(CommandProducer.CANCELS, letter.headers().get("dlq-source-topic"));
        ops(OPERATOR).contentType(ContentType.JSON).body("{\"reason\":\"too late\"}")
                .post("/ops/payouts/" + paid + "/cancel").then().statusCode(409).body("result", equalTo("REFUSED"))
                .body("message", containsString("already SUCCESSFUL"));
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).untilAsserted(() -> given().get("/payouts/" + pending)
                .then().body("status", equalTo("SUBMITTED")));
        given().get("/payouts/" + paid).then().body("status", equalTo("SUCCESSFUL"));
    }

    @Test
    void aCancelAfterAnAttemptThatMayHaveExecutedIsRefusedEvenWhileNoRoundHoldsThePayout() {
        // MoMo takes the POST but answers 500, and every status GET fails: the payout stays SUBMITTING with its one
        // attempt unknown, and between the rounds that ask MoMo about it no round holds it.
        Faults faults = momo.faults(ACCOUNT).reset().acceptThenFail(1, AcceptThenFailMode.HTTP_500)
                .errorRate(EndpointClass.STATUS, 1.0, 500);
        String ref;
        try {
            ref = send(Commands.payout(Commands.newReference(), "10", Commands.SUCCESS_MSISDN));
            await().atMost(TIMEOUT).until(() -> momo.ledger().postAttempts(UUID.fromString(ref)) == 1);
            awaitStatus(ref, "SUBMITTING");
            ops(OPERATOR).contentType(ContentType.JSON).body("{\"reason\":\"changed our mind\"}")
                    .post("/ops/payouts/" + ref + "/cancel").then().statusCode(409).body("result", equalTo("REFUSED"))
                    .body("message", containsString("a POST may have been sent"));
            cancelOnTopic(ref, "changed our mind");
            await().atMost(TIMEOUT).until(() -> deadLetters.forKey(ref).stream()
                    .anyMatch(r -> "CANCEL_REFUSED".equals(r.headers().get("dlq-reason"))));
        } finally {
            faults.reset();
        }
        awaitStatus(ref, "SUCCESSFUL");
        assertEquals(1, momo.ledger().postAttempts(UUID.fromString(ref)));
    }

    @Test
    void badCancelCommandsAreDeadLetteredWithASpecificReason() {
        String noReason = Commands.newReference();
        String otherKey = Commands.newReference();
        String notJson = "cancel-" + Commands.newReference();
        CommandProducer.send(CommandProducer.CANCELS, noReason, "{\"referenceId\":\"" + noReason + "\"}");
        CommandProducer.send(CommandProducer.CANCELS, otherKey, "{\"referenceId\":\"" + Commands.newReference()
                + "\",\"reason\":\"x\"}");
        CommandProducer.send(CommandProducer.CANCELS, notJson, "cancel it please");
        await().atMost(TIMEOUT).until(() -> deadLetters.forKey(noReason).size() == 1
                && deadLetters.forKey(otherKey).size() == 1 && deadLetters.forKey(notJson).size() == 1);
        assertEquals("INVALID_CANCEL", deadLetters.forKey(noReason).get(0).headers().get("dlq-reason"));
        assertTrue(deadLetters.forKey(noReason).get(0).headers().get("dlq-detail").contains("reason is required"));
        assertEquals("INVALID_CANCEL", deadLetters.forKey(otherKey).get(0).headers().get("dlq-reason"));
        assertTrue(deadLetters.forKey(otherKey).get(0).headers().get("dlq-detail").contains("key"));
        assertEquals("UNPARSEABLE", deadLetters.forKey(notJson).get(0).headers().get("dlq-reason"));
    }

    // ---- scheduling -----------------------------------------------------------------------------------------

    @Test
    void aScheduledPayoutIsNotPostedBeforeItsNotBeforeAndTooFarAheadIsRejected() {
        Instant notBefore = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
        String soon = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, soon, scheduled(Commands.payout(soon, "10",
                Commands.SUCCESS_MSISDN), notBefore));
        String tooFar = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, tooFar, scheduled(Commands.onAccount(Commands.payout(tooFar,
                "10", Commands.SUCCESS_MSISDN), ACCOUNT), Instant.now().plus(3, ChronoUnit.HOURS)));
        String invalid = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, invalid, Commands.payout(invalid, "10",
                Commands.SUCCESS_MSISDN).replace("{", "{\"notBefore\":\"next tuesday\","));

        awaitStatus(soon, "SUCCESSFUL");
        Instant posted = momo.ledger().transaction(UUID.fromString(soon)).orElseThrow().createdAt();
        assertFalse(posted.isBefore(notBefore), "POSTed at " + posted + ", before notBefore " + notBefore);
        given().get("/payouts/" + soon).then().body("notBefore", equalTo(notBefore.toString()))
                .body("history[0].detail", containsString("scheduled: no MoMo call before"));
        awaitStatus(tooFar, "REJECTED");
        given().get("/payouts/" + tooFar).then().body("reason.code", equalTo("SCHEDULED_TOO_FAR_AHEAD"));
        awaitStatus(invalid, "REJECTED");
        given().get("/payouts/" + invalid).then().body("reason.code", equalTo("INVALID_NOT_BEFORE"));
        assertEquals(0, momo.ledger().postAttempts(UUID.fromString(tooFar)));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static String send(String command) {
        String ref = command.substring(command.indexOf("\"referenceId\":\"") + 15).substring(0, 36);
        CommandProducer.send(CommandProducer.TRANSFERS, ref, Commands.onAccount(command, ACCOUNT));
        return ref;
    }

    private static String scheduled(String command, Instant notBefore) {
        return "{\"notBefore\":\"" + notBefore + "\"," + command.substring(1);
    }

    private static void cancelOnTopic(String ref, String reason) {
        CommandProducer.send(CommandProducer.CANCELS, ref, "{\"referenceId\":\"" + ref + "\",\"reason\":\"" + reason
                + "\"}");
    }

    private void assertNoMomoCallFor(String ref, String status) {
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).untilAsserted(() -> {
            given().get("/payouts/" + ref).then().body("status", equalTo(status));
            assertEquals(0, momo.ledger().postAttempts(UUID.fromString(ref)));
        });
    }

    private static RequestSpecification ops(String key) {
        return given().header("X-Api-Key", key);
    }

    private static void awaitStatus(String ref, String status) {
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/payouts/" + ref).then().statusCode(200)
                .body("status", equalTo(status)));
    }

    private static JsonNode event(RecordedRecord record) throws Exception {
        return JSON.readTree(record.value());
    }

    private boolean cancelKept(String ref) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT 1 FROM payout_cancel_request WHERE reference_id = ?::uuid")) {
            statement.setString(1, ref);
            return statement.executeQuery().next();
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }
}
