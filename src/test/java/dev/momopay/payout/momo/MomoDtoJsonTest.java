package dev.momopay.payout.momo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momopay.payout.momo.dto.AccessToken;
import dev.momopay.payout.momo.dto.Balance;
import dev.momopay.payout.momo.dto.BasicUserInfo;
import dev.momopay.payout.momo.dto.MomoReason;
import dev.momopay.payout.momo.dto.MomoTransactionStatus;
import dev.momopay.payout.momo.dto.Party;
import dev.momopay.payout.momo.dto.RefundRequest;
import dev.momopay.payout.momo.dto.TransferRequest;
import dev.momopay.payout.momo.dto.TransferStatus;
import dev.momopay.payout.momo.dto.UserInfoWithConsent;
import org.junit.jupiter.api.Test;

class MomoDtoJsonTest {

    @Test
    void transferBodyUsesPayeeAndStringAmountAndOmitsNulls() throws Exception {
        String json = MomoJson.write(new TransferRequest("5.0", "EUR", "ext-1", Party.msisdn("46733123450"), null,
                "note"));
        JsonNode node = MomoJson.mapper().readTree(json);
        assertTrue(node.has("payee"));
        assertFalse(node.has("payer"));
        assertFalse(node.has("payerMessage"));
        assertTrue(node.get("amount").isTextual());
        assertEquals("5.0", node.get("amount").asText());
        assertEquals("MSISDN", node.at("/payee/partyIdType").asText());
        assertEquals("46733123450", node.at("/payee/partyId").asText());
        assertEquals("{\"amount\":\"5.0\",\"currency\":\"EUR\",\"externalId\":\"ext-1\",\"payee\":"
                + "{\"partyIdType\":\"MSISDN\",\"partyId\":\"46733123450\"},\"payeeNote\":\"note\"}", json);
    }

    @Test
    void refundBody() throws Exception {
        String json = MomoJson.write(new RefundRequest("300", "EUR", "x", null, null,
                "c0a80101-7d2e-4b1a-8f3e-2b9d8a7c6e5f"));
        assertEquals("{\"amount\":\"300\",\"currency\":\"EUR\",\"externalId\":\"x\","
                + "\"referenceIdToRefund\":\"c0a80101-7d2e-4b1a-8f3e-2b9d8a7c6e5f\"}", json);
    }

    @Test
    void reasonAsPlainString() {
        TransferStatus s = MomoJson.read("{\"amount\":\"100\",\"currency\":\"EUR\",\"externalId\":\"e\","
                + "\"payee\":{\"partyIdType\":\"MSISDN\",\"partyId\":\"46733123457\"},"
                + "\"status\":\"FAILED\",\"reason\":\"PAYEE_NOT_FOUND\"}", TransferStatus.class);
        assertEquals(MomoTransactionStatus.FAILED, s.status());
        assertEquals(new MomoReason("PAYEE_NOT_FOUND", null), s.reason());
        assertEquals(Party.msisdn("46733123457"), s.payee());
    }

    @Test
    void reasonAsObject() {
        TransferStatus s = MomoJson.read("{\"status\":\"FAILED\",\"reason\":{\"code\":\"NOT_ENOUGH_FUNDS\","
                + "\"message\":\"API user insufficient balance\"}}", TransferStatus.class);
        assertEquals(new MomoReason("NOT_ENOUGH_FUNDS", "API user insufficient balance"), s.reason());
    }

    @Test
    void reasonAbsentOrNull() {
        assertNull(MomoJson.read("{\"status\":\"SUCCESSFUL\"}", TransferStatus.class).reason());
        assertNull(MomoJson.read("{\"status\":\"SUCCESSFUL\",\"reason\":null}", TransferStatus.class).reason());
    }

    @Test
    void successfulStatusWithFinancialTransactionId() {
        TransferStatus s = MomoJson.read("{\"amount\":\"100\",\"currency\":\"EUR\",\"financialTransactionId\":"
                + "\"23503452\",\"externalId\":\"947354\",\"payee\":{\"partyIdType\":\"MSISDN\",\"partyId\":"
                + "\"4656473839\"},\"payerMessage\":\"m\",\"payeeNote\":\"n\",\"status\":\"SUCCESSFUL\","
                + "\"somethingNew\":1}", TransferStatus.class);
        assertEquals(MomoTransactionStatus.SUCCESSFUL, s.status());
        assertEquals("23503452", s.financialTransactionId());
        assertTrue(s.status().isFinal());
    }

    @Test
    void unknownStatusDoesNotCrash() {
        assertEquals(MomoTransactionStatus.UNKNOWN,
                MomoJson.read("{\"status\":\"CREATED\"}", TransferStatus.class).status());
        assertEquals(MomoTransactionStatus.PENDING,
                MomoJson.read("{\"status\":\"pending\"}", TransferStatus.class).status());
        assertFalse(MomoTransactionStatus.UNKNOWN.isFinal());
    }

    @Test
    void balanceStringOrNumber() {
        assertEquals(new Balance("1000", "EUR"),
                MomoJson.read("{\"availableBalance\":\"1000\",\"currency\":\"EUR\"}", Balance.class));
        assertEquals(new Balance("1000", "EUR"),
                MomoJson.read("{\"availableBalance\":1000,\"currency\":\"EUR\"}", Balance.class));
        assertEquals(new Balance("12.50", "EUR"),
                MomoJson.read("{\"availableBalance\":12.50,\"currency\":\"EUR\"}", Balance.class));
    }

    @Test
    void accessTokenShapeAndNoTokenInToString() {
        AccessToken t = MomoJson.read("{\"access_token\":\"eyJsecret\",\"token_type\":\"access_token\","
                + "\"expires_in\":3600}", AccessToken.class);
        assertEquals("eyJsecret", t.accessToken());
        assertEquals(3600L, t.expiresIn());
        assertFalse(t.toString().contains("eyJsecret"));
    }

    @Test
    void basicUserInfoUpdatedAtStringOrNumber() {
        BasicUserInfo a = MomoJson.read("{\"sub\":\"0\",\"name\":\"Sand Box\",\"given_name\":\"Sand\","
                + "\"family_name\":\"Box\",\"birthdate\":\"1976-08-13\",\"locale\":\"sv_SE\",\"gender\":\"MALE\","
                + "\"updated_at\":\"1676978048\"}", BasicUserInfo.class);
        BasicUserInfo b = MomoJson.read("{\"sub\":0,\"given_name\":\"Sand\",\"updated_at\":1676978048}",
                BasicUserInfo.class);
        assertEquals("Sand", a.givenName());
        assertEquals("Box", a.familyName());
        assertEquals("1676978048", a.updatedAt());
        assertEquals("1676978048", b.updatedAt());
        assertFalse(a.toString().contains("Sand"));
    }

    @Test
    void userInfoWithConsent() {
        UserInfoWithConsent u = MomoJson.read("{\"sub\":\"0\",\"given_name\":\"Sand\",\"family_name\":\"Box\","
                + "\"email_verified\":true,\"phone_number\":\"46733123450\",\"updated_at\":1676978048,"
                + "\"active\":true,\"credit_score\":\"12\",\"identification_type\":\"PASS\"}",
                UserInfoWithConsent.class);
        assertEquals("Box", u.familyName());
        assertEquals(Boolean.TRUE, u.emailVerified());
        assertEquals("46733123450", u.phoneNumber());
        assertEquals("PASS", u.identificationType());
        assertFalse(u.toString().contains("46733123450"));
    }
}
