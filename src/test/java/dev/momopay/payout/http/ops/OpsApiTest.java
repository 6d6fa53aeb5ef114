package dev.momopay.payout.http.ops;

import static dev.momopay.payout.testsupport.PayoutTestResource.management;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momopay.payout.observability.PayoutMetrics;
import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.PayoutTestResource;
import dev.momopay.payout.testsupport.TopicRecorder;
import dev.momopay.payout.testsupport.TopicRecorder.RecordedRecord;
import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.faults.EndpointClass;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ops API, its money rules, its audit and the metrics, against the real pipeline. */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class OpsApiTest {

    private static final String KEY = "ops-test-key-7f3a9c21d54b";
    private static final String PENDING_FOREVER = "46733123454";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MomoSimulator momo = PayoutTestResource.simulator();
    private final TopicRecorder outcomes = TopicRecorder.of("payouts.outcomes");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PayoutMetrics metrics;

    @AfterEach
    void resetFaults() {
        momo.faults().reset();
    }

    private static RequestSpecification ops() {
        return given().header("X-Api-Key", KEY);
    }

    private static RequestSpecification reader() {
        return given().header("X-Api-Key", "ops-reader-key-2b8e51f0c7d94a36");
    }

    @Test
    void withoutAValidKeyTheOpsApiAnswers401AndBearerWorks() {
        given().get("/ops/balances").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        given().header("X-Api-Key", "wrong-key-123456").get("/ops/balances").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").post("/ops/payouts/" + UUID.randomUUID() + "/poll")
                .then().statusCode(401);
        given().header("Authorization", "Bearer " + KEY).get("/ops/balances").then().statusCode(200);
        // the public contract endpoints stay open
        given().get("/payouts/" + UUID.randomUUID()).then().statusCode(404);
    }

    /** A key in the key directory (a mounted Secret) is admitted, rotated and revoked while the worker runs. */
    @Test
    void aKeyInTheKeyDirectoryIsAdmittedRotatedAndRevokedWithoutARestart() throws IOException {
        Path directory = Path.of(ConfigProvider.getConfig().getValue("payout.ops.key-directory", String.class));
        Files.createDirectories(directory);
        Path file = directory.resolve("rotating-" + UUID.randomUUID().toString().substring(0, 8));
        String first = "first-" + UUID.randomUUID();
        String second = "second-" + UUID.randomUUID();
        Files.writeString(file, first);
        awaitStatus(first, 200);
        Files.writeString(file, second);
        awaitStatus(second, 200);
        awaitStatus(first, 401);
        Files.delete(file);
        awaitStatus(second, 401);
    }

    private static void awaitStatus(String key, int status) {
        await().atMost(TIMEOUT).untilAsserted(() -> given().header("X-Api-Key", key).get("/ops/balances").then()
                .statusCode(status));
    }

    /**
     * A reader's key sees payouts, their audit and balances, and is refused (403) every action on a payout or on MoMo:
     * nothing is done, and nothing is audited as done.
     */
    @Test
    void aReadersKeySeesButCannotAct() throws Exception {
        String ref = submittedAndParked(PayoutStatusAfterPark.SUBMITTED);
        reader().get("/ops/payouts?status=SUBMITTED").then().statusCode(200);
        reader().get("/ops/payouts/" + ref + "/audit").then().statusCode(200);
        reader().get("/ops/balances").then().statusCode(200);
        reader().post("/ops/payouts/" + ref + "/poll").then().statusCode(403);
        reader().post("/ops/payouts/" + ref + "/republish").then().statusCode(403);
        reader().contentType("application/json").body("{\"status\":\"FAILED\",\"reason\":\"r\",\"force\":true}")
                .post("/ops/payouts/" + ref + "/resolve").then().statusCode(403);
        reader().post("/ops/balances/refresh").then().statusCode(403);
        reader().contentType("application/json").body("{\"idType\":\"MSISDN\",\"id\":\"46733123453\"}")
                .post("/ops/account-holders/check").then().statusCode(403);
        given().get("/payouts/" + ref).then().body("status", equalTo("SUBMITTED"));
        JsonNode audit = json(ops().get("/ops/payouts/" + ref + "/audit").then().statusCode(200).extract()
                .response());
        for (JsonNode entry : audit.get("items")) {
            assertFalse(List.of("poll-now", "republish", "resolve").contains(entry.get("action").asText()),
                    "an action on the payout before the operator's: " + entry);
        }
        // The same calls with the operator's key are allowed.
        ops().post("/ops/payouts/" + ref + "/poll").then().statusCode(200);
    }

    @Test
    void listsPayoutsByStatusWithKeysetPagingAndFindsByExternalId() {
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String ref = Commands.newReference();
            refs.add(ref);
            CommandProducer.send(CommandProducer.DEPOSITS, ref, Commands.payout(ref, "-1", Commands.SUCCESS_MSISDN));
        }
        refs.forEach(ref -> await().atMost(TIMEOUT).untilAsserted(() -> given().get("/payouts/" + ref).then()
                .statusCode(200).body("status", equalTo("REJECTED"))));

        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = ops().queryParam("status", "rejected").queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonNode page = json(request.get("/ops/payouts").then().statusCode(200).extract().response());
            for (JsonNode item : page.get("items")) {
                assertEquals("REJECTED", item.get("status").asText());
                assertFalse(item.has("payee"), "no personal data in the list");
                assertTrue(seen.add(item.get("referenceId").asText()), "a payout appeared on two pages");
            }
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 10_000);
        assertTrue(seen.containsAll(refs), "every new REJECTED payout is listed");

        JsonNode old = json(ops().queryParam("status", "REJECTED").queryParam("olderThan", "1d")
                .get("/ops/payouts").then().statusCode(200).extract().response());
        old.get("items").forEach(item -> assertFalse(refs.contains(item.get("referenceId").asText())));
        ops().queryParam("status", "NOPE").get("/ops/payouts").then().statusCode(400);

        String externalId = "order-" + refs.get(0).substring(0, 8);
        ops().get("/ops/payouts/by-external-id/" + externalId).then().statusCode(200)
                .body("items[0].referenceId", equalTo(refs.get(0)));
    }

    @Test
    void pollNowAppliesAFreshMomoStatusAndRepublishSendsTheStoredEventAgain() throws Exception {
        momo.faults().dropCallbacks(true);
        String ref = submittedAndParked(PayoutStatusAfterPark.SUBMITTED);
        momo.completeNow(UUID.fromString(ref), "SUCCESSFUL", null);

        ops().post("/ops/payouts/" + ref + "/poll").then().statusCode(200)
                .body("result", equalTo("RESOLVED_BY_MOMO")).body("status", equalTo("SUCCESSFUL"));
        RecordedRecord first = await().atMost(TIMEOUT).until(() -> outcomes.forKey(ref).stream()
                .filter(r -> r.valueText().contains("\"SUCCESSFUL\"")).findFirst().orElse(null), r -> r != null);
        String eventId = JSON.readTree(first.value()).get("eventId").asText();

        // a payout that is final now cannot be polled again
        ops().post("/ops/payouts/" + ref + "/poll").then().statusCode(409);

        ops().post("/ops/payouts/" + ref + "/republish").then().statusCode(202)
                .body("eventId", equalTo(eventId));
        await().atMost(TIMEOUT).until(() -> outcomes.forKey(ref).size() >= 2);
        outcomes.forKey(ref).forEach(r -> assertEquals(first.valueText(), r.valueText()));
        assertEquals(1, momo.ledger().postAttempts(UUID.fromString(ref)));

        assertAudited(ref, "poll-now", "RESOLVED_BY_MOMO");
        assertAudited(ref, "republish", "QUEUED");
    }

    @Test
    void resolveTakesMomosFinalStatusWhenThereIsOne() throws Exception {
        momo.faults().dropCallbacks(true);
        String ref = submittedAndParked(PayoutStatusAfterPark.UNRESOLVED);

        // MoMo still says PENDING: no resolution, and no override either
        ops().contentType("application/json").body("{}").post("/ops/payouts/" + ref + "/resolve").then()
                .statusCode(409).body("result", equalTo("NOT_RESOLVED"));
        ops().contentType("application/json").body("{\"status\":\"FAILED\",\"reason\":\"customer called\"}")
                .post("/ops/payouts/" + ref + "/resolve").then().statusCode(409).body("status", equalTo("UNRESOLVED"))
                .body("message", containsString("PENDING"));

        momo.completeNow(UUID.fromString(ref), "SUCCESSFUL", null);
        ops().contentType("application/json").body("{}").post("/ops/payouts/" + ref + "/resolve").then()
                .statusCode(200).body("result", equalTo("RESOLVED_BY_MOMO")).body("status", equalTo("SUCCESSFUL"));
        given().get("/payouts/" + ref).then().body("history[-1].to", equalTo("SUCCESSFUL"))
                .body("history[-1].detail", containsString("resolve asked by test-operator"));
        JsonNode event = JSON.readTree(await().atMost(TIMEOUT).until(() -> outcomes.forKey(ref).stream()
                .filter(r -> r.valueText().contains("\"SUCCESSFUL\"")).findFirst().orElse(null), r -> r != null)
                .value());
        assertTrue(event.get("reason").isNull());
        assertAudited(ref, "resolve", "RESOLVED_BY_MOMO");
    }

    @Test
    void anOverrideNeedsAReasonAppliesOnlyWithoutAFinalMomoStatusAndIsRecorded() throws Exception {
        momo.faults().dropCallbacks(true);
        String ref = submittedAndParked(PayoutStatusAfterPark.UNRESOLVED);
        ops().contentType("application/json").body("{\"status\":\"FAILED\"}")
                .post("/ops/payouts/" + ref + "/resolve").then().statusCode(400);
        ops().contentType("application/json").body("{\"status\":\"SUBMITTED\",\"reason\":\"x\"}")
                .post("/ops/payouts/" + ref + "/resolve").then().statusCode(400);

        // A 503 is no definitive answer from MoMo: an override then needs an explicit force (#4).
        momo.faults().errorRate(EndpointClass.STATUS, 1.0, 503);
        ops().contentType("application/json")
                .body("{\"status\":\"FAILED\",\"reason\":\"Reconciled: not in the MTN statement\"}")
                .post("/ops/payouts/" + ref + "/resolve").then().statusCode(409)
                .body("result", equalTo("NOT_RESOLVED")).body("status", equalTo("UNRESOLVED"))
                .body("eventId", nullValue()).body("message", containsString("force=true"));
        ops().contentType("application/json")
                .body("{\"status\":\"FAILED\",\"reason\":\"Reconciled: not in the MTN statement\",\"force\":true}")
                .post("/ops/payouts/" + ref + "/resolve").then().statusCode(200)
                .body("result", equalTo("OVERRIDDEN")).body("status", equalTo("FAILED"))
                .body("eventId", notNullValue());
        momo.faults().reset();

        given().get("/payouts/" + ref).then().body("history[-1].to", equalTo("FAILED"))
                .body("history[-1].reasonCode", equalTo("OPERATOR_OVERRIDE"))
                .body("history[-1].detail", containsString("forced operator override by test-operator"))
                .body("history[-1].detail", containsString("Reconciled: not in the MTN statement"));
        JsonNode event = JSON.readTree(await().atMost(TIMEOUT).until(() -> outcomes.forKey(ref).stream()
                .filter(r -> r.valueText().contains("\"FAILED\"")).findFirst().orElse(null), r -> r != null)
                .value());
        assertEquals("OPERATOR_OVERRIDE", event.get("reason").get("code").asText());
        assertEquals(1, outcomes.forKey(ref).size(), "one terminal event");

        // a finished payout cannot be resolved again
        ops().contentType("application/json").body("{}").post("/ops/payouts/" + ref + "/resolve").then()
                .statusCode(409);
        assertAudited(ref, "resolve", "OVERRIDDEN");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT parameters FROM ops_audit WHERE target = ? AND result = 'OVERRIDDEN'")) {
            s.setString(1, ref);
            try (ResultSet rows = s.executeQuery()) {
                assertTrue(rows.next());
                assertFalse(rows.getString(1).contains("Reconciled"), "free text stays out of the audit parameters");
                assertTrue(rows.getString(1).contains("\"force\":true"), "a forced override is audited as forced");
            }
        }
    }

    @Test
    void metricsAndOpenApiDescribeTheWorker() {
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.TRANSFERS, ref, Commands.payout(ref, "12", Commands.SUCCESS_MSISDN));
        await().atMost(TIMEOUT).until(() -> outcomes.forKey(ref).size() >= 1);
        ops().post("/ops/balances/refresh").then().statusCode(200)
                .body("items.find { it.account == 'default' }.currency", equalTo("EUR"))
                .body("items.find { it.account == 'default' }.availableBalance", notNullValue());
        metrics.refresh();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            String scrape = given().get(management("/q/metrics")).then().statusCode(200).extract().asString();
            for (String name : List.of("payout_outcomes_total{account=\"default\",operation=\"TRANSFER\","
                    + "reason=\"none\",status=\"SUCCESSFUL\"", "payout_time_to_outcome_seconds_bucket",
                    "payout_intake_records_total{result=\"received\"", "momo_calls_seconds_count{account=\"default\","
                    + "endpoint=\"transfer\",result=\"Ok\"", "endpoint=\"transfer_status\"",
                    "payout_unfinished_oldest_age_seconds{status=\"SUBMITTED\"", "payout_outbox_backlog",
                    "momo_token_refreshes_total{account=\"default\"", "momo_balance_available{account=\"default\"")) {
                assertTrue(scrape.contains(name), "missing in /q/metrics: " + name);
            }
        });

        String openapi = given().queryParam("format", "json").get(management("/q/openapi"))
                .then().statusCode(200).extract()
                .asString();
        assertTrue(openapi.contains("/ops/payouts/{referenceId}/resolve"));
        assertTrue(openapi.contains("X-Api-Key"));
        assertTrue(openapi.contains("/payouts/{referenceId}"));
    }

    /**
     * Only the MoMo callbacks (and the payout API) are on the public port: health, metrics (which disclose float
     * balances) and OpenAPI are on the management port alone.
     */
    @Test
    void healthMetricsAndOpenApiAreServedOnTheManagementPortOnly() {
        for (String path : List.of("/q/health/live", "/q/health/ready", "/q/health/group/momo", "/q/metrics",
                "/q/openapi")) {
            given().get(path).then().statusCode(404);
            given().get(management(path)).then().statusCode(200);
        }
        given().get(management("/payouts/" + Commands.newReference())).then().statusCode(404);
    }

    // ---- helpers ----

    private enum PayoutStatusAfterPark { SUBMITTED, UNRESOLVED }

    /**
     * A payout MoMo keeps PENDING, taken out of the worker's schedule (its next check an hour away), in the given
     * state; so only the ops call under test talks to MoMo about it.
     */
    private String submittedAndParked(PayoutStatusAfterPark status) throws Exception {
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, ref, Commands.payout(ref, "77", PENDING_FOREVER));
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/payouts/" + ref).then()
                .body("status", equalTo("SUBMITTED")));
        await().atMost(TIMEOUT).until(() -> park(ref, status.name()));
        return ref;
    }

    /** Test set-up only: what the give-up sweep does after 24 h, without waiting 24 h. */
    private boolean park(String ref, String status) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE payout SET status = ?, claim_token = NULL, next_action_at = now() + interval '1 hour' "
                        + "WHERE reference_id = ? AND status = 'SUBMITTED' AND claim_token IS NULL")) {
            s.setString(1, status);
            s.setObject(2, UUID.fromString(ref));
            return s.executeUpdate() == 1;
        }
    }

    private void assertAudited(String ref, String action, String result) {
        JsonNode audit = json(ops().get("/ops/payouts/" + ref + "/audit").then().statusCode(200).extract()
                .response());
        boolean found = false;
        for (JsonNode entry : audit.get("items")) {
            if (action.equals(entry.get("action").asText()) && result.equals(entry.get("result").asText())) {
                assertEquals("test-operator", entry.get("actor").asText());
                assertNotNull(entry.get("at"));
                found = true;
            }
        }
        assertTrue(found, "no audit row " + action + " " + result + " in " + audit);
    }

    private static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.asString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
