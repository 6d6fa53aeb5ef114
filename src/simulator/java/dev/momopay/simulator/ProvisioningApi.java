package dev.momopay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momopay.simulator.faults.EndpointClass;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

import static dev.momopay.simulator.Responses.JSON;
import static dev.momopay.simulator.Responses.UUID_V4;
import static dev.momopay.simulator.Responses.badRequest;
import static dev.momopay.simulator.Responses.empty;
import static dev.momopay.simulator.Responses.error;
import static dev.momopay.simulator.Responses.json;
import static dev.momopay.simulator.Responses.jsonBody;
import static dev.momopay.simulator.Responses.notFound;
import static dev.momopay.simulator.Responses.text;

/** Sandbox provisioning: create an API user with its callback host, give it a key, read it back. */
final class ProvisioningApi {
    private final SimulatorState state;

    ProvisioningApi(SimulatorState state) {
        this.state = state;
    }

    void register(MomoPipeline p) {
        p.on(HttpMethod.POST, "/v1_0/apiuser", EndpointClass.OTHER, this::createApiUser);
        p.on(HttpMethod.POST, "/v1_0/apiuser/([^/]+)/apikey", EndpointClass.OTHER, this::createApiKey);
        p.on(HttpMethod.GET, "/v1_0/apiuser/([^/]+)", EndpointClass.OTHER, this::getApiUser);
    }

    private void createApiUser(RoutingContext ctx, Call call) {
        if (!"sandbox".equals(call.account.account.targetEnvironment())) {
            error(ctx, 404, "RESOURCE_NOT_FOUND", "Provisioning is available in the sandbox only.");
            return;
        }
        String ref = ctx.request().getHeader("X-Reference-Id");
        if (ref == null || !UUID_V4.matcher(ref.trim()).matches()) {
            badRequest(ctx, "X-Reference-Id must be a UUID version 4.");
            return;
        }
        JsonNode body = jsonBody(ctx);
        String host = body == null ? null : text(body, "providerCallbackHost");
        if (host == null || host.isBlank()) {
            badRequest(ctx, "providerCallbackHost is required.");
            return;
        }
        ApiUser u = new ApiUser(ref.trim(), call.account.account.name(), null, host,
            call.account.account.targetEnvironment());
        if (state.apiUsers.putIfAbsent(u.id(), u) != null) {
            json(ctx, 409, JSON.createObjectNode().put("message", "Duplicated reference id. Creation of resource failed.")
                .put(state.config.provisioningConflictKey(), "RESOURCE_ALREADY_EXIST"));
            return;
        }
        empty(ctx, 201);
    }

    private void createApiKey(RoutingContext ctx, Call call) {
        String id = ctx.pathParam("param0");
        ApiUser u = state.apiUsers.get(id);
        if (u == null || !u.account().equals(call.account.account.name())) {
            notFound(ctx);
            return;
        }
        String key = UUID.randomUUID().toString().replace("-", "");
        state.apiUsers.put(id, u.withApiKey(key));
        if (state.config.apiKeyRegenerationRevokesTokens()) {
            state.tokens.expireUser(id);
        }
        json(ctx, 201, JSON.createObjectNode().put("apiKey", key));
    }

    private void getApiUser(RoutingContext ctx, Call call) {
        ApiUser u = state.apiUsers.get(ctx.pathParam("param0"));
        if (u == null || !u.account().equals(call.account.account.name())) {
            notFound(ctx);
            return;
        }
        json(ctx, 200, JSON.createObjectNode().put("providerCallbackHost", u.providerCallbackHost())
            .put("targetEnvironment", u.targetEnvironment()));
    }
}
