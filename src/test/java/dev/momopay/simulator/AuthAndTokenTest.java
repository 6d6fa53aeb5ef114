package dev.momopay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static dev.momopay.simulator.SimClient.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthAndTokenTest {
    static MomoSimulator sim;

    @BeforeAll
    static void start() {
        sim = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ZERO));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.faults().reset();
    }

    @Test
    void tokenHappyPath() {
        HttpResponse<String> r = new SimClient(sim).tokenResponse();
        assertEquals(200, r.statusCode());
        JsonNode n = json(r);
        assertEquals("access_token", n.get("token_type").asText());
        assertEquals(3600, n.get("expires_in").asInt());
        assertTrue(n.get("access_token").asText().length() >= 32);
        assertNotEquals(n.get("access_token").asText(), json(new SimClient(sim).tokenResponse()).get("access_token").asText());
        assertTrue(sim.ledger().tokensIssued() >= 2);
        assertTrue(sim.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+"));
    }

    @Test
    void badSubscriptionKeyIsApimStyle401() {
        SimClient c = new SimClient(sim);
        c.subscriptionKey = "wrong";
        HttpResponse<String> r = c.tokenResponse();
        assertEquals(401, r.statusCode());
        assertEquals(401, json(r).get("statusCode").asInt());
        assertTrue(json(r).get("message").asText().startsWith("Access denied due to invalid subscription key"));
        // also on product calls
        SimClient ok = new SimClient(sim).login();
        ok.subscriptionKey = "wrong";
        assertEquals(401, ok.get("/disbursement/v1_0/account/balance").statusCode());
        // missing entirely
        HttpResponse<String> none = SimClient.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/disbursement/token/"))
            .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(401, none.statusCode());
    }

    @Test
    void badBasicCredentialsGiveLoginFailed() {
        SimClient c = new SimClient(sim);
        c.apiKey = "nope";
        HttpResponse<String> r = c.tokenResponse();
        assertEquals(401, r.statusCode());
        assertEquals("login_failed", json(r).get("error").asText());
        c.apiUser = UUID.randomUUID().toString();
        assertEquals(401, c.tokenResponse().statusCode());
    }

    @Test
    void loginFailedStatusSwitch() {
        try (MomoSimulator s = MomoSimulator.start(SimulatorConfig.defaults().withLoginFailedStatus(500))) {
            SimClient c = new SimClient(s);
            c.apiKey = "nope";
            HttpResponse<String> r = c.tokenResponse();
            assertEquals(500, r.statusCode());
            assertEquals("login_failed", json(r).get("error").asText());
        }
    }

    @Test
    void jsonBodyOnTokenIs400() {
        SimClient c = new SimClient(sim);
        HttpResponse<String> r = SimClient.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/disbursement/token/"))
            .header("Ocp-Apim-Subscription-Key", c.subscriptionKey).header("Authorization", c.basic())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}")));
        assertEquals(400, r.statusCode());
    }

    @Test
    void bearerIsRequiredAndChecked() {
        SimClient c = new SimClient(sim);
        HttpResponse<String> missing = c.get("/disbursement/v1_0/account/balance");
        assertEquals(401, missing.statusCode());
        assertEquals("invalid_token", json(missing).get("error").asText());
        c.token = "made-up";
        assertEquals(401, c.get("/disbursement/v1_0/account/balance").statusCode());
        assertEquals(401, c.transfer(UUID.randomUUID(), "46733000001", "1").statusCode());
        c.login();
        assertEquals(200, c.get("/disbursement/v1_0/account/balance").statusCode());
    }

    @Test
    void targetEnvironmentMissingIs400WrongIs500() {
        SimClient c = new SimClient(sim).login();
        c.targetEnvironment = null;
        assertEquals(400, c.get("/disbursement/v1_0/account/balance").statusCode());
        c.targetEnvironment = "mtnuganda";
        HttpResponse<String> r = c.transfer(UUID.randomUUID(), "46733000001", "1");
        assertEquals(500, r.statusCode());
        assertEquals("NOT_ALLOWED_TARGET_ENVIRONMENT", json(r).get("code").asText());
        assertEquals(0, sim.ledger().transactions().stream().filter(t -> t.amount().equals("1") && t.payee().partyId()
            .equals("46733000001")).count());
    }

    @Test
    void tokensExpireAfterTtl() {
        try (MomoSimulator s = MomoSimulator.start(SimulatorConfig.defaults().withTokenTtl(Duration.ofMillis(400)))) {
            SimClient c = new SimClient(s);
            HttpResponse<String> t = c.tokenResponse();
            assertEquals(1, json(t).get("expires_in").asInt());
            c.login();
            assertEquals(200, c.get("/disbursement/v1_0/account/balance").statusCode());
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> c.get("/disbursement/v1_0/account/balance").statusCode() == 401);
        }
    }

    @Test
    void expireAllTokensFault() {
        SimClient c = new SimClient(sim).login();
        assertEquals(200, c.get("/disbursement/v1_0/account/balance").statusCode());
        sim.faults().expireAllTokens();
        assertEquals(401, c.get("/disbursement/v1_0/account/balance").statusCode());
        c.login();
        assertEquals(200, c.get("/disbursement/v1_0/account/balance").statusCode());
    }

    @Test
    void tokenTtlOverrideExpiresEarlyWhileAdvertising3600() {
        sim.faults().tokenTtlOverride(Duration.ofMillis(300));
        SimClient c = new SimClient(sim);
        HttpResponse<String> t = c.tokenResponse();
        assertEquals(3600, json(t).get("expires_in").asInt());
        c.token = json(t).get("access_token").asText();
        assertEquals(200, c.get("/disbursement/v1_0/account/balance").statusCode());
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
            .until(() -> c.get("/disbursement/v1_0/account/balance").statusCode() == 401);
    }
}
