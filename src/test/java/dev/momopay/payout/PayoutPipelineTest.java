package dev.momopay.payout;

import static dev.momopay.payout.testsupport.PayoutTestResource.management;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

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
import java.net.URI;
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
        // A second POST would come after the republished event, if at all: watch for it.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> momo.ledger().postAttempts(UUID.fromString(ref)) == 1);
    }

    @Test
    void duplicateBeforeTerminalCausesNoSecondCall() throws Exception {
        String ref = Commands.newReference();
        String command = Commands.payout(ref, "25", "46733123454"); // stays PENDING at MoMo
        CommandProducer.send(CommandProducer.DEPOSITS, ref, command);
        CommandProducer.send(CommandProducer.DEPOSITS, ref, command);
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/payouts/" + ref).then()
                .body("status", equalTo("SUBMITTED")));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertEquals(1, momo.ledger().postAttempts(UUID.fromString(ref)), "one POST for both records");
            assertTrue(outcomes.forKey(ref).isEmpty(), "no outcome while MoMo says PENDING");
        });
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

    /**
     * A record of almost 1 MiB: whole, its dead letter (value plus the dlq-* headers) would exceed the producer's
     * limit. It is dead-lettered with its value cut to what fits and the three truncation headers, and the command
     * behind it on the same partition is taken in.
     */
    @Test
    void aRecordTooLargeToDeadLetterWholeIsCutAndNeverBlocksThePartition() throws Exception {
        String key = Commands.newReference();
        String after = Commands.newReference();
        byte[] huge = new byte[1_048_400];
        java.util.Arrays.fill(huge, (byte) 'x');
        CommandProducer.send(CommandProducer.DEPOSITS, key.getBytes(), huge);
        CommandProducer.send(CommandProducer.DEPOSITS, key, Commands.payout(after, "6", Commands.SUCCESS_MSISDN));

        RecordedRecord letter = await().atMost(TIMEOUT).until(() -> deadLetters.forKey(key).stream().findFirst()
                .orElse(null), r -> r != null);
        assertEquals("UNPARSEABLE", letter.headers().get("dlq-reason"));
        assertEquals("true", letter.headers().get("dlq-truncated"));
        assertEquals(String.valueOf(huge.length), letter.headers().get("dlq-original-size"));
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(huge)), letter.headers().get("dlq-original-sha256"));
        assertTrue(letter.value().length > 0 && letter.value().length < huge.length);
        assertArrayEquals(java.util.Arrays.copyOf(huge, letter.value().length), letter.value());
        await().atMost(TIMEOUT).until(() -> outcomes.forKey(after).size() == 1);
    }

    /**
     * MoMo's status body carries a NUL inside the transaction id (PostgreSQL text cannot hold it): the text is made
     * storable at the edge (U+FFFD), the payout concludes, and the results of other payouts keep being stored.
     */
    @Test
    void aNulInMomosAnswerNeitherJamsTheResultsNorIsStoredAsIs() throws Exception {
        String strange = Commands.newReference();
        momo.faults().target(strange).nulInStatus("financialTransactionId");
        CommandProducer.send(CommandProducer.DEPOSITS, strange, Commands.payout(strange, "7", Commands.SUCCESS_MSISDN));
        JsonNode body = JSON.readTree(awaitTerminalEvent(strange).value());
        assertEquals("SUCCESSFUL", body.get("status").asText());
        assertTrue(body.get("financialTransactionId").asText().contains("\uFFFD"), body.toString());
        assertFalse(body.get("financialTransactionId").asText().contains("\u0000"));

        String next = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, next, Commands.payout(next, "8", Commands.SUCCESS_MSISDN));
        assertEquals("SUCCESSFUL", JSON.readTree(awaitTerminalEvent(next).value()).get("status").asText());
    }

    /** "1500" and "1500.00" for one reference are the same payout: a duplicate, not an idempotency conflict. */
    @Test
    void theSameAmountWithAnotherScaleIsADuplicateNotAConflict() throws Exception {
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.TRANSFERS, ref, Commands.payout(ref, "1500", Commands.SUCCESS_MSISDN));
        RecordedRecord first = awaitTerminalEvent(ref);
        CommandProducer.send(CommandProducer.TRANSFERS, ref,
                Commands.payout(ref, "1500.00", Commands.SUCCESS_MSISDN));
        await().atMost(TIMEOUT).until(() -> outcomes.forKey(ref).size() >= 2);
        assertEquals(first.valueText(), outcomes.forKey(ref).get(1).valueText());
        assertTrue(deadLetters.forKey(ref).isEmpty(), "no IDEMPOTENCY_CONFLICT");
        assertEquals(1, momo.ledger().postAttempts(UUID.fromString(ref)));
    }

    /** A control character inside a valid-looking field is refused with a specific code, never sent altered. */
    @Test
    void aNulInsideAFieldIsRejectedAndNeverSentToMomo() throws Exception {
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, ref, Commands.payout(ref, "9", Commands.SUCCESS_MSISDN)
                .replace("\"Payout\"", "\"Pay\\u0000out\""));
        JsonNode body = JSON.readTree(awaitTerminalEvent(ref).value());
        assertEquals("REJECTED", body.get("status").asText());
        assertEquals("INVALID_CHARACTERS", body.get("reason").get("code").asText());
        assertEquals(0, momo.ledger().postAttempts(UUID.fromString(ref)));
    }

    @Test
    void acceptThenServerErrorEndsWithOneTransaction() throws Exception {
        String ref = Commands.newReference();
        momo.faults().target(ref).acceptThenFail(1, AcceptThenFailMode.HTTP_500);
        CommandProducer.send(CommandProducer.TRANSFERS, ref, Commands.payout(ref, "70", Commands.SUCCESS_MSISDN));
        JsonNode body = JSON.readTree(awaitTerminalEvent(ref).value());
        assertEquals("SUCCESSFUL", body.get("status").asText());
        assertEquals(1, momo.ledger().acceptedPostAttempts(UUID.fromString(ref)));
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
        assertEquals(1, momo.ledger().acceptedPostAttempts(UUID.fromString(ref)));
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
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            given().get("/payouts/" + ref).then().body("status", equalTo("SUBMITTED"));
            assertTrue(outcomes.forKey(ref).isEmpty(), "a forged callback concluded nothing");
        });
    }

    @Test
    void readinessCoversPostgresAndKafkaAndMomoHasAGroupOfItsOwn() {
        given().get(management("/q/health/ready")).then().statusCode(200)
                .body("checks.find { it.name.contains('Database') }.status", equalTo("UP"))
                .body("checks.find { it.name == 'MoMo access tokens' }", nullValue());
        given().get(management("/q/health/group/momo")).then().statusCode(200)
                .body("checks.find { it.name == 'MoMo access tokens' }.status", equalTo("UP"));
        given().get(management("/q/health/live")).then().statusCode(200);
    }

    /**
     * A MoMo outage never makes the worker unready (callbacks and the ops API stay reachable): commands are still
     * taken in, and paid once MoMo is back. The momo health group and gauge say MoMo is away.
     */
    @Test
    void aMomoOutageKeepsTheWorkerReadyAndTakingCommandsIn() throws Exception {
        momo.faults().apiDown(true);
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, ref, Commands.payout(ref, "34", Commands.SUCCESS_MSISDN));
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/payouts/" + ref).then().statusCode(200));
        await().atMost(TIMEOUT).untilAsserted(() -> given().get(management("/q/health/group/momo"))
                .then().statusCode(503));
        given().get(management("/q/health/ready")).then().statusCode(200);
        await().atMost(TIMEOUT).until(() -> given().get(management("/q/metrics")).asString()
                .contains("momo_reachable{account=\"default\"} 0.0"));
        assertTrue(outcomes.forKey(ref).isEmpty());

        momo.faults().apiDown(false);
        assertEquals("SUCCESSFUL", JSON.readTree(awaitTerminalEvent(ref).value()).get("status").asText());
        // the group follows the account's last call: another payout's call refused before the recovery may land last
        await().atMost(TIMEOUT).untilAsserted(() -> given().get(management("/q/health/group/momo"))
                .then().statusCode(200));
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

        // MoMo calls back again, late, to the same secret URL, with another status: acknowledged, nothing changes.
        String callbackUrl = momo.ledger().transaction(UUID.fromString(ref)).orElseThrow().callbackUrl();
        String path = URI.create(callbackUrl).getPath();
        given().body("{\"referenceId\":\"" + ref + "\",\"status\":\"SUCCESSFUL\"}").contentType("application/json")
                .put(path).then().statusCode(200);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() -> {
            assertEquals(1, outcomes.forKey(ref).size(), "one outcome, however many callbacks");
            given().get("/payouts/" + ref).then().body("status", equalTo("FAILED"));
        });
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
