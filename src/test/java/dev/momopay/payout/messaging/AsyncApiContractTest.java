package dev.momopay.payout.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.PayoutTestResource;
import dev.momopay.payout.testsupport.TopicRecorder;
import dev.momopay.payout.testsupport.TopicRecorder.RecordedRecord;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AsyncAPI document kept in docs/asyncapi.yaml is the users' description of the topics: its JSON schemas must
 * accept the commands the tests publish and every message the worker really writes (outcomes with their CloudEvents
 * headers, dead letters with theirs).
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class AsyncApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode document;

    private final TopicRecorder outcomes = TopicRecorder.of("payouts.outcomes");
    private final TopicRecorder deadLetters = TopicRecorder.of("payouts.commands.dlq");

    @BeforeAll
    static void readDocument() throws Exception {
        document = new ObjectMapper(new YAMLFactory()).readTree(new File("docs/asyncapi.yaml"));
    }

    @Test
    void theDocumentNamesTheContractsTopics() {
        Set<String> addresses = new java.util.HashSet<>();
        document.get("channels").forEach(channel -> addresses.add(channel.get("address").asText()));
        assertEquals(Set.of("payouts.deposit.requested", "payouts.transfer.requested", "payouts.refund.requested",
                "payouts.cancel.requested", "payouts.outcomes", "payouts.commands.dlq"), addresses);
    }

    @Test
    void realMessagesMatchTheSchemas() throws Exception {
        String successful = Commands.newReference();
        String failed = Commands.newReference();
        String rejected = Commands.newReference();
        String refund = Commands.newReference();
        String deposit = Commands.payout(successful, "15", Commands.SUCCESS_MSISDN);
        String refundCommand = Commands.refund(refund, "5", UUID.randomUUID().toString());
        assertValid("PayoutCommand", JSON.readTree(deposit));
        assertValid("RefundCommand", JSON.readTree(refundCommand));

        CommandProducer.send(CommandProducer.DEPOSITS, successful, deposit);
        CommandProducer.send(CommandProducer.TRANSFERS, failed, Commands.payout(failed, "15", "46733123457"));
        CommandProducer.send(CommandProducer.TRANSFERS, rejected, Commands.payout(rejected, "0", "46733123457"));
        CommandProducer.send(CommandProducer.REFUNDS, refund, refundCommand);
        CommandProducer.send(CommandProducer.DEPOSITS, successful, Commands.payout(successful, "16",
                Commands.SUCCESS_MSISDN));

        List<String> references = List.of(successful, failed, rejected, refund);
        await().atMost(Duration.ofSeconds(30)).until(() -> references.stream()
                .allMatch(ref -> !outcomes.forKey(ref).isEmpty()) && !deadLetters.forKey(successful).isEmpty());
        for (String ref : references) {
            RecordedRecord event = outcomes.forKey(ref).get(0);
            assertValid("PayoutOutcome", JSON.readTree(event.value()));
            assertValid("CloudEventHeaders", JSON.valueToTree(event.headers()));
        }
        assertValid("DeadLetterHeaders", JSON.valueToTree(deadLetters.forKey(successful).get(0).headers()));
    }

    @Test
    void theMoneyControlsMessagesMatchTheSchemas() throws Exception {
        String scheduled = Commands.newReference();
        String command = "{\"notBefore\":\"" + java.time.Instant.now().plusSeconds(3600) + "\","
                + Commands.payout(scheduled, "15", Commands.SUCCESS_MSISDN).substring(1);
        String cancel = "{\"referenceId\":\"" + scheduled + "\",\"reason\":\"order withdrawn\"}";
        assertValid("PayoutCommand", JSON.readTree(command));
        assertValid("CancelCommand", JSON.readTree(cancel));
        assertTrue(!validate("CancelCommand", JSON.readTree("{\"referenceId\":\"" + scheduled + "\"}")).isEmpty());
        CommandProducer.send(CommandProducer.DEPOSITS, scheduled, command);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> io.restassured.RestAssured.given()
                .get("/payouts/" + scheduled).then().statusCode(200));
        CommandProducer.send(CommandProducer.CANCELS, scheduled, cancel);
        CommandProducer.send(CommandProducer.CANCELS, scheduled, cancel.replace("order", "again"));
        String late = Commands.newReference();
        CommandProducer.send(CommandProducer.CANCELS, late, "{\"referenceId\":\"" + late + "\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> !outcomes.forKey(scheduled).isEmpty()
                && !deadLetters.forKey(late).isEmpty());
        JsonNode cancelled = JSON.readTree(outcomes.forKey(scheduled).get(0).value());
        assertEquals("CANCELLED", cancelled.get("status").asText());
        assertValid("PayoutOutcome", cancelled);
        assertValid("DeadLetterHeaders", JSON.valueToTree(deadLetters.forKey(late).get(0).headers()));
    }

    @Test
    void theSchemasRejectWhatTheContractForbids() throws Exception {
        ObjectNode outcome = (ObjectNode) JSON.readTree("""
                {"eventId":"5d0f8a52-2a8e-4c5b-9a57-7d1f7c3e2b10","referenceId":"9b2f3c9e-0c1d-4f57-9a59-6f0d2a6b1c11",
                 "operation":"DEPOSIT","status":"SUCCESSFUL","amount":"1500","currency":"EUR","externalId":"o",
                 "financialTransactionId":"1","reason":null,"occurredAt":"2026-11-29T15:04:05.123Z"}""");
        assertValid("PayoutOutcome", outcome);
        assertTrue(!validate("PayoutOutcome", outcome.deepCopy().put("status", "PENDING")).isEmpty());
        assertTrue(!validate("PayoutCommand", JSON.readTree("{\"referenceId\":\"x\",\"amount\":1}")).isEmpty());
    }

    private static void assertValid(String schema, JsonNode message) {
        Set<ValidationMessage> problems = validate(schema, message);
        assertTrue(problems.isEmpty(), schema + ": " + problems + " in " + message);
    }

    private static Set<ValidationMessage> validate(String schemaName, JsonNode message) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", document.get("components"));
        root.put("$ref", "#/components/schemas/" + schemaName);
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonSchema schema = factory.getSchema(root, config);
        return schema.validate(message);
    }
}
