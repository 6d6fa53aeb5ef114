package dev.momopay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static dev.momopay.simulator.SimClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlApiTest {

    private static HttpResponse<String> call(MomoSimulator sim, String method, String path, String body) {
        return SimClient.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void ledgerConfigFloatHoldersAndCompletion() {
        try (MomoSimulator sim = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ZERO))) {
            SimClient c = new SimClient(sim).login();
            UUID ref = UUID.randomUUID();
            String cbUrl = "http://localhost:9/never";
            c.transfer(ref, "46733123453", "12.5", "X-Callback-Url", cbUrl);
            c.transfer(ref, "46733123453", "12.5");
            c.status("transfer", ref);

            JsonNode config = json(call(sim, "GET", "/_sim/config", null));
            assertEquals(sim.subscriptionKey(), config.get("accounts").get(0).get("subscriptionKey").asText());
            assertEquals(sim.apiUser(), config.get("accounts").get(0).get("apiUser").asText());
            assertEquals(sim.baseUrl(), config.get("baseUrl").asText());

            JsonNode ledger = json(call(sim, "GET", "/_sim/ledger", null));
            assertEquals(1, ledger.get("totals").get("accepted").asInt());
            assertEquals(1, ledger.get("totals").get("pending").asInt());
            assertEquals(2, ledger.get("totals").get("postAttempts").asInt());
            JsonNode tx = ledger.get("transactions").get(0);
            assertEquals(ref.toString(), tx.get("referenceId").asText());
            assertEquals("TRANSFER", tx.get("operation").asText());
            assertEquals("12.5", tx.get("amount").asText());
            assertEquals(cbUrl, tx.get("callbackUrl").asText());
            assertEquals(2, tx.get("postAttempts").asInt());
            assertEquals(1, tx.get("acceptedPostAttempts").asInt(), "the repeat got 409: MoMo did not accept it");
            assertEquals(1, tx.get("statusGets").asInt());

            JsonNode one = json(call(sim, "GET", "/_sim/ledger/" + ref, null));
            assertEquals("PENDING", one.get("transaction").get("status").asText());
            assertEquals(404, call(sim, "GET", "/_sim/ledger/" + UUID.randomUUID(), null).statusCode());

            HttpResponse<String> done = call(sim, "POST", "/_sim/transactions/" + ref + "/complete",
                "{\"status\":\"FAILED\",\"reason\":\"EXPIRED\"}");
            assertEquals(200, done.statusCode());
            assertEquals("EXPIRED", json(c.status("transfer", ref)).get("reason").asText());
            assertEquals(400, call(sim, "POST", "/_sim/transactions/" + ref + "/complete", "{\"status\":\"MAYBE\"}")
                .statusCode());
            assertEquals(404, call(sim, "POST", "/_sim/transactions/" + UUID.randomUUID() + "/complete",
                "{\"status\":\"FAILED\"}").statusCode());

            assertEquals("1000000", json(call(sim, "GET", "/_sim/float", null)).get("default").get("EUR").asText());
            assertEquals("5", json(call(sim, "POST", "/_sim/float", "{\"amount\":\"5\",\"mode\":\"set\"}"))
                .get("availableBalance").asText());
            assertEquals("5", json(c.get("/disbursement/v1_0/account/balance")).get("availableBalance").asText());

            assertEquals(200, call(sim, "POST", "/_sim/accountholders",
                "{\"id\":\"46733000300\",\"state\":\"NOT_FOUND\"}").statusCode());
            assertEquals(404, c.get("/disbursement/v1_0/accountholder/msisdn/46733000300/active").statusCode());
            assertEquals(204, call(sim, "DELETE", "/_sim/accountholders", null).statusCode());
            assertTrue(json(c.get("/disbursement/v1_0/accountholder/msisdn/46733000300/active")).get("result").asBoolean());
        }
    }

    @Test
    void anApiUsersCallbackHostIsReRegisteredThroughTheControlApi() {
        try (MomoSimulator sim = MomoSimulator.start(SimulatorConfig.defaults())) {
            HttpResponse<String> put = call(sim, "PUT", "/_sim/apiusers/" + sim.apiUser(),
                "{\"providerCallbackHost\":\"payouts.example.com\"}");
            assertEquals(200, put.statusCode(), put.body());
            assertEquals("payouts.example.com", sim.registeredCallbackHost(sim.apiUser()));
            assertEquals("payouts.example.com", json(call(sim, "GET", "/_sim/config", null)).get("accounts").get(0)
                .get("providerCallbackHost").asText());
            SimClient c = new SimClient(sim).login();
            assertEquals(500, c.transfer(UUID.randomUUID(), "46733000001", "1", "X-Callback-Url",
                "http://localhost:9/cb").statusCode());
            assertEquals(400, call(sim, "PUT", "/_sim/apiusers/" + sim.apiUser(), "{}").statusCode());
            assertEquals(404, call(sim, "PUT", "/_sim/apiusers/" + UUID.randomUUID(),
                "{\"providerCallbackHost\":\"x.example\"}").statusCode());
        }
    }
}
