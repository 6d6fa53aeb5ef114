package dev.momopay.payout.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.TopicRecorder;
import dev.momopay.payout.testsupport.WorkerProcess;
import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The worker against a MoMo that answers as the facts allow but the schema does not promise: no
 * {@code financialTransactionId} on a SUCCESSFUL deposit, and numbers where the schema says strings ({@code amount},
 * {@code financialTransactionId}, {@code partyId}). Both still conclude SUCCESSFUL with the right values.
 */
class SimulatorSwitchesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDepositWithoutTransactionIdAndATransferWithNumbersBothConcludeSuccessful() throws Exception {
        // The recorder is shared by every class of the run (TopicRecorder.of): never closed here.
        TopicRecorder outcomes = TopicRecorder.of("payouts.outcomes");
        try (MomoSimulator momo = MomoSimulator.start(SimulatorConfig.defaults()
                .withCompletionDelay(Duration.ofMillis(200)).withoutFinancialTransactionId(true)
                .withNumericFields(true));
                WorkerProcess worker = WorkerProcess.against("worker-switches", momo, Map.of()).start()) {
            String deposit = Commands.newReference();
            String transfer = Commands.newReference();
            CommandProducer.send(CommandProducer.DEPOSITS, deposit, Commands.payout(deposit, "21.50",
                    "56733123453"));
            CommandProducer.send(CommandProducer.TRANSFERS, transfer, Commands.payout(transfer, "34",
                    "56733123453"));
            JsonNode depositEvent = terminal(outcomes, deposit);
            JsonNode transferEvent = terminal(outcomes, transfer);

            assertEquals("SUCCESSFUL", depositEvent.get("status").asText(), depositEvent.toString());
            assertTrue(depositEvent.path("financialTransactionId").isMissingNode()
                    || depositEvent.get("financialTransactionId").isNull(), depositEvent.toString());
            assertEquals("SUCCESSFUL", transferEvent.get("status").asText(), transferEvent.toString());
            assertEquals(momo.ledger().transaction(UUID.fromString(transfer)).orElseThrow().financialTransactionId(),
                    transferEvent.get("financialTransactionId").asText(), transferEvent.toString());
            assertEquals(1, momo.ledger().acceptedPostAttempts(UUID.fromString(deposit)));
            assertEquals(1, momo.ledger().acceptedPostAttempts(UUID.fromString(transfer)));
        }
    }

    private static JsonNode terminal(TopicRecorder outcomes, String reference) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> outcomes.forKey(reference).stream()
                .anyMatch(r -> !r.valueText().contains("\"UNRESOLVED\"")));
        return JSON.readTree(outcomes.forKey(reference).get(outcomes.forKey(reference).size() - 1).valueText());
    }
}
