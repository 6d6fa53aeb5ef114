package dev.momopay.simulator;

import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static dev.momopay.simulator.Responses.JSON;
import static dev.momopay.simulator.Responses.badRequest;
import static dev.momopay.simulator.Responses.error;
import static dev.momopay.simulator.Responses.invalidToken;
import static dev.momopay.simulator.Responses.json;

/** The credential checks of MoMo's product endpoints: Basic API user and key, Bearer tokens, target environment. */
final class Credentials {
    private final SimulatorState state;

    Credentials(SimulatorState state) {
        this.state = state;
    }

    /** The API user of a valid Basic header for the call's account, or null. */
    ApiUser basic(RoutingContext ctx, Call call) {
        String h = ctx.request().getHeader("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        ApiUser u = state.apiUsers.get(decoded.substring(0, colon));
        if (u == null || u.apiKey() == null || !u.account().equals(call.account.account.name())
            || !u.apiKey().equals(decoded.substring(colon + 1))) {
            return null;
        }
        return u;
    }

    static String bearerValue(RoutingContext ctx) {
        String h = ctx.request().getHeader("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return h.substring(7).trim();
    }

    /** Validates the Bearer token for the call's account; answers 401 and returns null when it is not valid. */
    TokenStore.Token bearer(RoutingContext ctx, Call call, TokenStore.Kind kind) {
        String v = bearerValue(ctx);
        if (v == null || v.isEmpty()) {
            invalidToken(ctx, "Access token is missing.");
            return null;
        }
        TokenStore.Token t = state.tokens.valid(v, kind);
        if (t == null || !t.account().equals(call.account.account.name())) {
            invalidToken(ctx, "Access token is invalid or expired.");
            return null;
        }
        return t;
    }

    /** Checks X-Target-Environment; answers 400 (missing) or 500 (wrong) and returns false when it is not right. */
    static boolean targetEnvironment(RoutingContext ctx, Call call) {
        String env = ctx.request().getHeader("X-Target-Environment");
        if (env == null || env.isBlank()) {
            badRequest(ctx, "Missing required header X-Target-Environment.");
            return false;
        }
        if (!env.equals(call.account.account.targetEnvironment())) {
            error(ctx, 500, "NOT_ALLOWED_TARGET_ENVIRONMENT", "Access to target environment is forbidden.");
            return false;
        }
        return true;
    }

    /** A product call: a valid access token and the right environment, else the answer has been sent. */
    boolean product(RoutingContext ctx, Call call) {
        return bearer(ctx, call, TokenStore.Kind.ACCESS) != null && targetEnvironment(ctx, call);
    }

    void loginFailed(RoutingContext ctx) {
        json(ctx, state.config.loginFailedStatus(), JSON.createObjectNode().put("error", "login_failed"));
    }
}
