package dev.momopay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momopay.simulator.faults.EndpointClass;
import dev.momopay.simulator.scenario.SandboxMatrix;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

import static dev.momopay.simulator.Responses.JSON;
import static dev.momopay.simulator.Responses.UUID_ANY;
import static dev.momopay.simulator.Responses.empty;
import static dev.momopay.simulator.Responses.error;
import static dev.momopay.simulator.Responses.json;
import static dev.momopay.simulator.Responses.unavailable;

/**
 * The steps every MoMo call takes before its endpoint handler: count, latency, the API-down fault, the subscription
 * key, refusal faults (503 burst, error rate), the status rate limit.
 */
final class MomoPipeline {
    private static final String SUB_KEY = "Ocp-Apim-Subscription-Key";
    private static final String APIM_DENIED =
        "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.";

    private final SimulatorState state;
    private final Router router;

    MomoPipeline(SimulatorState state, Router router) {
        this.state = state;
        this.router = router;
    }

    /** Serves {@code regex} (anchored) through the pipeline. */
    void on(HttpMethod method, String regex, EndpointClass cls, Call.Handler h) {
        router.routeWithRegex(method, "^" + regex + "$").handler(ctx -> pipeline(ctx, cls, h));
    }

    private void pipeline(RoutingContext ctx, EndpointClass cls, Call.Handler h) {
        Call call = new Call();
        call.cls = cls;
        call.account = state.bySubscriptionKey(subscriptionKeyOf(ctx));
        String refHeader = ctx.request().getHeader("X-Reference-Id");
        String pathRef = cls == EndpointClass.STATUS ? ctx.pathParam("param0") : null;
        call.ids = new String[] {refHeader, pathRef, cls == EndpointClass.POST ? payeeIdOf(ctx) : null};
        if (cls == EndpointClass.POST && refHeader != null && UUID_ANY.matcher(refHeader.trim()).matches()) {
            UUID ref = UUID.fromString(refHeader.trim());
            state.ledger.countPost(ref);
            state.postArrived(ref);
        }
        if (cls == EndpointClass.STATUS && pathRef != null && UUID_ANY.matcher(pathRef).matches()) {
            state.ledger.countStatusGet(UUID.fromString(pathRef));
        }
        long delay = state.globalFaults.latencyMillis(cls, call.ids)
            + (call.account == null ? 0 : call.account.faults.latencyMillis(cls, call.ids));
        if (delay > 0) {
            state.vertx.setTimer(delay, t -> afterLatency(ctx, call, h));
        } else {
            afterLatency(ctx, call, h);
        }
    }

    private void afterLatency(RoutingContext ctx, Call call, Call.Handler h) {
        if (ctx.response().closed()) {
            return;
        }
        try {
            // an outage answers before anything else, even before the subscription key is checked
            if (state.globalFaults.apiDown() || (call.account != null && call.account.faults.apiDown())) {
                unavailable(ctx);
                return;
            }
            if (call.account == null) {
                json(ctx, 401, JSON.createObjectNode().put("statusCode", 401).put("message", APIM_DENIED));
                return;
            }
            int refusal = state.globalFaults.refusal(call.cls, call.ids);
            if (refusal == 0) {
                refusal = call.account.faults.refusal(call.cls, call.ids);
            }
            if (refusal == 503) {
                unavailable(ctx);
                return;
            }
            if (refusal != 0) {
                empty(ctx, refusal);
                return;
            }
            if (call.cls == EndpointClass.STATUS && rateLimited(ctx, call)) {
                return;
            }
            h.handle(ctx, call);
        } catch (Exception e) {
            if (!ctx.response().ended() && !ctx.response().closed()) {
                error(ctx, 500, SandboxMatrix.INTERNAL_PROCESSING_ERROR, "Simulator error: " + e);
            }
        }
    }

    /** The status rate-limit fault: 429 with Retry-After, as APIM answers. */
    private boolean rateLimited(RoutingContext ctx, Call call) {
        int retryAfter = state.globalFaults.statusRateLimitRetryAfter(call.ids);
        if (retryAfter == 0) {
            retryAfter = call.account.faults.statusRateLimitRetryAfter(call.ids);
        }
        if (retryAfter <= 0) {
            return false;
        }
        ctx.response().putHeader("Retry-After", String.valueOf(retryAfter));
        json(ctx, 429, JSON.createObjectNode().put("statusCode", 429)
            .put("message", "Rate limit is exceeded. Try again in " + retryAfter + " seconds."));
        return true;
    }

    private static String subscriptionKeyOf(RoutingContext ctx) {
        String k = ctx.request().getHeader(SUB_KEY);
        if (k == null) {
            k = ctx.request().getParam("subscription-key");
        }
        return k == null ? "" : k;
    }

    private static String payeeIdOf(RoutingContext ctx) {
        try {
            String b = ctx.body().asString();
            if (b == null || b.isBlank()) {
                return null;
            }
            JsonNode n = JSON.readTree(b);
            JsonNode id = n.path("payee").path("partyId");
            return id.isTextual() ? id.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
