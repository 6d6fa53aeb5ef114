package dev.momopay.payout;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.PayoutTestResource;
import dev.momopay.payout.testsupport.TopicRecorder;
import dev.momopay.payout.testsupport.TopicRecorder.RecordedRecord;
import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.faults.AcceptThenFailMode;
import dev.momopay.simulator.faults.EndpointClass;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline end to end: commands on real Kafka, payouts in real PostgreSQL, MoMo simulated over real HTTP,
 * outcome events and dead letters read back from the real topics.
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class PayoutPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final MomoSimulator momo = PayoutTestResource.simulator();
    private final TopicRecorder outcomes = TopicRecorder.of("payouts.outcomes");
    private final TopicRecorder deadLetters = TopicRecorder.of("payouts.commands.dlq");

    @AfterEach
    void resetFaults() {
        momo.faults().reset();
    }

    @Test
    void depositToAWorkingWalletEndsSuccessfulWithOneTransactionAndOneEvent() throws Exception {
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, ref, Commands.payout(ref, "1500", Commands.SUCCESS_MSISDN));

        RecordedRecord event = awaitTerminalEvent(ref);
        JsonNode body = JSON.readTree(event.value());
        assertEquals("SUCCESSFUL", body.get("status").asText());
        assertEquals("DEPOSIT", body.get("operation").asText());
        assertEquals("1500", body.get("amount").asText());
        assertEquals("EUR", body.get("currency").asText());
        assertEquals(ref, body.get("referenceId").asText());
        assertFalse(body.get("financialTransactionId").isNull());
        assertTrue(body.get("reason").isNull());
        assertEquals("1.0", event.headers().get("ce_specversion"));
        assertEquals("momo.payout.outcome", event.headers().get("ce_type"));
        assertEquals(body.get("eventId").asText(), event.headers().get("ce_id"));
        assertEquals(ref, event.headers().get("ce_subject"));
        assertEquals("urn:momopay:payout-worker", event.headers().get("ce_source"));
        assertTrue(event.headers().containsKey("ce_time"));
        assertEquals(1, momo.ledger().postAttempts(UUID.fromString(ref)));
        assertEquals("SUCCESSFUL", momo.ledger().transaction(UUID.fromString(ref)).orElseThrow().status());

        given().get("/payouts/" + ref).then().statusCode(200)
                .body("status", equalTo("SUCCESSFUL"))
                .body("operation", equalTo("DEPOSIT"))
                .body("history[0].to", equalTo("RECEIVED"))
                .body("history[1].to", equalTo("SUBMITTING"))
                .body("history[-1].to", equalTo("SUCCESSFUL"));
    }

    @Test
    void sandboxNumbersFailWithMomosReasonPerOperation() throws Exception {
        String transfer = Commands.newReference();
        String deposit = Commands.newReference();
        CommandProducer.send(CommandProducer.TRANSFERS, transfer, Commands.payout(transfer, "10", "46733123457"));
        CommandProducer.send(CommandProducer.DEPOSITS, deposit, Commands.payout(deposit, "10", "46733123455"));

        assertFailed(transfer, "PAYEE_NOT_FOUND");
        assertFailed(deposit, "PAYER_NOT_FOUND");
    }

    @Test
    void refundEndsSuccessful() throws Exception {
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.REFUNDS, ref, Commands.refund(ref, "300", UUID.randomUUID().toString()));
        JsonNode body = JSON.readTree(awaitTerminalEvent(ref).value());
        assertEquals("SUCCESSFUL", body.get("status").asText());
        assertEquals("REFUND", body.get("operation").asText());
    }

    @Test
    void invalidContentIsRejectedWithoutAnyMomoCall() throws Exception {
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, ref, Commands.payout(ref, "-5", Commands.SUCCESS_MSISDN));
        JsonNode body = JSON.readTree(awaitTerminalEvent(ref).value());
        assertEquals("REJECTED", body.get("status").asText());
        assertEquals("INVALID_AMOUNT", body.get("reason").get("code").asText());
        assertEquals(0, momo.ledger().postAttempts(UUID.fromString(ref)));
    }

    @Test
    void aCurrencyMomoDoesNotServeFailsWithItsSynchronousRefusal() throws Exception {
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.TRANSFERS, ref,
                Commands.payout(ref, "10", Commands.SUCCESS_MSISDN).replace("\"EUR\"", "\"USD\""));
        assertFailed(ref, "INVALID_CURRENCY");
        assertTrue(momo.ledger().transaction(UUID.fromString(ref)).isEmpty());
    }

    @Test
    void duplicateAfterTerminalRepublishesTheSameEventWithoutAnotherCall() throws Exception {
        String ref = Commands.newReference();
        String command = Commands.payout(ref, "25", Commands.SUCCESS_MSISDN);
        CommandProducer.send(CommandProducer.TRANSFERS, ref, command);
        RecordedRecord first = awaitTerminalEvent(ref);

        CommandProducer.send(CommandProducer.TRANSFERS, ref, command);
        await().atMost(TIMEOUT).until(() -> outcomes.forKey(ref).size() >= 2);
        List<RecordedRecord> events = outcomes.forKey(ref);
        events.forEach(e -> assertEquals(first.valueText(), e.valueText()));
        assertEquals(1, momo.ledger().postAttempts(UUID.fromString(ref)));
    }

    @Test
    void duplicateBeforeTerminalCausesNoSecondCall() throws Exception {
        String ref = Commands.newReference();
        String command = Commands.payout(ref, "25", "46733123454"); // stays PENDING at MoMo
        CommandProducer.send(CommandProducer.DEPOSITS, ref, command);
        CommandProducer.send(CommandProducer.DEPOSITS, ref, command);
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/payouts/" + ref).then()
                .body("status", equalTo("SUBMITTED")));
        assertEquals(1, momo.ledger().postAttempts(UUID.fromString(ref)));
        assertTrue(outcomes.forKey(ref).isEmpty());
    }

    @Test
    void sameReferenceWithOtherContentIsDeadLetteredAndTheOriginalUntouched() throws Exception {
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, ref, Commands.payout(ref, "40", Commands.SUCCESS_MSISDN));
        awaitTerminalEvent(ref);
        String conflicting = Commands.payout(ref, "4000", Commands.SUCCESS_MSISDN);
        CommandProducer.send(CommandProducer.DEPOSITS, ref, conflicting);

        RecordedRecord letter = awaitDeadLetter(ref);
        assertEquals("IDEMPOTENCY_CONFLICT", letter.headers().get("dlq-reason"));
        assertEquals(CommandProducer.DEPOSITS, letter.headers().get("dlq-source-topic"));
        assertTrue(letter.headers().keySet().containsAll(
                List.of("dlq-detail", "dlq-source-partition", "dlq-source-offset")));
        assertEquals(conflicting, letter.valueText());
        given().get("/payouts/" + ref).then().body("amount", equalTo("40")).body("status", equalTo("SUCCESSFUL"));
        assertEquals(1, momo.ledger().postAttempts(UUID.fromString(ref)));
    }

    @Test
    void garbageBetweenValidCommandsIsDeadLetteredAndNeverBlocksThePartition() throws Exception {
        String key = Commands.newReference();
        String before = Commands.newReference();
        String after = Commands.newReference();
        byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28, 0x7B};
        // Same key, so all land on one partition, in this order.
        CommandProducer.send(CommandProducer.DEPOSITS, key, Commands.payout(before, "5", Commands.SUCCESS_MSISDN));
        CommandProducer.send(CommandProducer.DEPOSITS, key.getBytes(), notUtf8);
        CommandProducer.send(CommandProducer.DEPOSITS, key, "[1,2,3]");
        CommandProducer.send(CommandProducer.DEPOSITS, key, "{\"referenceId\":\"not-a-uuid\"}");
        CommandProducer.send(CommandProducer.DEPOSITS, key,
                "{\"referenceId\":\"" + versionOne(UUID.randomUUID()) + "\"}");
        CommandProducer.send(CommandProducer.DEPOSITS, key, Commands.payout(after, "5", Commands.SUCCESS_MSISDN));

        await().atMost(TIMEOUT).until(() -> deadLetters.forKey(key).size() == 4);
        List<String> reasons = deadLetters.forKey(key).stream().map(r -> r.headers().get("dlq-reason")).toList();
        assertEquals(List.of("UNPARSEABLE", "UNPARSEABLE", "INVALID_REFERENCE_ID", "INVALID_REFERENCE_ID"),
                reasons);
        assertArrayEquals(notUtf8, deadLetters.forKey(key).get(0).value());
        await().atMost(TIMEOUT).until(() -> outcomes.forKey(before).size() == 1 && outcomes.forKey(after).size() == 1);
    }

    @Test
    void acceptThenServerErrorEndsWithOneTransaction() throws Exception {
        String ref = Commands.newReference();
        momo.faults().target(ref).acceptThenFail(1, AcceptThenFailMode.HTTP_500);
        CommandProducer.send(CommandProducer.TRANSFERS, ref, Commands.payout(ref, "70", Commands.SUCCESS_MSISDN));
        JsonNode body = JSON.readTree(awaitTerminalEvent(ref).value());
        assertEquals("SUCCESSFUL", body.get("status").asText());
        assertEquals(1, momo.ledger().transactions().stream()
                .filter(t -> t.referenceId().toString().equals(ref)).count());
    }

    @Test
    void acceptThenHangIsAmbiguousAndEndsWithOneTransaction() throws Exception {
        String ref = Commands.newReference();
        momo.faults().target(ref).acceptThenFail(1, AcceptThenFailMode.HANG);
        CommandProducer.send(CommandProducer.DEPOSITS, ref, Commands.payout(ref, "80", Commands.SUCCESS_MSISDN));
        JsonNode body = JSON.readTree(awaitTerminalEvent(ref).value());
        assertEquals("SUCCESSFUL", body.get("status").asText());
        assertTrue(momo.ledger().transaction(UUID.fromString(ref)).isPresent());
        assertEquals(1, momo.ledger().postAttempts(UUID.fromString(ref)));
    }

    @Test
    void aBurstOf503IsRetriedWithTheSameReference() throws Exception {
        String ref = Commands.newReference();
        momo.faults().target(ref).unavailableBurst(EndpointClass.POST, 3);
        CommandProducer.send(CommandProducer.TRANSFERS, ref, Commands.payout(ref, "90", Commands.SUCCESS_MSISDN));
        JsonNode body = JSON.readTree(awaitTerminalEvent(ref).value());
        assertEquals("SUCCESSFUL", body.get("status").asText());
        assertEquals(1, momo.ledger().transactions().stream()
                .filter(t -> t.referenceId().toString().equals(ref)).count());
    }

    @Test
    void forgedCallbacksChangeNothing() {
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, ref, Commands.payout(ref, "12", "46733123454"));
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/payouts/" + ref).then()
                .body("status", equalTo("SUBMITTED")));
        given().body("{\"status\":\"SUCCESSFUL\"}").put("/callbacks/momo/" + ref + "/forged-secret")
                .then().statusCode(404);
        given().body("{}").post("/callbacks/momo/" + UUID.randomUUID() + "/whatever").then().statusCode(404);
        given().get("/payouts/" + ref).then().body("status", equalTo("SUBMITTED"));
        assertTrue(outcomes.forKey(ref).isEmpty());
    }

    @Test
    void readinessCoversPostgresKafkaAndMomoTokens() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'MoMo access tokens' }.status", equalTo("UP"))
                .body("checks.find { it.name.contains('Database') }.status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aCallbackForAFinishedPayoutIsAcknowledgedAndChangesNothing() throws Exception {
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, ref, Commands.payout(ref, "33", "46733123454"));
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/payouts/" + ref).then()
                .body("status", equalTo("SUBMITTED")));
        // MoMo concludes the pending payout; its callback (to the secret URL) makes the worker check at once.
        momo.completeNow(UUID.fromString(ref), "FAILED", "EXPIRED");
        assertFailed(ref, "EXPIRED");
        assertEquals(1, outcomes.forKey(ref).size());
    }

    @Test
    void unknownPayoutIs404() {
        given().get("/payouts/" + UUID.randomUUID()).then().statusCode(404);
        given().get("/payouts/nope").then().statusCode(400);
    }

    /** The same UUID with its version digit set to 1: well-formed, but not the version 4 the contract requires. */
    private static String versionOne(UUID uuid) {
        char[] text = uuid.toString().toCharArray();
        text[14] = '1';
        return new String(text);
    }

    private RecordedRecord awaitTerminalEvent(String ref) {
        try {
            await().atMost(TIMEOUT).until(() -> !outcomes.forKey(ref).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no outcome event for " + ref + "; the payout is now: "
                    + given().get("/payouts/" + ref).asString(), e);
        }
        return outcomes.forKey(ref).get(0);
    }

    private RecordedRecord awaitDeadLetter(String ref) {
        await().atMost(TIMEOUT).until(() -> !deadLetters.forKey(ref).isEmpty());
        return deadLetters.forKey(ref).get(0);
    }

    private void assertFailed(String ref, String code) throws Exception {
        JsonNode body = JSON.readTree(awaitTerminalEvent(ref).value());
        assertEquals("FAILED", body.get("status").asText(), "status of " + ref);
        assertEquals(code, body.get("reason").get("code").asText());
        // MoMo often gives only a code; the contract still wants a human text (#11).
        assertTrue(body.get("reason").get("message").isTextual()
                && !body.get("reason").get("message").asText().isBlank(), "reason.message of " + ref);
    }
}
