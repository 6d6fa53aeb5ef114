package dev.momopay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momopay.simulator.ledger.Operation;
import dev.momopay.simulator.ledger.TransactionView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static dev.momopay.simulator.SimClient.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransactionTest {
    static MomoSimulator sim;
    static SimClient c;

    @BeforeAll
    static void start() {
        sim = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ofMillis(300)));
        c = new SimClient(sim).login();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void transferIsAcceptedWithEmptyBodyThenPendingThenSuccessful() {
        UUID ref = UUID.randomUUID();
        HttpResponse<String> r = c.transfer(ref, "46733999999", "5.0");
        assertEquals(202, r.statusCode());
        assertEquals("", r.body());
        JsonNode p = json(c.status("transfer", ref));
        assertEquals("PENDING", p.get("status").asText());
        assertFalse(p.has("financialTransactionId"));
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
            .until(() -> json(c.status("transfer", ref)).get("status").asText().equals("SUCCESSFUL"));
        JsonNode s = json(c.status("transfer", ref));
        assertEquals("5.0", s.get("amount").asText());
        assertEquals("EUR", s.get("currency").asText());
        assertEquals("ext-1", s.get("externalId").asText());
        assertEquals("MSISDN", s.get("payee").get("partyIdType").asText());
        assertEquals("46733999999", s.get("payee").get("partyId").asText());
        assertEquals("salary", s.get("payerMessage").asText());
        assertEquals("thanks", s.get("payeeNote").asText());
        assertTrue(s.get("financialTransactionId").asText().matches("\\d+"));
        assertFalse(s.has("reason"));
        TransactionView v = sim.ledger().transaction(ref).orElseThrow();
        assertEquals(Operation.TRANSFER, v.operation());
        assertEquals(1, v.version());
        assertEquals("SUCCESSFUL", v.status());
        assertNotNull(v.finalAt());
        assertTrue(!v.finalAt().isBefore(v.createdAt().plusMillis(250)), "final after the completion delay");
        assertEquals(s.get("financialTransactionId").asText(), v.financialTransactionId());
    }

    @Test
    void depositV1AndV2AndStatusAtV1Path() {
        UUID r1 = UUID.randomUUID();
        UUID r2 = UUID.randomUUID();
        assertEquals(202, c.deposit(1, r1, "46733000011", "10").statusCode());
        assertEquals(202, c.deposit(2, r2, "46733000012", "11").statusCode());
        assertEquals(200, c.status("deposit", r1).statusCode());
        assertEquals("11", json(c.status("deposit", r2)).get("amount").asText());
        assertEquals(2, sim.ledger().transaction(r2).orElseThrow().version());
        assertEquals(Operation.DEPOSIT, sim.ledger().transaction(r2).orElseThrow().operation());
    }

    @Test
    void refundV1AndV2CarryPayee() {
        UUID original = UUID.randomUUID();
        assertEquals(202, c.transfer(original, "46733000021", "30").statusCode());
        UUID r1 = UUID.randomUUID();
        UUID r2 = UUID.randomUUID();
        assertEquals(202, c.refund(1, r1, original.toString(), "30").statusCode());
        assertEquals(202, c.refund(2, r2, UUID.randomUUID().toString(), "3").statusCode());
        JsonNode s1 = json(c.status("refund", r1));
        assertEquals("46733000021", s1.get("payee").get("partyId").asText());
        assertTrue(json(c.status("refund", r2)).has("payee"));
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
            .until(() -> json(c.status("refund", r2)).get("status").asText().equals("SUCCESSFUL"));
    }

    @Test
    void anyReusedReferenceIs409AcrossOperationsAndOutcomes() {
        UUID ref = UUID.randomUUID();
        assertEquals(202, c.transfer(ref, "46733123450", "1").statusCode()); // will FAIL
        HttpResponse<String> again = c.transfer(ref, "46733000001", "1");
        assertEquals(409, again.statusCode());
        assertEquals("RESOURCE_ALREADY_EXIST", json(again).get("code").asText());
        assertEquals("Duplicated reference id. Creation of resource failed.", json(again).get("message").asText());
        assertEquals(409, c.deposit(2, ref, "46733000001", "1").statusCode());
        assertEquals(409, c.refund(1, ref, UUID.randomUUID().toString(), "1").statusCode());
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
            .until(() -> sim.ledger().transaction(ref).orElseThrow().status().equals("FAILED"));
        assertEquals(409, c.transfer(ref, "46733000001", "1").statusCode());
        assertEquals(5, sim.ledger().postAttempts(ref));
        assertEquals("46733123450", sim.ledger().transaction(ref).orElseThrow().payee().partyId());
    }

    @Test
    void statusGetErrors() {
        HttpResponse<String> unknown = c.status("transfer", UUID.randomUUID());
        assertEquals(404, unknown.statusCode());
        assertEquals("RESOURCE_NOT_FOUND", json(unknown).get("code").asText());
        assertEquals(400, c.status("transfer", "incorrect_referenceid").statusCode());
        UUID ref = UUID.randomUUID();
        assertEquals(202, c.transfer(ref, "46733000031", "1").statusCode());
        assertEquals(404, c.status("deposit", ref).statusCode());
        assertEquals(404, c.status("refund", ref).statusCode());
        assertEquals(200, c.status("transfer", ref).statusCode());
        assertEquals(3, sim.ledger().statusGets(ref));
    }

    @Test
    void requestValidation() {
        // X-Reference-Id: missing, not a UUID, UUID version 1
        assertEquals(400, c.transfer(null, "46733000001", "1").statusCode());
        assertEquals(400, c.post("/disbursement/v1_0/transfer", null, SimClient.body("1", "EUR", "46733000001"),
            "X-Reference-Id", "not-a-uuid").statusCode());
        UUID v1 = UUID.fromString("c232ab00-9414-11ec-b3c8-9f6bdeced846");
        assertEquals(400, c.transfer(v1, "46733000001", "1").statusCode());
        assertEquals(1, sim.ledger().postAttempts(v1), "refused POSTs are counted");
        assertTrue(sim.ledger().transaction(v1).isEmpty());
        // present-but-empty callback URL
        assertEquals(400, c.transfer(UUID.randomUUID(), "46733000001", "1", "X-Callback-Url", "").statusCode());
        // notes > 160 chars, special characters
        String long161 = "x".repeat(161);
        assertEquals(400, c.post("/disbursement/v1_0/transfer", UUID.randomUUID(),
            SimClient.body("1", "EUR", "46733000001").replace("\"salary\"", "\"" + long161 + "\"")).statusCode());
        assertEquals(202, c.post("/disbursement/v1_0/transfer", UUID.randomUUID(),
            SimClient.body("1", "EUR", "46733000001").replace("\"salary\"", "\"" + "x".repeat(160) + "\"")).statusCode());
        assertEquals(400, c.post("/disbursement/v1_0/transfer", UUID.randomUUID(),
            SimClient.body("1", "EUR", "46733000001").replace("\"thanks\"", "\"" + "x".repeat(161) + "\"")).statusCode());
        assertEquals(400, c.post("/disbursement/v1_0/transfer", UUID.randomUUID(),
            SimClient.body("1", "EUR", "46733000001").replace("\"thanks\"", "\"rock & roll\"")).statusCode());
        // amount
        for (String bad : new String[] {"abc", "-5", "0", "0.00", "", "1e3"}) {
            assertEquals(400, c.transfer(UUID.randomUUID(), "46733000001", bad).statusCode(), bad);
        }
        assertEquals(400, c.post("/disbursement/v1_0/transfer", UUID.randomUUID(),
            "{\"amount\":5,\"currency\":\"EUR\",\"payee\":{\"partyIdType\":\"MSISDN\",\"partyId\":\"1\"}}").statusCode());
        // payee, body
        assertEquals(400, c.post("/disbursement/v1_0/transfer", UUID.randomUUID(),
            "{\"amount\":\"5\",\"currency\":\"EUR\"}").statusCode());
        assertEquals(400, c.post("/disbursement/v1_0/transfer", UUID.randomUUID(), "not json").statusCode());
        // currency
        UUID usd = UUID.randomUUID();
        HttpResponse<String> cur = c.post("/disbursement/v1_0/transfer", usd, SimClient.body("1", "USD", "46733000001"));
        assertEquals(500, cur.statusCode());
        assertEquals("INVALID_CURRENCY", json(cur).get("code").asText());
        assertTrue(sim.ledger().transaction(usd).isEmpty());
        // a refused reference is not consumed
        assertEquals(202, c.transfer(usd, "46733000001", "1").statusCode());
    }

    @Test
    void completionDelayZeroIsFinalOnFirstGet() {
        try (MomoSimulator s = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ZERO))) {
            SimClient k = new SimClient(s).login();
            UUID ref = UUID.randomUUID();
            assertEquals(202, k.transfer(ref, "46733000041", "1").statusCode());
            assertEquals("SUCCESSFUL", json(k.status("transfer", ref)).get("status").asText());
            UUID bad = UUID.randomUUID();
            assertEquals(202, k.deposit(1, bad, "46733123455", "1").statusCode());
            JsonNode f = json(k.status("deposit", bad));
            assertEquals("FAILED", f.get("status").asText());
            assertEquals("PAYER_NOT_FOUND", f.get("reason").asText());
            assertFalse(f.has("financialTransactionId"));
        }
    }

    @Test
    void reasonAsObjectSwitchAndAmountNormalisation() {
        try (MomoSimulator s = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ZERO)
            .withReasonAsObject(true).withNormalizeAmount(true))) {
            SimClient k = new SimClient(s).login();
            UUID ref = UUID.randomUUID();
            assertEquals(202, k.transfer(ref, "46733123457", "6.0").statusCode());
            JsonNode f = json(k.status("transfer", ref));
            assertEquals("PAYEE_NOT_FOUND", f.get("reason").get("code").asText());
            assertTrue(f.get("reason").get("message").isTextual());
            assertEquals("6", f.get("amount").asText());
        }
    }

    @Test
    void completeNowForcesAndOverridesFinalStatus() {
        try (MomoSimulator s = MomoSimulator.start(SimulatorConfig.defaults()
            .withFloat("EUR", new BigDecimal("100")))) {
            SimClient k = new SimClient(s).login();
            UUID ref = UUID.randomUUID();
            assertEquals(202, k.transfer(ref, "46733123453", "2").statusCode()); // ongoing: PENDING forever
            assertEquals("PENDING", json(k.status("transfer", ref)).get("status").asText());
            s.completeNow(ref, "SUCCESSFUL", null);
            assertEquals("SUCCESSFUL", json(k.status("transfer", ref)).get("status").asText());
            assertEquals(new BigDecimal("98"), s.balance("EUR"));
            s.completeNow(ref, "FAILED", "NOT_ALLOWED");
            JsonNode f = json(k.status("transfer", ref));
            assertEquals("FAILED", f.get("status").asText());
            assertEquals("NOT_ALLOWED", f.get("reason").asText());
            assertEquals(new BigDecimal("100"), s.balance("EUR"));
            assertNull(s.ledger().transaction(ref).orElseThrow().financialTransactionId());
        }
    }
}
