package dev.momopay.simulator;

import dev.momopay.simulator.faults.AcceptThenFailMode;
import dev.momopay.simulator.faults.EndpointClass;
import dev.momopay.simulator.ledger.TransactionView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.momopay.simulator.SimClient.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultsTest {
    static MomoSimulator sim;
    static SimClient c;

    @BeforeAll
    static void start() {
        sim = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ofMillis(100))
            .withAccount("ghana", "ghana-key", "6d3f1a52-0b4e-4c7f-8f1d-2a9b3c4d5e6f", "ghana-secret", "mtnghana", "GHS"));
        c = new SimClient(sim).login();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.faults().reset();
        sim.faults("ghana").reset();
    }

    @Test
    void acceptThen500IsRecordedAndCompletes() {
        sim.faults().acceptThenFail(1, AcceptThenFailMode.HTTP_500);
        UUID ref = UUID.randomUUID();
        HttpResponse<String> r = c.transfer(ref, "46733000001", "3");
        assertEquals(500, r.statusCode());
        assertEquals("", r.body());
        TransactionView v = sim.ledger().transaction(ref).orElseThrow();
        assertEquals("HTTP_500", v.responseFault());
        await().atMost(Duration.ofSeconds(3)).until(() -> json(c.status("transfer", ref)).get("status").asText()
            .equals("SUCCESSFUL"));
        // the retry with the same reference is a 409: the ambiguous case resolved by the GET
        assertEquals(409, c.transfer(ref, "46733000001", "3").statusCode());
        assertEquals(2, sim.ledger().postAttempts(ref));
        // only the next one was affected
        assertEquals(202, c.transfer(UUID.randomUUID(), "46733000001", "3").statusCode());
    }

    @Test
    void acceptThenDropClosesTheConnection() {
        sim.faults().acceptThenFail(1, AcceptThenFailMode.DROP);
        UUID ref = UUID.randomUUID();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> c.transfer(ref, "46733000001", "4"));
        assertInstanceOf(IOException.class, e.getCause());
        assertEquals("DROP", sim.ledger().transaction(ref).orElseThrow().responseFault());
        assertEquals(200, c.status("transfer", ref).statusCode());
    }

    @Test
    void acceptThenHangNeverAnswers() {
        sim.faults().acceptThenFail(2, AcceptThenFailMode.HANG);
        UUID ref = UUID.randomUUID();
        HttpRequest req = c.product("/disbursement/v1_0/transfer").timeout(Duration.ofMillis(500))
            .header("X-Reference-Id", ref.toString()).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(SimClient.body("5", "EUR", "46733000001"))).build();
        IOException e = assertThrows(IOException.class,
            () -> SimClient.HTTP.send(req, HttpResponse.BodyHandlers.ofString()));
        assertInstanceOf(HttpTimeoutException.class, e);
        assertEquals("HANG", sim.ledger().transaction(ref).orElseThrow().responseFault());
        await().atMost(Duration.ofSeconds(3)).until(() -> json(c.status("transfer", ref)).get("status").asText()
            .equals("SUCCESSFUL"));
    }

    @Test
    void manyHangingRequestsDoNotBlockTheSimulator() throws Exception {
        sim.faults().acceptThenFailRate(1.0, AcceptThenFailMode.HANG);
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> hanging = new ArrayList<>();
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 200; i++) {
            hanging.add(client.sendAsync(c.product("/disbursement/v1_0/transfer")
                .header("X-Reference-Id", UUID.randomUUID().toString()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SimClient.body("1", "EUR", "46733000001"))).build(),
                HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.ledger().transactions().stream()
            .filter(t -> "HANG".equals(t.responseFault())).count() >= 200);
        sim.faults().reset();
        long t0 = System.nanoTime();
        assertEquals(200, c.get("/disbursement/v1_0/account/balance").statusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() < 1000);
        assertTrue(hanging.stream().noneMatch(java.util.concurrent.CompletableFuture::isDone));
        hanging.forEach(f -> f.cancel(true));
    }

    @Test
    void unavailableBurstRecordsNothing() {
        sim.faults().unavailableBurst(EndpointClass.POST, 2);
        UUID ref = UUID.randomUUID();
        HttpResponse<String> r1 = c.transfer(ref, "46733000001", "1");
        assertEquals(503, r1.statusCode());
        assertEquals("SERVICE_UNAVAILABLE", json(r1).get("code").asText());
        assertEquals(503, c.transfer(ref, "46733000001", "1").statusCode());
        assertTrue(sim.ledger().transaction(ref).isEmpty());
        assertEquals(202, c.transfer(ref, "46733000001", "1").statusCode());
        assertEquals(3, sim.ledger().postAttempts(ref));
        // GETs of status unaffected by a POST burst; a STATUS burst
        sim.faults().unavailableBurst(EndpointClass.STATUS, 1);
        assertEquals(503, c.status("transfer", ref).statusCode());
        assertEquals(200, c.status("transfer", ref).statusCode());
        sim.faults().unavailableBurst(EndpointClass.TOKEN, 1);
        assertEquals(503, new SimClient(sim).tokenResponse().statusCode());
        assertEquals(200, new SimClient(sim).tokenResponse().statusCode());
    }

    @Test
    void errorRates() {
        sim.faults().errorRate(EndpointClass.POST, 1.0, 500);
        UUID ref = UUID.randomUUID();
        HttpResponse<String> r = c.transfer(ref, "46733000001", "1");
        assertEquals(500, r.statusCode());
        assertEquals("", r.body());
        assertTrue(sim.ledger().transaction(ref).isEmpty());
        sim.faults().errorRate(EndpointClass.POST, 0, 500).errorRate(EndpointClass.STATUS, 1.0, 503);
        assertEquals(202, c.transfer(ref, "46733000001", "1").statusCode());
        assertEquals(503, c.status("transfer", ref).statusCode());
        sim.faults().errorRate(EndpointClass.STATUS, 0.5, 500);
        int errors = 0;
        for (int i = 0; i < 200; i++) {
            if (c.status("transfer", ref).statusCode() == 500) {
                errors++;
            }
        }
        assertTrue(errors > 60 && errors < 140, "about half: " + errors);
    }

    @Test
    void statusRateLimitGives429WithRetryAfter() {
        UUID ref = UUID.randomUUID();
        c.transfer(ref, "46733000001", "1");
        sim.faults().statusRateLimit(5);
        int ok = 0;
        HttpResponse<String> limited = null;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = c.status("transfer", ref);
            if (r.statusCode() == 200) {
                ok++;
            } else {
                limited = r;
            }
        }
        assertTrue(ok >= 5 && ok <= 8, "ok=" + ok);
        assertEquals(429, limited.statusCode());
        assertEquals(429, json(limited).get("statusCode").asInt());
        assertTrue(json(limited).get("message").asText().startsWith("Rate limit is exceeded"));
        assertTrue(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertEquals(20, sim.ledger().statusGets(ref));
        // other endpoints are not limited
        assertEquals(202, c.transfer(UUID.randomUUID(), "46733000001", "1").statusCode());
        await().atMost(Duration.ofSeconds(2)).until(() -> c.status("transfer", ref).statusCode() == 200);
    }

    @Test
    void latencyPerEndpointClass() {
        sim.faults().latency(EndpointClass.STATUS, Duration.ofMillis(300), Duration.ofMillis(100));
        UUID ref = UUID.randomUUID();
        long t0 = System.nanoTime();
        assertEquals(202, c.transfer(ref, "46733000001", "1").statusCode());
        long post = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        t0 = System.nanoTime();
        assertEquals(200, c.status("transfer", ref).statusCode());
        long get = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        assertTrue(get >= 300 && get < 1500, "get took " + get);
        assertTrue(post < 250, "post took " + post);
    }

    @Test
    void faultsScopedToOneAccountBreakOnlyThatMarket() {
        Account ghana = sim.accounts().get(1);
        SimClient gh = SimClient.forAccount(sim, ghana).login();
        assertEquals("mtnghana", ghana.targetEnvironment());
        sim.faults("ghana-key").unavailableBurst(EndpointClass.POST, 100);
        HttpResponse<String> r = gh.post("/disbursement/v1_0/transfer", UUID.randomUUID(),
            SimClient.body("1", "GHS", "233240000001"));
        assertEquals(503, r.statusCode());
        assertEquals(202, c.transfer(UUID.randomUUID(), "46733000001", "1").statusCode());
        sim.faults("ghana").reset();
        assertEquals(202, gh.post("/disbursement/v1_0/transfer", UUID.randomUUID(),
            SimClient.body("1", "GHS", "233240000001")).statusCode());
        // a token of one market is not valid in the other; currencies and environments are per account
        SimClient mixed = new SimClient(sim);
        mixed.token = gh.token;
        assertEquals(401, mixed.get("/disbursement/v1_0/account/balance").statusCode());
        assertEquals(500, gh.post("/disbursement/v1_0/transfer", UUID.randomUUID(),
            SimClient.body("1", "EUR", "233240000001")).statusCode());
        assertEquals("GHS", json(gh.get("/disbursement/v1_0/account/balance")).get("currency").asText());
        // expiring one market's tokens leaves the other working
        sim.faults("ghana").expireAllTokens();
        assertEquals(401, gh.get("/disbursement/v1_0/account/balance").statusCode());
        assertEquals(200, c.get("/disbursement/v1_0/account/balance").statusCode());
    }

    @Test
    void faultsTargetedAtOneMsisdn() {
        sim.faults().target("46733000666").acceptThenFail(5, AcceptThenFailMode.HTTP_500);
        assertEquals(202, c.transfer(UUID.randomUUID(), "46733000001", "1").statusCode());
        assertEquals(500, c.transfer(UUID.randomUUID(), "46733000666", "1").statusCode());
    }

    @Test
    void faultsThroughTheControlApi() {
        HttpResponse<String> put = SimClient.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/faults"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"unavailableNext\":{\"POST\":1},"
                + "\"acceptThenFail\":{\"next\":1,\"mode\":\"HTTP_500\"}}")));
        assertEquals(200, put.statusCode());
        assertEquals(1, json(put).get("unavailableNext").get("POST").asInt());
        assertEquals(503, c.transfer(UUID.randomUUID(), "46733000001", "1").statusCode());
        assertEquals(500, c.transfer(UUID.randomUUID(), "46733000001", "1").statusCode());
        assertEquals(202, c.transfer(UUID.randomUUID(), "46733000001", "1").statusCode());
        // per account, unknown keys rejected, DELETE resets everything
        assertEquals(200, SimClient.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/faults?account=ghana"))
            .PUT(HttpRequest.BodyPublishers.ofString("{\"statusRateLimitPerSecond\":3}"))).statusCode());
        assertEquals(3.0, json(SimClient.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
            + "/_sim/faults?account=ghana")).GET())).get("statusRateLimitPerSecond").asDouble());
        assertEquals(400, SimClient.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/faults"))
            .PUT(HttpRequest.BodyPublishers.ofString("{\"bogus\":1}"))).statusCode());
        assertEquals(204, SimClient.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/faults"))
            .DELETE()).statusCode());
        assertEquals(0.0, json(SimClient.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
            + "/_sim/faults?account=ghana")).GET())).get("statusRateLimitPerSecond").asDouble());
        // expire tokens via HTTP
        SimClient k = new SimClient(sim).login();
        assertEquals(204, SimClient.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/tokens/expire"))
            .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        assertEquals(401, k.get("/disbursement/v1_0/account/balance").statusCode());
        c.login();
    }
}
