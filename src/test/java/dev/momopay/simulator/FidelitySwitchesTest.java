package dev.momopay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The [U] switches of the status body: no financialTransactionId on deposits and refunds; numbers for strings. */
class FidelitySwitchesTest {

    @Test
    void withoutFinancialTransactionIdASuccessfulDepositHasNoneAndATransferStillHasOne() throws Exception {
        try (MomoSimulator sim = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ZERO)
                .withoutFinancialTransactionId(true))) {
            SimClient c = new SimClient(sim).login();
            UUID deposit = UUID.randomUUID();
            UUID transfer = UUID.randomUUID();
            assertEquals(202, c.deposit(2, deposit, "56733123453", "10").statusCode());
            assertEquals(202, c.transfer(transfer, "56733123453", "10").statusCode());
            JsonNode d = SimClient.json(c.status("deposit", deposit));
            JsonNode t = SimClient.json(c.status("transfer", transfer));
            assertEquals("SUCCESSFUL", d.get("status").asText(), d.toString());
            assertFalse(d.has("financialTransactionId"), d.toString());
            assertTrue(t.get("financialTransactionId").isTextual(), t.toString());
            assertEquals(false, SimClient.json(c.get("/_sim/config")).get("numericFields").asBoolean(true));
            assertTrue(SimClient.json(c.get("/_sim/config")).get("omitFinancialTransactionId").asBoolean());
        }
    }

    @Test
    void withNumericFieldsAmountsIdsAndPartyIdsAreJsonNumbers() throws Exception {
        try (MomoSimulator sim = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ZERO)
                .withNumericFields(true))) {
            SimClient c = new SimClient(sim).login();
            UUID transfer = UUID.randomUUID();
            assertEquals(202, c.transfer(transfer, "56733123453", "10.50").statusCode());
            JsonNode t = SimClient.json(c.status("transfer", transfer));
            assertEquals("SUCCESSFUL", t.get("status").asText(), t.toString());
            assertTrue(t.get("amount").isNumber(), t.toString());
            assertEquals(0, new java.math.BigDecimal("10.50").compareTo(t.get("amount").decimalValue()));
            assertTrue(t.get("financialTransactionId").isNumber(), t.toString());
            assertTrue(t.at("/payee/partyId").isNumber(), t.toString());
        }
        try (MomoSimulator plain = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ZERO))) {
            SimClient c = new SimClient(plain).login();
            UUID transfer = UUID.randomUUID();
            c.transfer(transfer, "56733123453", "10");
            JsonNode t = SimClient.json(c.status("transfer", transfer));
            assertTrue(t.get("amount").isTextual() && t.at("/payee/partyId").isTextual(), t.toString());
        }
    }
}
