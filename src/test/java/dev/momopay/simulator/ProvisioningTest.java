package dev.momopay.simulator;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static dev.momopay.simulator.SimClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvisioningTest {

    private static HttpResponse<String> createUser(MomoSimulator sim, String key, String ref, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1_0/apiuser"))
            .header("Ocp-Apim-Subscription-Key", key).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (ref != null) {
            b.header("X-Reference-Id", ref);
        }
        return SimClient.send(b);
    }

    private static HttpResponse<String> createKey(MomoSimulator sim, String key, String user) {
        return SimClient.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1_0/apiuser/" + user + "/apikey"))
            .header("Ocp-Apim-Subscription-Key", key).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static HttpResponse<String> getUser(MomoSimulator sim, String key, String user) {
        return SimClient.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1_0/apiuser/" + user))
            .header("Ocp-Apim-Subscription-Key", key).GET());
    }

    @Test
    void provisionUserAndKeyThenUseThem() {
        try (MomoSimulator sim = MomoSimulator.start(SimulatorConfig.defaults().withCallbackHostCheck(true))) {
            String key = sim.subscriptionKey();
            String user = UUID.randomUUID().toString();
            HttpResponse<String> created = createUser(sim, key, user, "{\"providerCallbackHost\":\"webhook.example\"}");
            assertEquals(201, created.statusCode());
            assertEquals("", created.body());
            HttpResponse<String> dup = createUser(sim, key, user, "{\"providerCallbackHost\":\"other.example\"}");
            assertEquals(409, dup.statusCode());
            assertEquals("RESOURCE_ALREADY_EXIST", json(dup).get("status").asText());
            assertEquals(409, createUser(sim, key, sim.apiUser(), "{\"providerCallbackHost\":\"x\"}").statusCode());

            HttpResponse<String> info = getUser(sim, key, user);
            assertEquals(200, info.statusCode());
            assertEquals("webhook.example", json(info).get("providerCallbackHost").asText());
            assertEquals("sandbox", json(info).get("targetEnvironment").asText());

            // a user without a key cannot log in yet
            SimClient c = new SimClient(sim.baseUrl(), key, user, "", "sandbox");
            assertEquals(401, c.tokenResponse().statusCode());
            HttpResponse<String> k1 = createKey(sim, key, user);
            assertEquals(201, k1.statusCode());
            String apiKey = json(k1).get("apiKey").asText();
            assertTrue(apiKey.matches("[0-9a-f]{32}"));
            c.apiKey = apiKey;
            c.login();
            assertEquals(200, c.get("/disbursement/v1_0/account/balance").statusCode());
            // the callback host check uses this user's providerCallbackHost
            HttpResponse<String> badHost = c.transfer(UUID.randomUUID(), "46733000001", "1",
                "X-Callback-Url", "http://127.0.0.1:1/cb");
            assertEquals(500, badHost.statusCode());
            assertEquals("INVALID_CALLBACK_URL_HOST", json(badHost).get("code").asText());
            assertEquals(202, c.transfer(UUID.randomUUID(), "46733000001", "1",
                "X-Callback-Url", "http://webhook.example/cb").statusCode());
            // a new key replaces the old one
            String apiKey2 = json(createKey(sim, key, user)).get("apiKey").asText();
            assertNotEquals(apiKey, apiKey2);
            assertEquals(401, c.tokenResponse().statusCode());
            c.apiKey = apiKey2;
            assertEquals(200, c.tokenResponse().statusCode());
        }
    }

    @Test
    void provisioningErrors() {
        try (MomoSimulator sim = MomoSimulator.start(SimulatorConfig.defaults()
            .withAccount("uganda", "ug-key", UUID.randomUUID().toString(), "ug-secret", "mtnuganda", "UGX"))) {
            String key = sim.subscriptionKey();
            assertEquals(400, createUser(sim, key, "not-a-uuid", "{\"providerCallbackHost\":\"a\"}").statusCode());
            assertEquals(400, createUser(sim, key, null, "{\"providerCallbackHost\":\"a\"}").statusCode());
            assertEquals(400, createUser(sim, key, UUID.randomUUID().toString(), "{}").statusCode());
            assertEquals(401, createUser(sim, "wrong", UUID.randomUUID().toString(), "{\"providerCallbackHost\":\"a\"}")
                .statusCode());
            assertEquals(404, createKey(sim, key, UUID.randomUUID().toString()).statusCode());
            assertEquals(404, getUser(sim, key, UUID.randomUUID().toString()).statusCode());
            // production markets have no provisioning API
            assertEquals(404, createUser(sim, "ug-key", UUID.randomUUID().toString(), "{\"providerCallbackHost\":\"a\"}")
                .statusCode());
        }
    }

    @Test
    void conflictBodyKeySwitchAndKeyRegenerationRevokesTokens() {
        try (MomoSimulator sim = MomoSimulator.start(SimulatorConfig.defaults().withProvisioningConflictKey("code")
            .withApiKeyRegenerationRevokesTokens(true))) {
            HttpResponse<String> dup = createUser(sim, sim.subscriptionKey(), sim.apiUser(), "{\"providerCallbackHost\":\"x\"}");
            assertEquals("RESOURCE_ALREADY_EXIST", json(dup).get("code").asText());
            SimClient c = new SimClient(sim).login();
            assertEquals(200, c.get("/disbursement/v1_0/account/balance").statusCode());
            String newKey = json(createKey(sim, sim.subscriptionKey(), sim.apiUser())).get("apiKey").asText();
            assertEquals(newKey, sim.apiKey());
            assertEquals(401, c.get("/disbursement/v1_0/account/balance").statusCode());
        }
    }
}
