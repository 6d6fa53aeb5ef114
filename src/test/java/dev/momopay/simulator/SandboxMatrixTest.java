package dev.momopay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static dev.momopay.simulator.SimClient.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every sandbox test value of facts table 3b, for transfer, deposit, refund and the active check. */
class SandboxMatrixTest {
    static MomoSimulator sim;
    static SimClient c;

    @BeforeAll
    static void start() {
        sim = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ZERO));
        c = new SimClient(sim).login();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static void assertOutcome(JsonNode s, String expected) {
        if (expected.equals("SUCCESSFUL") || expected.equals("PENDING")) {
            assertEquals(expected, s.get("status").asText());
            assertFalse(s.has("reason"));
        } else {
            assertEquals("FAILED", s.get("status").asText());
            assertEquals(expected, s.get("reason").asText());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "46733123450, INTERNAL_PROCESSING_ERROR",
        "46733123451, APPROVAL_REJECTED",
        "46733123452, EXPIRED",
        "46733123453, PENDING",
        "46733123454, PENDING",
        "46733123455, NOT_ENOUGH_FUNDS",
        "46733123456, PAYER_LIMIT_REACHED",
        "46733123457, PAYEE_NOT_FOUND",
        "46733123458, NOT_ALLOWED",
        "46733123459, NOT_ALLOWED_TARGET_ENVIRONMENT",
        "46733123460, INVALID_CALLBACK_URL_HOST",
        "46733123461, INVALID_CURRENCY",
        "46733123462, INTERNAL_PROCESSING_ERROR",
        "46733123463, SERVICE_UNAVAILABLE",
        "46733123464, TRANSFER_TYPE_UNKNOWN",
        "46733123465, SUCCESSFUL",
        "56733123453, SUCCESSFUL",
        "46733123449, SUCCESSFUL",
    })
    void transfer(String msisdn, String expected) {
        UUID ref = UUID.randomUUID();
        assertEquals(202, c.transfer(ref, msisdn, "1").statusCode());
        assertOutcome(json(c.status("transfer", ref)), expected);
        assertEquals(expected.equals("PENDING") ? "PENDING" : expected.equals("SUCCESSFUL") ? "SUCCESSFUL" : "FAILED",
            sim.ledger().transaction(ref).orElseThrow().status());
    }

    @ParameterizedTest
    @CsvSource({
        "46733123450, INTERNAL_PROCESSING_ERROR",
        "46733123451, APPROVAL_REJECTED",
        "46733123452, EXPIRED",
        "46733123453, PENDING",
        "46733123454, PENDING",
        "46733123455, PAYER_NOT_FOUND",
        "46733123456, PAYEE_NOT_ALLOWED_TO_RECEIVE",
        "46733123457, NOT_ALLOWED",
        "46733123458, NOT_ALLOWED_TARGET_ENVIRONMENT",
        "46733123459, INVALID_CALLBACK_URL_HOST",
        "46733123460, INVALID_CURRENCY",
        "46733123461, INTERNAL_PROCESSING_ERROR",
        "46733123462, SERVICE_UNAVAILABLE",
        "46733123463, COULD_NOT_PERFORM_TRANSACTION",
        "46733123464, SUCCESSFUL",
        "56733123453, SUCCESSFUL",
    })
    void deposit(String msisdn, String expected) {
        for (int version = 1; version <= 2; version++) {
            UUID ref = UUID.randomUUID();
            assertEquals(202, c.deposit(version, ref, msisdn, "1").statusCode());
            assertOutcome(json(c.status("deposit", ref)), expected);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "1, PAYER_NOT_FOUND",
        "2, INTERNAL_PROCESSING_ERROR",
        "3, APPROVAL_REJECTED",
        "4, EXPIRED",
        "5, PENDING",
        "6, PENDING",
        "7, NOT_ALLOWED",
        "8, NOT_ALLOWED_TARGET_ENVIRONMENT",
        "9, INVALID_CALLBACK_URL_HOST",
        "10, INVALID_CURRENCY",
        "11, INTERNAL_PROCESSING_ERROR",
        "12, SERVICE_UNAVAILABLE",
        "13, COULD_NOT_PERFORM_TRANSACTION",
        "8f1e6c0a-4b7e-4a53-9f55-3c0d5f7a1b22, SUCCESSFUL",
    })
    void refund(String trigger, String expected) {
        UUID ref = UUID.randomUUID();
        assertEquals(202, c.refund(2, ref, trigger, "1").statusCode());
        assertOutcome(json(c.status("refund", ref)), expected);
    }

    @Test
    void refundNonUuidOtherThanTriggersIs400AndStrictSwitch() {
        assertEquals(400, c.refund(1, UUID.randomUUID(), "14", "1").statusCode());
        assertEquals(400, c.refund(1, UUID.randomUUID(), "abc", "1").statusCode());
        try (MomoSimulator s = MomoSimulator.start(SimulatorConfig.defaults()
            .withRefundTriggerMode(SimulatorConfig.RefundTriggerMode.STRICT_UUID))) {
            SimClient k = new SimClient(s).login();
            assertEquals(400, k.refund(1, UUID.randomUUID(), "1", "1").statusCode());
            assertEquals(202, k.refund(1, UUID.randomUUID(), UUID.randomUUID().toString(), "1").statusCode());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "msisdn, 46733123450, 404, RESOURCE_NOT_FOUND",
        "msisdn, 46733123451, 200, false",
        "msisdn, 46733123452, 500, NOT_ALLOWED",
        "msisdn, 46733123453, 500, NOT_ALLOWED_TARGET_ENVIRONMENT",
        "msisdn, 46733123454, 500, INTERNAL_PROCESSING_ERROR",
        "msisdn, 46733123455, 503, SERVICE_UNAVAILABLE",
        "msisdn, 46733123456, 200, true",
        "msisdn, 56733123453, 200, true",
        "email, notfound@email.com, 404, RESOURCE_NOT_FOUND",
        "email, notactive@email.com, 200, false",
        "email, notallowed@email.com, 500, NOT_ALLOWED",
        "email, notallowedtargetenvironment@email.com, 500, NOT_ALLOWED_TARGET_ENVIRONMENT",
        "email, internalprocessingerror@email.com, 500, INTERNAL_PROCESSING_ERROR",
        "email, serviceunavailable@email.com, 503, SERVICE_UNAVAILABLE",
        "email, someone@email.com, 200, true",
        "party_code, 5cecb5a7-8bd0-4f49-87b1-8eb9ecc7b7bc, 404, RESOURCE_NOT_FOUND",
        "party_code, b0040b3c-b426-4a90-af6e-673e65861cd7, 200, false",
        "party_code, 4d5f500f-c385-4901-9be5-25b6d36ad220, 500, NOT_ALLOWED",
        "party_code, d2265f9b-0c22-496d-908f-79a65ad66266, 500, NOT_ALLOWED_TARGET_ENVIRONMENT",
        "party_code, 8f548a78-ceb8-4d12-a243-5640b91e91a4, 500, INTERNAL_PROCESSING_ERROR",
        "party_code, 585c07a4-2c80-42f7-9e73-e586b36dee68, 503, SERVICE_UNAVAILABLE",
        "party_code, 11111111-2222-4333-8444-555555555555, 200, true",
    })
    void active(String type, String id, int status, String expected) {
        HttpResponse<String> r = c.get("/disbursement/v1_0/accountholder/" + type + "/" + id + "/active");
        assertEquals(status, r.statusCode(), r.body());
        if (status == 200) {
            assertEquals(Boolean.parseBoolean(expected), json(r).get("result").asBoolean());
            assertEquals(1, json(r).size());
        } else {
            assertEquals(expected, json(r).get("code").asText());
        }
    }

    @Test
    void activeSwitchesAndOverrides() {
        assertEquals(400, c.get("/disbursement/v1_0/accountholder/shoesize/42/active").statusCode());
        try (MomoSimulator s = MomoSimulator.start(SimulatorConfig.defaults().withActiveNotActiveAs500(true))) {
            SimClient k = new SimClient(s).login();
            assertEquals(500, k.get("/disbursement/v1_0/accountholder/msisdn/46733123451/active").statusCode());
            s.accountHolders().inactive("46733000077");
            assertEquals(false, json(k.get("/disbursement/v1_0/accountholder/msisdn/46733000077/active"))
                .get("result").asBoolean());
            s.accountHolders().notFound("46733000078");
            assertEquals(404, k.get("/disbursement/v1_0/accountholder/msisdn/46733000078/active").statusCode());
            s.accountHolders().active("46733123450");
            assertEquals(true, json(k.get("/disbursement/v1_0/accountholder/msisdn/46733123450/active"))
                .get("result").asBoolean());
        }
    }

    @Test
    void transferTypeUnknownCodeIsConfigurable() {
        try (MomoSimulator s = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ZERO)
            .withTransferTypeUnknownReason("TRANSFERTYPE_UNKNOWN"))) {
            SimClient k = new SimClient(s).login();
            UUID ref = UUID.randomUUID();
            k.transfer(ref, "46733123464", "1");
            assertEquals("TRANSFERTYPE_UNKNOWN", json(k.status("transfer", ref)).get("reason").asText());
        }
    }

    @Test
    void legacyOngoingTurnsSuccessful() {
        try (MomoSimulator s = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ZERO)
            .withLegacyOngoing(true, Duration.ofMillis(300)))) {
            SimClient k = new SimClient(s).login();
            UUID ongoing = UUID.randomUUID();
            UUID delayed = UUID.randomUUID();
            k.transfer(ongoing, "46733123453", "1");
            k.transfer(delayed, "46733123454", "1");
            assertEquals("PENDING", json(k.status("transfer", ongoing)).get("status").asText());
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> json(k.status("transfer", ongoing)).get("status").asText().equals("SUCCESSFUL"));
            assertEquals("PENDING", json(k.status("transfer", delayed)).get("status").asText());
        }
    }
}
