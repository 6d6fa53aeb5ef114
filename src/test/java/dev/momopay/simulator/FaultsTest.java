package dev.momopay.simulator;

import dev.momopay.simulator.faults.AcceptThenFailMode;
import com.fasterxml.jackson.databind.JsonNode;
import dev.momopay.simulator.faults.EndpointClass;
import dev.momopay.simulator.faults.Faults;
import dev.momopay.simulator.ledger.TransactionView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static dev.momopay.simulator.SimClient.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        // Answered at all while 200 requests hang: the hanging ones hold no thread the others need.
        assertEquals(200, c.get("/disbursement/v1_0/account/balance").statusCode());
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
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = c.status("transfer", ref);
            if (r.statusCode() == 200) {
                ok++;
            } else {
                limited = r;
            }
        }
        // A full bucket of 5, then 5 a second: the bound follows the time the loop took, however slow the machine.
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(ok >= 5 && ok <= 6 + 5 * seconds, ok + " answered in " + seconds + " s");
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
    void withoutItsDuplicateCheckMomoAcceptsAReusedReferenceAgainAndCountsIt() {
        UUID ref = UUID.randomUUID();
        assertEquals(202, c.transfer(ref, "46733000001", "2").statusCode());
        assertEquals(409, c.transfer(ref, "46733000001", "2").statusCode());
        assertEquals(1, sim.ledger().acceptedPostAttempts(ref), "a 409 is no accepted POST");
        sim.faults().noDuplicateCheck(true);
        assertEquals(202, c.transfer(ref, "46733000001", "2").statusCode());
        assertEquals(2, sim.ledger().acceptedPostAttempts(ref), "a double payment, as INV-1 sees it");
        assertEquals(3, sim.ledger().postAttempts(ref));
        sim.faults().reset();
        assertEquals(409, c.transfer(ref, "46733000001", "2").statusCode());
    }

    @Test
    void latencyPerEndpointClass() {
        sim.faults().latency(EndpointClass.STATUS, Duration.ofMillis(300), Duration.ofMillis(100));
        // What each class is given, decided by the simulator: status checks only.
        long statusDelay = sim.faults().latencyMillis(EndpointClass.STATUS);
        assertTrue(statusDelay >= 300 && statusDelay <= 400, "status delay " + statusDelay);
        assertEquals(0, sim.faults().latencyMillis(EndpointClass.POST));
        UUID ref = UUID.randomUUID();
        assertEquals(202, c.transfer(ref, "46733000001", "1").statusCode());
        long t0 = System.nanoTime();
        assertEquals(200, c.status("transfer", ref).statusCode());
        long get = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        assertTrue(get >= 300, "a status check is held at least its latency: " + get + " ms");
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

    // ------------------------------------------------------------------ MoMo quirks as run-time switches

    /** A payee MSISDN of this test only (outside the sandbox matrix numbers). */
    private static String freshMsisdn() {
        return "46799" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
    }

    private static HttpResponse<String> control(String method, String path, String body) {
        return SimClient.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void statusLagAnswers404UntilTheStatusViewCatchesUp() {
        sim.faults().statusLag(Duration.ofSeconds(1));
        UUID ref = UUID.randomUUID();
        assertEquals(202, c.transfer(ref, "46733000001", "1").statusCode());
        HttpResponse<String> early = c.status("transfer", ref);
        assertEquals(404, early.statusCode());
        assertEquals("RESOURCE_NOT_FOUND", json(early).get("code").asText());
        // the duplicate check does not lag, and the transaction completes on its own schedule (100 ms)
        assertEquals(409, c.transfer(ref, "46733000001", "1").statusCode());
        await().atMost(Duration.ofSeconds(1)).until(() -> sim.ledger().transaction(ref).orElseThrow().isFinal());
        assertEquals(404, c.status("transfer", ref).statusCode());
        await().atMost(Duration.ofSeconds(3)).until(() -> c.status("transfer", ref).statusCode() == 200);
        assertEquals("SUCCESSFUL", json(c.status("transfer", ref)).get("status").asText());
    }

    @Test
    void reusedReferenceRefusalAnswersInsteadOf409() {
        UUID ref = UUID.randomUUID();
        assertEquals(202, c.transfer(ref, "46733000001", "1").statusCode());
        sim.faults().reusedReferenceRefusal(500, "NOT_ENOUGH_FUNDS");
        HttpResponse<String> r = c.deposit(1, ref, "46733000001", "1");
        assertEquals(500, r.statusCode());
        assertEquals("NOT_ENOUGH_FUNDS", json(r).get("code").asText());
        assertEquals("Not enough funds.", json(r).get("message").asText());
        // new references are unaffected, every POST is counted, the original transaction is untouched
        assertEquals(202, c.transfer(UUID.randomUUID(), "46733000001", "1").statusCode());
        assertEquals(2, sim.ledger().postAttempts(ref));
        assertEquals("TRANSFER", sim.ledger().transaction(ref).orElseThrow().operation().name());
        sim.faults().clearReusedReferenceRefusal();
        assertEquals(409, c.transfer(ref, "46733000001", "1").statusCode());
    }

    @Test
    void callbackHostCheckSwitchOverridesTheConfiguration() {
        SimClient gh = SimClient.forAccount(sim, sim.accounts().get(1)).login();
        String body = SimClient.body("1", "GHS", "233240000001");
        String foreign = "http://127.0.0.1:9/cb"; // every account registers providerCallbackHost "localhost"
        // checked by default, in every account
        UUID ref = UUID.randomUUID();
        HttpResponse<String> refused = gh.post("/disbursement/v1_0/transfer", ref, body, "X-Callback-Url", foreign);
        assertEquals(500, refused.statusCode());
        assertEquals("INVALID_CALLBACK_URL_HOST", json(refused).get("code").asText());
        assertTrue(sim.ledger().transaction(ref).isEmpty());
        assertEquals(202, gh.post("/disbursement/v1_0/transfer", UUID.randomUUID(), body,
            "X-Callback-Url", "http://localhost:9/cb").statusCode());
        // the account's switch turns it off there only
        sim.faults("ghana").callbackHostCheck(false);
        assertEquals(202, gh.post("/disbursement/v1_0/transfer", ref, body, "X-Callback-Url", foreign).statusCode());
        assertEquals(500, c.transfer(UUID.randomUUID(), "46733000001", "1", "X-Callback-Url", foreign).statusCode());
        // the global switch wins over the account's
        sim.faults().callbackHostCheck(true);
        assertEquals(500, gh.post("/disbursement/v1_0/transfer", UUID.randomUUID(), body, "X-Callback-Url", foreign)
            .statusCode());
        sim.faults().callbackHostCheck(false);
        assertEquals(202, c.transfer(UUID.randomUUID(), "46733000001", "1", "X-Callback-Url", foreign).statusCode());
        // true also switches on a check the configuration leaves off
        try (MomoSimulator lax = MomoSimulator.start(SimulatorConfig.defaults().withCallbackHostCheck(false))) {
            SimClient k = new SimClient(lax).login();
            assertEquals(202, k.transfer(UUID.randomUUID(), "46733000001", "1", "X-Callback-Url", foreign).statusCode());
            lax.faults().callbackHostCheck(true);
            assertEquals(500, k.transfer(UUID.randomUUID(), "46733000001", "1", "X-Callback-Url", foreign).statusCode());
        }
    }

    @Test
    void apiDownAnswers503ToEveryMoMoCallOfTheScope() {
        SimClient gh = SimClient.forAccount(sim, sim.accounts().get(1)).login();
        sim.faults("ghana").apiDown(true);
        UUID ref = UUID.randomUUID();
        HttpResponse<String> post = gh.post("/disbursement/v1_0/transfer", ref, SimClient.body("1", "GHS", "233240000001"));
        assertEquals(503, post.statusCode());
        assertEquals("SERVICE_UNAVAILABLE", json(post).get("code").asText());
        assertTrue(sim.ledger().transaction(ref).isEmpty());
        assertEquals(1, sim.ledger().postAttempts(ref));
        assertEquals(503, gh.tokenResponse().statusCode());
        assertEquals(503, gh.status("transfer", ref).statusCode());
        assertEquals(503, gh.get("/disbursement/v1_0/account/balance").statusCode());
        assertEquals(503, gh.get("/disbursement/v1_0/accountholder/msisdn/233240000001/active").statusCode());
        // the other market and the control API still answer
        assertEquals(200, c.get("/disbursement/v1_0/account/balance").statusCode());
        assertTrue(json(control("GET", "/_sim/faults?account=ghana", null)).get("apiDown").asBoolean());
        // globally down: every account, even an unknown subscription key
        sim.faults("ghana").apiDown(false);
        sim.faults().apiDown(true);
        assertEquals(503, new SimClient(sim).tokenResponse().statusCode());
        assertEquals(503, c.transfer(UUID.randomUUID(), "46733000001", "1").statusCode());
        assertEquals(503, new SimClient(sim.baseUrl(), "no-such-key", sim.apiUser(), sim.apiKey(), "sandbox")
            .get("/disbursement/v1_0/account/balance").statusCode());
        sim.faults().apiDown(false);
        // the refused POST did not use up its reference
        assertEquals(202, gh.post("/disbursement/v1_0/transfer", ref, SimClient.body("1", "GHS", "233240000001"))
            .statusCode());
    }

    @Test
    void receiverLimitEndsFailedNotEnoughFundsWithoutSpendingTheFloat() {
        try (MomoSimulator s = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ZERO)
            .withFloat("EUR", new BigDecimal("100")))) {
            SimClient k = new SimClient(s).login();
            String limited = freshMsisdn();
            s.faults().receiverLimit(true).target(limited);
            UUID transfer = UUID.randomUUID();
            UUID deposit = UUID.randomUUID();
            UUID other = UUID.randomUUID();
            assertEquals(202, k.transfer(transfer, limited, "10").statusCode());
            assertEquals(202, k.deposit(2, deposit, limited, "10").statusCode());
            assertEquals(202, k.transfer(other, freshMsisdn(), "10").statusCode());
            for (UUID ref : List.of(transfer, deposit)) {
                JsonNode st = json(k.status(ref == transfer ? "transfer" : "deposit", ref));
                assertEquals("FAILED", st.get("status").asText());
                assertEquals("NOT_ENOUGH_FUNDS", st.get("reason").asText());
            }
            assertEquals("SUCCESSFUL", json(k.status("transfer", other)).get("status").asText());
            assertEquals(0, new BigDecimal("90").compareTo(s.balance("EUR")));
        }
    }

    @Test
    void nulInStatusPutsANulIntoOneFieldOfStatusAndCallbackBodies() throws Exception {
        try (CallbackServer cb = new CallbackServer()) {
            UUID ok = UUID.randomUUID();
            UUID clean = UUID.randomUUID();
            sim.faults().nulInStatus("financialTransactionId").target(ok.toString());
            c.transfer(ok, "46733000001", "1", "X-Callback-Url", cb.url("/ok"));
            c.transfer(clean, "46733000001", "1");
            await().atMost(Duration.ofSeconds(3)).until(() -> cb.forPath("/ok").size() == 1);
            JsonNode st = json(c.status("transfer", ok));
            String finId = st.get("financialTransactionId").asText();
            assertTrue(finId.indexOf('\u0000') > 0 && finId.indexOf('\u0000') < finId.length() - 1, finId);
            assertEquals(sim.ledger().transaction(ok).orElseThrow().financialTransactionId(), finId.replace("\u0000", ""));
            assertEquals(st, SimClient.JSON.readTree(cb.forPath("/ok").get(0).body()));
            await().atMost(Duration.ofSeconds(3)).until(() -> sim.ledger().transaction(clean).orElseThrow().isFinal());
            assertFalse(json(c.status("transfer", clean)).get("financialTransactionId").asText().contains("\u0000"));
            // reason of a FAILED transaction; externalId of any, PENDING included
            sim.faults().target(null).nulInStatus("reason");
            UUID ko = UUID.randomUUID();
            c.transfer(ko, "46733123450", "1");
            await().atMost(Duration.ofSeconds(3)).until(() -> json(c.status("transfer", ko)).get("status").asText()
                .equals("FAILED"));
            assertEquals("INTERNAL_PRO\u0000CESSING_ERROR", json(c.status("transfer", ko)).get("reason").asText());
            sim.faults().nulInStatus("externalId");
            UUID pending = UUID.randomUUID();
            c.transfer(pending, "46733123454", "1");
            assertEquals("ex\u0000t-1", json(c.status("transfer", pending)).get("externalId").asText());
            sim.faults().nulInStatus(null);
            assertEquals("ext-1", json(c.status("transfer", pending)).get("externalId").asText());
            assertThrows(IllegalArgumentException.class, () -> sim.faults().nulInStatus("amount"));
        }
    }

    @Test
    void newSwitchesThroughTheControlApiAndReset() {
        HttpResponse<String> put = control("PUT", "/_sim/faults?account=ghana", "{\"statusLagMs\":250,"
            + "\"reusedReferenceRefusal\":{\"status\":500,\"code\":\"NOT_ENOUGH_FUNDS\"},\"callbackHostCheck\":true,"
            + "\"apiDown\":true,\"receiverLimit\":true,\"nulInStatus\":\"reason\",\"noDuplicateCheck\":true}");
        assertEquals(200, put.statusCode());
        JsonNode f = json(put);
        assertEquals(250, f.get("statusLagMs").asLong());
        assertEquals(500, f.get("reusedReferenceRefusal").get("status").asInt());
        assertEquals("NOT_ENOUGH_FUNDS", f.get("reusedReferenceRefusal").get("code").asText());
        assertTrue(f.get("callbackHostCheck").asBoolean());
        assertTrue(f.get("apiDown").asBoolean());
        assertTrue(f.get("receiverLimit").asBoolean());
        assertEquals("reason", f.get("nulInStatus").asText());
        assertTrue(f.get("noDuplicateCheck").asBoolean());
        // the global scope is untouched
        assertEquals(202, c.transfer(UUID.randomUUID(), "46733000001", "1").statusCode());
        f = json(control("PUT", "/_sim/faults?account=ghana",
            "{\"reusedReferenceRefusal\":null,\"callbackHostCheck\":null,\"nulInStatus\":null,\"statusLagMs\":0}"));
        assertTrue(f.get("reusedReferenceRefusal").isNull());
        assertTrue(f.get("callbackHostCheck").isNull());
        assertTrue(f.get("nulInStatus").isNull());
        assertEquals(0, f.get("statusLagMs").asLong());
        assertEquals(400, control("PUT", "/_sim/faults", "{\"nulInStatus\":\"amount\"}").statusCode());
        assertEquals(400, control("PUT", "/_sim/faults", "{\"reusedReferenceRefusal\":{\"status\":500}}").statusCode());
        // reset() clears every switch
        sim.faults("ghana").statusLag(Duration.ofSeconds(1)).reusedReferenceRefusal(400, "X").callbackHostCheck(false)
            .nulInStatus("externalId").reset();
        assertEquals(new Faults(() -> { }).toJson(SimClient.JSON), sim.faults("ghana").toJson(SimClient.JSON));
    }
}
