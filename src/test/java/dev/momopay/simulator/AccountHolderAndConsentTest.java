package dev.momopay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static dev.momopay.simulator.SimClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccountHolderAndConsentTest {
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

    @Test
    void basicUserInfo() {
        JsonNode n = json(c.get("/disbursement/v1_0/accountholder/MSISDN/46733000001/basicuserinfo"));
        assertEquals("Sand", n.get("given_name").asText());
        assertEquals("Box", n.get("family_name").asText());
        assertEquals("Sand Box", n.get("name").asText());
        assertEquals("1676978048", n.get("updated_at").asText());
        assertEquals(200, c.get("/disbursement/v1_0/accountholder/msisdn/46733000001/basicuserinfo").statusCode());
        sim.accountHolders().name("46733000002", "Ama", "Mensah");
        JsonNode named = json(c.get("/disbursement/v1_0/accountholder/msisdn/46733000002/basicuserinfo"));
        assertEquals("Ama Mensah", named.get("name").asText());
        sim.accountHolders().notFound("46733000003");
        assertEquals(404, c.get("/disbursement/v1_0/accountholder/msisdn/46733000003/basicuserinfo").statusCode());
        assertEquals(400, c.get("/disbursement/v1_0/accountholder/passport/1/basicuserinfo").statusCode());
    }

    @Test
    void holderOverridesDrivePayouts() {
        sim.accountHolders().notFound("46733000101").inactive("46733000102");
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        c.transfer(a, "46733000101", "1");
        c.deposit(1, b, "46733000102", "1");
        assertEquals("PAYEE_NOT_FOUND", json(c.status("transfer", a)).get("reason").asText());
        assertEquals("PAYEE_NOT_ALLOWED_TO_RECEIVE", json(c.status("deposit", b)).get("reason").asText());
    }

    private HttpResponse<String> form(String path, String auth, String body) {
        return SimClient.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
            .header("Ocp-Apim-Subscription-Key", sim.subscriptionKey()).header("Authorization", auth)
            .header("X-Target-Environment", "sandbox").header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void cibaFlowWithBasicAndBearer() {
        HttpResponse<String> withBasic = form("/disbursement/v1_0/bc-authorize", c.basic(),
            "login_hint=ID:46733000200/MSISDN&scope=profile&access_type=offline");
        assertEquals(200, withBasic.statusCode(), withBasic.body());
        String authReq = json(withBasic).get("auth_req_id").asText();
        assertTrue(authReq.matches("[0-9a-f-]{36}"));
        assertTrue(json(withBasic).get("interval").isNumber());
        assertTrue(json(withBasic).get("expires_in").isNumber());
        HttpResponse<String> withBearer = form("/disbursement/v1_0/bc-authorize", "Bearer " + c.token,
            "login_hint=ID%3A46733000200%2FMSISDN&scope=all_info&access_type=online");
        assertEquals(200, withBearer.statusCode(), withBearer.body());
        assertEquals(401, form("/disbursement/v1_0/bc-authorize", "Bearer nope", "login_hint=ID:1/MSISDN&scope=profile")
            .statusCode());
        assertEquals(400, form("/disbursement/v1_0/bc-authorize", c.basic(), "scope=profile").statusCode());

        sim.accountHolders().name("46733000200", "Kofi", "Annan");
        HttpResponse<String> tok = form("/disbursement/oauth2/token/", c.basic(),
            "grant_type=urn:openid:params:grant-type:ciba&auth_req_id=" + authReq);
        assertEquals(200, tok.statusCode(), tok.body());
        JsonNode t = json(tok);
        assertEquals("Bearer", t.get("token_type").asText());
        assertEquals("profile", t.get("scope").asText());
        assertTrue(t.get("refresh_token").isTextual());
        // single use
        assertEquals(400, form("/disbursement/oauth2/token/", c.basic(),
            "grant_type=urn:openid:params:grant-type:ciba&auth_req_id=" + authReq).statusCode());
        // wrong basic
        assertEquals(401, form("/disbursement/oauth2/token/", "Basic eDp5",
            "grant_type=urn:openid:params:grant-type:ciba&auth_req_id=" + authReq).statusCode());

        SimClient oauth = new SimClient(sim);
        oauth.token = t.get("access_token").asText();
        JsonNode info = json(oauth.get("/disbursement/oauth2/v1_0/userinfo"));
        assertEquals("Kofi", info.get("given_name").asText());
        assertEquals("46733000200", info.get("phone_number").asText());
        // the ordinary access token is not an OAuth2 token, and vice versa
        assertEquals(401, c.get("/disbursement/oauth2/v1_0/userinfo").statusCode());
        assertEquals(401, oauth.get("/disbursement/v1_0/account/balance").statusCode());

        HttpResponse<String> refreshed = form("/disbursement/oauth2/token/", c.basic(),
            "grant_type=refresh_token&refresh_token=" + t.get("refresh_token").asText());
        assertEquals(200, refreshed.statusCode());
        assertNotEquals(t.get("access_token").asText(), json(refreshed).get("access_token").asText());
        assertEquals(400, form("/disbursement/oauth2/token/", c.basic(), "grant_type=password").statusCode());
    }
}
