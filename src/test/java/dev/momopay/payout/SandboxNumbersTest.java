package dev.momopay.payout;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.PayoutTestResource;
import dev.momopay.payout.testsupport.TopicRecorder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every sandbox test number of the MoMo matrix, through the whole worker, for transfers and deposits. */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class SandboxNumbersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TopicRecorder outcomes = TopicRecorder.of("payouts.outcomes");

    @Test
    void transferNumbersEndAsTheMatrixSays() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("46733123450", "FAILED/INTERNAL_PROCESSING_ERROR");
        expected.put("46733123451", "FAILED/APPROVAL_REJECTED");
        expected.put("46733123452", "FAILED/EXPIRED");
        expected.put("46733123455", "FAILED/NOT_ENOUGH_FUNDS");
        expected.put("46733123456", "FAILED/PAYER_LIMIT_REACHED");
        expected.put("46733123457", "FAILED/PAYEE_NOT_FOUND");
        expected.put("46733123458", "FAILED/NOT_ALLOWED");
        expected.put("46733123459", "FAILED/NOT_ALLOWED_TARGET_ENVIRONMENT");
        expected.put("46733123460", "FAILED/INVALID_CALLBACK_URL_HOST");
        expected.put("46733123461", "FAILED/INVALID_CURRENCY");
        expected.put("46733123462", "FAILED/INTERNAL_PROCESSING_ERROR");
        expected.put("46733123463", "FAILED/SERVICE_UNAVAILABLE");
        expected.put("46733123464", "FAILED/TRANSFER_TYPE_UNKNOWN");
        expected.put("46733123499", "SUCCESSFUL/-");
        assertOutcomes(CommandProducer.TRANSFERS, expected);
    }

    @Test
    void depositNumbersEndAsTheMatrixSays() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("46733123450", "FAILED/INTERNAL_PROCESSING_ERROR");
        expected.put("46733123451", "FAILED/APPROVAL_REJECTED");
        expected.put("46733123452", "FAILED/EXPIRED");
        expected.put("46733123455", "FAILED/PAYER_NOT_FOUND");
        expected.put("46733123456", "FAILED/PAYEE_NOT_ALLOWED_TO_RECEIVE");
        expected.put("46733123457", "FAILED/NOT_ALLOWED");
        expected.put("46733123458", "FAILED/NOT_ALLOWED_TARGET_ENVIRONMENT");
        expected.put("46733123459", "FAILED/INVALID_CALLBACK_URL_HOST");
        expected.put("46733123460", "FAILED/INVALID_CURRENCY");
        expected.put("46733123461", "FAILED/INTERNAL_PROCESSING_ERROR");
        expected.put("46733123462", "FAILED/SERVICE_UNAVAILABLE");
        expected.put("46733123463", "FAILED/COULD_NOT_PERFORM_TRANSACTION");
        expected.put("56733123453", "SUCCESSFUL/-");
        assertOutcomes(CommandProducer.DEPOSITS, expected);
    }

    @Test
    void pendingNumbersStaySubmittedWithoutAnOutcome() {
        List<String> refs = new ArrayList<>();
        for (String msisdn : new String[] {"46733123453", "46733123454"}) {
            for (String topic : new String[] {CommandProducer.TRANSFERS, CommandProducer.DEPOSITS}) {
                String ref = Commands.newReference();
                refs.add(ref);
                CommandProducer.send(topic, ref, Commands.payout(ref, "5", msisdn));
            }
        }
        for (String ref : refs) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/payouts/" + ref).then()
                    .body("status", equalTo("SUBMITTED")).body("momoStatus", equalTo("PENDING")));
        }
        // Polled on and on, they stay pending: no outcome is published for them.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> refs.stream()
                .allMatch(ref -> outcomes.forKey(ref).isEmpty()));
        refs.forEach(ref -> given().get("/payouts/" + ref).then().body("status", equalTo("SUBMITTED")));
    }

    private void assertOutcomes(String topic, Map<String, String> expected) {
        Map<String, String> referenceByNumber = new LinkedHashMap<>();
        expected.keySet().forEach(msisdn -> {
            String ref = Commands.newReference();
            referenceByNumber.put(msisdn, ref);
            CommandProducer.send(topic, ref, Commands.payout(ref, "5", msisdn));
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> referenceByNumber.values().stream()
                .allMatch(ref -> !outcomes.forKey(ref).isEmpty()));
        Map<String, String> actual = new LinkedHashMap<>();
        referenceByNumber.forEach((msisdn, ref) -> actual.put(msisdn, outcome(ref)));
        assertEquals(expected, actual);
    }

    private String outcome(String ref) {
        try {
            JsonNode body = JSON.readTree(outcomes.forKey(ref).get(0).value());
            JsonNode reason = body.get("reason");
            return body.get("status").asText() + "/" + (reason.isNull() ? "-" : reason.get("code").asText());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
