package dev.momopay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static dev.momopay.simulator.SimClient.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallbackTest {
    CallbackServer cb;

    @BeforeEach
    void start() throws Exception {
        cb = new CallbackServer();
    }

    @AfterEach
    void stop() {
        cb.close();
    }

    private static SimulatorConfig fast() {
        return SimulatorConfig.defaults().withCompletionDelay(Duration.ofMillis(100));
    }

    @Test
    void v1IsPostV2IsPutAndBodyEqualsStatusGet() throws Exception {
        try (MomoSimulator sim = MomoSimulator.start(fast())) {
            SimClient c = new SimClient(sim).login();
            UUID t = UUID.randomUUID();
            UUID d1 = UUID.randomUUID();
            UUID d2 = UUID.randomUUID();
            UUID r2 = UUID.randomUUID();
            UUID failed = UUID.randomUUID();
            c.transfer(t, "46733000001", "7", "X-Callback-Url", cb.url("/t"));
            c.deposit(1, d1, "46733000002", "8", "X-Callback-Url", cb.url("/d1"));
            c.deposit(2, d2, "46733000003", "9", "X-Callback-Url", cb.url("/d2"));
            c.refund(2, r2, UUID.randomUUID().toString(), "1", "X-Callback-Url", cb.url("/r2"));
            c.transfer(failed, "46733123456", "1", "X-Callback-Url", cb.url("/f"));
            await().atMost(Duration.ofSeconds(5)).until(() -> cb.received.size() == 5);
            assertEquals("POST", cb.forPath("/t").get(0).method());
            assertEquals("POST", cb.forPath("/d1").get(0).method());
            assertEquals("PUT", cb.forPath("/d2").get(0).method());
            assertEquals("PUT", cb.forPath("/r2").get(0).method());
            assertEquals(json(c.status("transfer", t)), SimClient.JSON.readTree(cb.forPath("/t").get(0).body()));
            assertEquals(json(c.status("deposit", d2)), SimClient.JSON.readTree(cb.forPath("/d2").get(0).body()));
            assertEquals(json(c.status("refund", r2)), SimClient.JSON.readTree(cb.forPath("/r2").get(0).body()));
            JsonNode f = SimClient.JSON.readTree(cb.forPath("/f").get(0).body());
            assertEquals("FAILED", f.get("status").asText());
            assertEquals("PAYER_LIMIT_REACHED", f.get("reason").asText());
            assertEquals(json(c.status("transfer", failed)), f);
            assertEquals(1, sim.ledger().transaction(t).orElseThrow().callbackAttempts());
            assertTrue(sim.ledger().transaction(t).orElseThrow().callbackDelivered());
            // once only, no retry, no callback for PENDING
            UUID pending = UUID.randomUUID();
            c.transfer(pending, "46733123454", "1", "X-Callback-Url", cb.url("/p"));
            await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> cb.received.size() == 5);
        }
    }

    @Test
    void noRetryByDefaultRetryLadderWhenSwitchedOn() {
        try (MomoSimulator sim = MomoSimulator.start(fast())) {
            SimClient c = new SimClient(sim).login();
            cb.failFirst.set(1);
            UUID ref = UUID.randomUUID();
            c.transfer(ref, "46733000001", "1", "X-Callback-Url", cb.url("/once"));
            await().atMost(Duration.ofSeconds(3)).until(() -> cb.received.size() == 1);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> cb.received.size() == 1);
            assertEquals(false, sim.ledger().transaction(ref).orElseThrow().callbackDelivered());
        }
        try (MomoSimulator sim = MomoSimulator.start(fast().withCallbackRetry(true, Duration.ofMillis(20),
            Duration.ofMillis(50)))) {
            SimClient c = new SimClient(sim).login();
            cb.failFirst.set(3);
            UUID ref = UUID.randomUUID();
            c.transfer(ref, "46733000001", "1", "X-Callback-Url", cb.url("/retry"));
            await().atMost(Duration.ofSeconds(3)).until(() -> sim.ledger().transaction(ref).orElseThrow().callbackDelivered());
            assertEquals(4, cb.forPath("/retry").size());
            assertEquals(4, sim.ledger().transaction(ref).orElseThrow().callbackAttempts());
        }
    }

    @Test
    void callbackBeforePostAnswer() {
        try (MomoSimulator sim = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ofSeconds(5)))) {
            SimClient c = new SimClient(sim).login();
            sim.faults().callbackBeforeResponse(true);
            UUID ref = UUID.randomUUID();
            HttpResponse<String> r = c.transfer(ref, "46733000001", "1", "X-Callback-Url", cb.url("/early"));
            assertEquals(202, r.statusCode());
            // the callback has already arrived when the 202 is seen, long before the 5 s completion delay
            assertEquals(1, cb.forPath("/early").size());
            assertEquals("SUCCESSFUL", SimClient.json(c.status("transfer", ref)).get("status").asText());
        }
    }

    @Test
    void contradictoryCallback() throws Exception {
        try (MomoSimulator sim = MomoSimulator.start(fast())) {
            SimClient c = new SimClient(sim).login();
            sim.faults().contradictoryCallback(true);
            UUID ok = UUID.randomUUID();
            UUID ko = UUID.randomUUID();
            c.transfer(ok, "46733000001", "1", "X-Callback-Url", cb.url("/ok"));
            c.transfer(ko, "46733123450", "1", "X-Callback-Url", cb.url("/ko"));
            await().atMost(Duration.ofSeconds(3)).until(() -> cb.received.size() == 2);
            assertEquals("FAILED", SimClient.JSON.readTree(cb.forPath("/ok").get(0).body()).get("status").asText());
            assertEquals("SUCCESSFUL", json(c.status("transfer", ok)).get("status").asText());
            assertEquals("SUCCESSFUL", SimClient.JSON.readTree(cb.forPath("/ko").get(0).body()).get("status").asText());
            assertEquals("FAILED", json(c.status("transfer", ko)).get("status").asText());
        }
    }

    @Test
    void callbacksOffAndDropped() {
        try (MomoSimulator sim = MomoSimulator.start(fast().withCallbacks(false))) {
            SimClient c = new SimClient(sim).login();
            UUID ref = UUID.randomUUID();
            c.transfer(ref, "46733000001", "1", "X-Callback-Url", cb.url("/off"));
            await().atMost(Duration.ofSeconds(2)).until(() -> sim.ledger().transaction(ref).orElseThrow().isFinal());
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> cb.received.isEmpty());
            assertEquals(cb.url("/off"), sim.ledger().transaction(ref).orElseThrow().callbackUrl());
        }
    }

    /** MoMo refuses a callback host other than the API user's registered one; so does the simulator unless told not to. */
    @Test
    void theHostCheckIsOnByDefault() {
        try (MomoSimulator sim = MomoSimulator.start(SimulatorConfig.defaults())) {
            SimClient c = new SimClient(sim).login();
            UUID foreign = UUID.randomUUID();
            HttpResponse<String> refused = c.transfer(foreign, "46733000001", "1",
                "X-Callback-Url", "http://127.0.0.1:9/cb");
            assertEquals(500, refused.statusCode());
            assertEquals("INVALID_CALLBACK_URL_HOST", json(refused).get("code").asText());
            assertTrue(sim.ledger().transaction(foreign).isEmpty(), "a refused POST is not in the ledger");
            assertEquals(202, c.transfer(UUID.randomUUID(), "46733000001", "1", "X-Callback-Url",
                "http://localhost:9/cb").statusCode(), "the default registered host is localhost");
            assertEquals(202, c.transfer(UUID.randomUUID(), "46733000001", "1").statusCode(), "no callback, no check");
        }
        try (MomoSimulator sim = MomoSimulator.start(SimulatorConfig.defaults().withCallbackHostCheck(false))) {
            assertEquals(202, new SimClient(sim).login().transfer(UUID.randomUUID(), "46733000001", "1",
                "X-Callback-Url", "http://127.0.0.1:9/cb").statusCode());
        }
    }

    @Test
    void callbackHostCheck() {
        try (MomoSimulator sim = MomoSimulator.start(fast().withProviderCallbackHost("localhost"))) {
            SimClient c = new SimClient(sim).login();
            HttpResponse<String> bad = c.transfer(UUID.randomUUID(), "46733000001", "1",
                "X-Callback-Url", "http://evil.example.com/cb");
            assertEquals(500, bad.statusCode());
            assertEquals("INVALID_CALLBACK_URL_HOST", json(bad).get("code").asText());
            assertEquals(202, c.transfer(UUID.randomUUID(), "46733000001", "1", "X-Callback-Url", cb.url("/good"))
                .statusCode());
            await().atMost(Duration.ofSeconds(3)).until(() -> cb.forPath("/good").size() == 1);
        }
    }

    /** An API user that registers another host (as re-registering does) has its callback URLs checked against it. */
    @Test
    void aReRegisteredCallbackHostIsTheOneChecked() {
        try (MomoSimulator sim = MomoSimulator.start(fast())) {
            SimClient c = new SimClient(sim).login();
            sim.registerCallbackHost(sim.apiUser(), "payouts.example.com");
            assertEquals("payouts.example.com", sim.registeredCallbackHost(sim.apiUser()));
            HttpResponse<String> refused = c.transfer(UUID.randomUUID(), "46733000001", "1",
                "X-Callback-Url", cb.url("/local"));
            assertEquals(500, refused.statusCode());
            assertEquals("INVALID_CALLBACK_URL_HOST", json(refused).get("code").asText());
            assertEquals(202, c.transfer(UUID.randomUUID(), "46733000001", "1",
                "X-Callback-Url", "https://payouts.example.com/cb").statusCode());
        }
    }
}
