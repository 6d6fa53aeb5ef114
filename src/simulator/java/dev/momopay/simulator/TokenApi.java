package dev.momopay.simulator;

import dev.momopay.simulator.faults.EndpointClass;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

import static dev.momopay.simulator.Responses.JSON;
import static dev.momopay.simulator.Responses.badRequest;
import static dev.momopay.simulator.Responses.json;

/** {@code POST /disbursement/token/}: an access token for the API user and key of a Basic header. */
final class TokenApi {
    private final SimulatorState state;
    private final Credentials credentials;

    TokenApi(SimulatorState state, Credentials credentials) {
        this.state = state;
        this.credentials = credentials;
    }

    void register(MomoPipeline p) {
        p.on(HttpMethod.POST, "/disbursement/token/?", EndpointClass.TOKEN, this::token);
    }

    private void token(RoutingContext ctx, Call call) {
        String body = ctx.body().asString();
        if (body != null && !body.isBlank()) {
            badRequest(ctx, "A body is not supported on the token API.");
            return;
        }
        ApiUser u = credentials.basic(ctx, call);
        if (u == null) {
            credentials.loginFailed(ctx);
            return;
        }
        Duration advertised = state.config.tokenTtl();
        Duration enforced = state.globalFaults.tokenTtlOverride() != null ? state.globalFaults.tokenTtlOverride()
            : call.account.faults.tokenTtlOverride() != null ? call.account.faults.tokenTtlOverride() : advertised;
        TokenStore.Token t = state.tokens.issue(TokenStore.Kind.ACCESS, call.account.account.name(), u.id(),
            enforced.toNanos(), null, null);
        state.ledger.tokensIssued.incrementAndGet();
        json(ctx, 200, JSON.createObjectNode().put("access_token", t.value()).put("token_type", "access_token")
            .put("expires_in", Math.max(1, (advertised.toMillis() + 999) / 1000)));
    }
}
