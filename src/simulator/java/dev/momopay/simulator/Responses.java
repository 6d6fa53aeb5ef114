package dev.momopay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momopay.simulator.ledger.TransactionView;
import io.vertx.ext.web.RoutingContext;

import java.util.regex.Pattern;

/** MoMo's answer shapes, the request-reading helpers every handler shares, and the ledger's JSON view. */
final class Responses {
    static final ObjectMapper JSON = new ObjectMapper();

    static final Pattern UUID_V4 =
        Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$");
    static final Pattern UUID_ANY =
        Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private Responses() {
    }

    static void json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(JSON.writeValueAsString(body));
        } catch (Exception e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    static void empty(RoutingContext ctx, int status) {
        if (!ctx.response().ended() && !ctx.response().closed()) {
            ctx.response().setStatusCode(status).end();
        }
    }

    static void error(RoutingContext ctx, int status, String code, String message) {
        json(ctx, status, JSON.createObjectNode().put("code", code).put("message", message));
    }

    static void unavailable(RoutingContext ctx) {
        error(ctx, 503, "SERVICE_UNAVAILABLE", "Service unavailable, try again later.");
    }

    static void badRequest(RoutingContext ctx, String message) {
        error(ctx, 400, "BAD_REQUEST", message);
    }

    static void notFound(RoutingContext ctx) {
        error(ctx, 404, "RESOURCE_NOT_FOUND", "Requested resource was not found.");
    }

    static void invalidToken(RoutingContext ctx, String description) {
        json(ctx, 401, JSON.createObjectNode().put("error", "invalid_token").put("error_description", description));
    }

    /** The request body as JSON, or null when it is absent or not JSON. */
    static JsonNode jsonBody(RoutingContext ctx) {
        try {
            String b = ctx.body().asString();
            return b == null || b.isBlank() ? null : JSON.readTree(b);
        } catch (Exception e) {
            return null;
        }
    }

    /** A scalar field as text (a number included), or null. */
    static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n.isValueNode() ? n.asText() : null;
    }

    static ObjectNode viewJson(TransactionView v) {
        ObjectNode n = JSON.createObjectNode();
        n.put("referenceId", v.referenceId().toString()).put("account", v.account())
            .put("operation", v.operation().name()).put("version", v.version()).put("amount", v.amount())
            .put("currency", v.currency());
        if (v.payee() != null) {
            n.putObject("payee").put("partyIdType", v.payee().partyIdType()).put("partyId", v.payee().partyId());
        } else {
            n.putNull("payee");
        }
        n.put("externalId", v.externalId()).put("payerMessage", v.payerMessage()).put("payeeNote", v.payeeNote())
            .put("referenceIdToRefund", v.referenceIdToRefund()).put("status", v.status()).put("reason", v.reason())
            .put("financialTransactionId", v.financialTransactionId()).put("callbackUrl", v.callbackUrl())
            .put("createdAt", v.createdAt().toString())
            .put("finalAt", v.finalAt() == null ? null : v.finalAt().toString())
            .put("responseFault", v.responseFault()).put("callbackAttempts", v.callbackAttempts())
            .put("callbackDelivered", v.callbackDelivered());
        return n;
    }
}
