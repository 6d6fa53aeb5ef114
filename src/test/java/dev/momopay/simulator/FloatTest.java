package dev.momopay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static dev.momopay.simulator.SimClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FloatTest {

    @Test
    void balanceIsAStringAndPayoutsSpendIt() {
        try (MomoSimulator sim = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ZERO))) {
            SimClient c = new SimClient(sim).login();
            JsonNode b = json(c.get("/disbursement/v1_0/account/balance"));
            assertTrue(b.get("availableBalance").isTextual());
            assertEquals("1000000", b.get("availableBalance").asText());
            assertEquals("EUR", b.get("currency").asText());
            assertEquals("1000000", json(c.get("/disbursement/v1_0/account/balance/EUR")).get("availableBalance").asText());
            HttpResponse<String> usd = c.get("/disbursement/v1_0/account/balance/USD");
            assertEquals(500, usd.statusCode());
            assertEquals("INVALID_CURRENCY", json(usd).get("code").asText());

            UUID ok = UUID.randomUUID();
            c.transfer(ok, "46733000001", "250.50");
            assertEquals("SUCCESSFUL", json(c.status("transfer", ok)).get("status").asText());
            UUID failed = UUID.randomUUID();
            c.transfer(failed, "46733123457", "100");
            assertEquals("FAILED", json(c.status("transfer", failed)).get("status").asText());
            assertEquals(0, new BigDecimal("999749.50").compareTo(
                new BigDecimal(json(c.get("/disbursement/v1_0/account/balance")).get("availableBalance").asText())));
        }
    }

    @Test
    void notEnoughFundsFailsAsynchronouslyAndSpendsNothingThenTopUp() {
        try (MomoSimulator sim = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ZERO)
            .withFloat("EUR", new BigDecimal("100")))) {
            SimClient c = new SimClient(sim).login();
            UUID big = UUID.randomUUID();
            assertEquals(202, c.transfer(big, "46733000001", "100.01").statusCode());
            JsonNode s = json(c.status("transfer", big));
            assertEquals("FAILED", s.get("status").asText());
            assertEquals("NOT_ENOUGH_FUNDS", s.get("reason").asText());
            assertEquals(new BigDecimal("100"), sim.balance("EUR"));

            UUID exact = UUID.randomUUID();
            c.deposit(2, exact, "46733000001", "100");
            assertEquals("SUCCESSFUL", json(c.status("deposit", exact)).get("status").asText());
            assertEquals(0, BigDecimal.ZERO.compareTo(sim.balance("EUR")));

            // top up through the control API
            HttpResponse<String> top = SimClient.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/float"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"currency\":\"EUR\",\"amount\":\"50\"}")));
            assertEquals(200, top.statusCode());
            assertEquals("50", json(top).get("availableBalance").asText());
            UUID after = UUID.randomUUID();
            c.transfer(after, "46733000001", "20");
            assertEquals("SUCCESSFUL", json(c.status("transfer", after)).get("status").asText());
            assertEquals("30", json(c.get("/disbursement/v1_0/account/balance")).get("availableBalance").asText());
            // and through Java
            assertEquals(new BigDecimal("1030"), sim.topUp("EUR", new BigDecimal("1000")));
        }
    }

    @Test
    void synchronousInsufficientFundsSwitch() {
        try (MomoSimulator sim = MomoSimulator.start(SimulatorConfig.defaults().withFloat("EUR", BigDecimal.TEN)
            .withInsufficientFundsMode(SimulatorConfig.InsufficientFundsMode.SYNC_500_INTERNAL_PROCESSING_ERROR))) {
            SimClient c = new SimClient(sim).login();
            UUID ref = UUID.randomUUID();
            HttpResponse<String> r = c.transfer(ref, "46733000001", "11");
            assertEquals(500, r.statusCode());
            assertEquals("INTERNAL_PROCESSING_ERROR", json(r).get("code").asText());
            assertTrue(sim.ledger().transaction(ref).isEmpty());
            assertEquals(202, c.transfer(UUID.randomUUID(), "46733000001", "10").statusCode());
        }
    }
}
