package dev.momopay.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momopay.simulator.faults.EndpointClass;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static dev.momopay.simulator.Responses.JSON;
import static dev.momopay.simulator.Responses.badRequest;
import static dev.momopay.simulator.Responses.error;
import static dev.momopay.simulator.Responses.json;

/**
 * The consent flow (CIBA): {@code bc-authorize}, the OAuth2 token (CIBA and refresh grants) and {@code userinfo}.
 */
final class ConsentApi {
    private static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";

    private record AuthReq(String id, String account, String apiUser, String subject, String scope, long expiresNanos) {
    }

    private final SimulatorState state;
    private final Credentials credentials;
    private final Map<String, AuthReq> authReqs = new ConcurrentHashMap<>();

    ConsentApi(SimulatorState state, Credentials credentials) {
        this.state = state;
        this.credentials = credentials;
    }

    void register(MomoPipeline p) {
        p.on(HttpMethod.POST, "/disbursement/oauth2/token/?", EndpointClass.TOKEN, this::oauth2Token);
        p.on(HttpMethod.POST, "/disbursement/v1_0/bc-authorize", EndpointClass.OTHER, this::bcAuthorize);
        p.on(HttpMethod.GET, "/disbursement/oauth2/v1_0/userinfo", EndpointClass.OTHER, this::userInfo);
    }

    private static Map<String, String> form(RoutingContext ctx) {
        Map<String, String> m = new LinkedHashMap<>();
        ctx.request().formAttributes().forEach(e -> m.put(e.getKey(), e.getValue()));
        String b = ctx.body().asString();
        if (m.isEmpty() && b != null && !b.isBlank()) {
            for (String pair : b.split("&")) {
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                m.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private void bcAuthorize(RoutingContext ctx, Call call) {
        // [U] the official page says Basic, MTN's notebook/Postman send Bearer: accept both.
        String apiUser;
        ApiUser u = credentials.basic(ctx, call);
        if (u != null) {
            apiUser = u.id();
        } else if (Credentials.bearerValue(ctx) != null) {
            TokenStore.Token t = credentials.bearer(ctx, call, TokenStore.Kind.ACCESS);
            if (t == null) {
                return;
            }
            apiUser = t.apiUser();
        } else {
            credentials.loginFailed(ctx);
            return;
        }
        if (!Credentials.targetEnvironment(ctx, call) || !TransactionApi.callbackHeaderOk(ctx)) {
            return;
        }
        Map<String, String> f = form(ctx);
        String hint = f.get("login_hint");
        String scope = f.get("scope");
        String access = f.getOrDefault("access_type", "offline");
        if (hint == null || !hint.matches("ID:[^/]+/[A-Za-z_]+") || scope == null || scope.isBlank()
            || !(access.equals("online") || access.equals("offline"))) {
            badRequest(ctx, "login_hint (ID:{id}/{TYPE}), scope and access_type (online|offline) are required.");
            return;
        }
        String subject = hint.substring(3, hint.indexOf('/'));
        Duration ttl = Duration.ofMinutes(10);
        AuthReq req = new AuthReq(UUID.randomUUID().toString(), call.account.account.name(), apiUser, subject, scope,
            System.nanoTime() + ttl.toNanos());
        authReqs.put(req.id(), req);
        json(ctx, 200, JSON.createObjectNode().put("auth_req_id", req.id()).put("interval", 5)
            .put("expires_in", ttl.toSeconds()));
    }

    private void oauth2Token(RoutingContext ctx, Call call) {
        ApiUser u = credentials.basic(ctx, call);
        if (u == null) {
            credentials.loginFailed(ctx);
            return;
        }
        if (!Credentials.targetEnvironment(ctx, call)) {
            return;
        }
        Map<String, String> f = form(ctx);
        String grant = f.get("grant_type");
        String subject;
        String scope;
        if (CIBA_GRANT.equals(grant)) {
            AuthReq req = f.get("auth_req_id") == null ? null : authReqs.remove(f.get("auth_req_id"));
            if (req == null || !req.account().equals(call.account.account.name())
                || System.nanoTime() - req.expiresNanos() >= 0) {
                json(ctx, 400, JSON.createObjectNode().put("error", "invalid_grant"));
                return;
            }
            subject = req.subject();
            scope = req.scope();
        } else if ("refresh_token".equals(grant)) {
            TokenStore.Token rt = state.tokens.valid(f.get("refresh_token"), TokenStore.Kind.REFRESH);
            if (rt == null || !rt.account().equals(call.account.account.name())) {
                json(ctx, 400, JSON.createObjectNode().put("error", "invalid_grant"));
                return;
            }
            state.tokens.revoke(rt.value());
            subject = rt.subject();
            scope = rt.scope();
        } else {
            json(ctx, 400, JSON.createObjectNode().put("error", "unsupported_grant_type"));
            return;
        }
        String acc = call.account.account.name();
        Duration ttl = state.globalFaults.tokenTtlOverride() != null ? state.globalFaults.tokenTtlOverride()
            : state.config.tokenTtl();
        TokenStore.Token at = state.tokens.issue(TokenStore.Kind.OAUTH2, acc, u.id(), ttl.toNanos(), subject, scope);
        Duration rttl = Duration.ofDays(1);
        TokenStore.Token rt = state.tokens.issue(TokenStore.Kind.REFRESH, acc, u.id(), rttl.toNanos(), subject, scope);
        json(ctx, 200, JSON.createObjectNode().put("access_token", at.value()).put("token_type", "Bearer")
            .put("expires_in", state.config.tokenTtl().toSeconds()).put("scope", scope)
            .put("refresh_token", rt.value()).put("refresh_token_expired_in", rttl.toSeconds()));
    }

    private void userInfo(RoutingContext ctx, Call call) {
        TokenStore.Token t = credentials.bearer(ctx, call, TokenStore.Kind.OAUTH2);
        if (t == null || !Credentials.targetEnvironment(ctx, call)) {
            return;
        }
        AccountHolders.Holder h = state.holders.get(t.subject()).orElse(AccountHolders.DEFAULT);
        if (h.state() == AccountHolders.State.NOT_FOUND) {
            error(ctx, 404, "RESOURCE_NOT_FOUND", "Account holder is not found.");
            return;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("sub", "0").put("name", h.name()).put("given_name", h.givenName()).put("family_name", h.familyName())
            .put("middle_name", "").put("email", "sand.box@example.com").put("email_verified", true)
            .put("gender", "MALE").put("locale", "sv_SE").put("phone_number", t.subject())
            .put("phone_number_verified", true).put("address", "Sandbox Street 1").put("updated_at", 1676978048L)
            .put("status", h.state() == AccountHolders.State.ACTIVE ? "ACTIVE" : "INACTIVE")
            .put("birthdate", "1976-08-13").put("credit_score", "0")
            .put("active", h.state() == AccountHolders.State.ACTIVE).put("country_of_birth", "SE")
            .put("region_of_birth", "Stockholm").put("city_of_birth", "Stockholm").put("occupation", "Tester")
            .put("employer_name", "Sandbox").put("identification_type", "PASSPORT")
            .put("identification_value", "SB0000000");
        json(ctx, 200, n);
    }
}
