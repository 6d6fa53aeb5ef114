package dev.momopay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momopay.simulator.faults.Faults;
import dev.momopay.simulator.ledger.Totals;
import dev.momopay.simulator.ledger.TransactionView;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import static dev.momopay.simulator.Responses.JSON;
import static dev.momopay.simulator.Responses.json;

/** The {@code /_sim/...} control API (JSON, no credentials). */
final class ControlApi {
    private final MomoSimulator sim;

    ControlApi(MomoSimulator sim) {
        this.sim = sim;
    }

    void register(Router r) {
        route(r, HttpMethod.GET, "/_sim/config", this::config);
        route(r, HttpMethod.GET, "/_sim/ledger", this::ledger);
        route(r, HttpMethod.GET, "/_sim/ledger/:ref", this::ledgerEntry);
        route(r, HttpMethod.GET, "/_sim/faults", ctx -> json(ctx, 200, faults(ctx).toJson(JSON)));
        route(r, HttpMethod.PUT, "/_sim/faults", this::putFaults);
        route(r, HttpMethod.DELETE, "/_sim/faults", this::deleteFaults);
        route(r, HttpMethod.GET, "/_sim/float", this::getFloat);
        route(r, HttpMethod.POST, "/_sim/float", this::postFloat);
        route(r, HttpMethod.POST, "/_sim/accountholders", this::postHolder);
        route(r, HttpMethod.DELETE, "/_sim/accountholders", ctx -> {
            sim.accountHolders().reset();
            ctx.response().setStatusCode(204).end();
        });
        route(r, HttpMethod.POST, "/_sim/transactions/:ref/complete", this::complete);
        route(r, HttpMethod.PUT, "/_sim/apiusers/:id", this::putApiUser);
        route(r, HttpMethod.POST, "/_sim/tokens/expire", ctx -> {
            String a = ctx.request().getParam("account");
            if (a == null) {
                sim.expireAllTokens();
            } else {
                sim.faults(a).expireAllTokens();
            }
            ctx.response().setStatusCode(204).end();
        });
    }

    private static void route(Router r, HttpMethod m, String path, Handler<RoutingContext> h) {
        r.route(m, path).handler(ctx -> {
            try {
                h.handle(ctx);
            } catch (IllegalArgumentException e) {
                Responses.error(ctx, 400, "BAD_REQUEST", String.valueOf(e.getMessage()));
            } catch (Exception e) {
                Responses.error(ctx, 500, "SIMULATOR_ERROR", String.valueOf(e));
            }
        });
    }

    private static JsonNode body(RoutingContext ctx) {
        try {
            String b = ctx.body().asString();
            return b == null || b.isBlank() ? JSON.createObjectNode() : JSON.readTree(b);
        } catch (Exception e) {
            throw new IllegalArgumentException("body is not JSON");
        }
    }

    private Faults faults(RoutingContext ctx) {
        String a = ctx.request().getParam("account");
        return a == null ? sim.faults() : sim.faults(a);
    }

    private void config(RoutingContext ctx) {
        ObjectNode n = JSON.createObjectNode();
        n.put("baseUrl", sim.baseUrl());
        ArrayNode accounts = n.putArray("accounts");
        for (Account a : sim.accounts()) {
            ApiUser u = sim.state().apiUsers.get(a.apiUser());
            accounts.addObject().put("name", a.name()).put("subscriptionKey", a.subscriptionKey())
                .put("apiUser", a.apiUser()).put("apiKey", u == null ? a.apiKey() : u.apiKey())
                .put("targetEnvironment", a.targetEnvironment()).put("currency", a.currency())
                .put("providerCallbackHost", u == null ? a.providerCallbackHost() : u.providerCallbackHost());
        }
        SimulatorConfig c = sim.config();
        n.put("completionDelayMs", c.completionDelay().toMillis()).put("tokenTtlMs", c.tokenTtl().toMillis())
            .put("callbacksEnabled", c.callbacksEnabled()).put("callbackRetry", c.callbackRetry())
            .put("reasonAsObject", c.reasonAsObject()).put("legacyOngoing", c.legacyOngoing())
            .put("omitFinancialTransactionId", c.omitFinancialTransactionId()).put("numericFields", c.numericFields())
            .put("transferTypeUnknownReason", c.transferTypeUnknownReason())
            .put("refundTriggerMode", c.refundTriggerMode().name()).put("callbackHostCheck", c.callbackHostCheck())
            .put("insufficientFundsMode", c.insufficientFundsMode().name())
            .put("loginFailedStatus", c.loginFailedStatus());
        json(ctx, 200, n);
    }

    private void ledger(RoutingContext ctx) {
        ObjectNode n = JSON.createObjectNode();
        Totals t = sim.ledger().totals();
        n.putObject("totals").put("accepted", t.accepted()).put("pending", t.pending()).put("successful", t.successful())
            .put("failed", t.failed()).put("postAttempts", t.postAttempts()).put("statusGets", t.statusGets())
            .put("tokensIssued", t.tokensIssued()).put("callbacksAttempted", t.callbacksAttempted())
            .put("callbacksDelivered", t.callbacksDelivered());
        ArrayNode txs = n.putArray("transactions");
        for (TransactionView v : sim.ledger().transactions()) {
            ObjectNode x = Responses.viewJson(v);
            x.put("postAttempts", sim.ledger().postAttempts(v.referenceId()));
            x.put("acceptedPostAttempts", sim.ledger().acceptedPostAttempts(v.referenceId()));
            x.put("statusGets", sim.ledger().statusGets(v.referenceId()));
            txs.add(x);
        }
        json(ctx, 200, n);
    }

    private void ledgerEntry(RoutingContext ctx) {
        UUID ref = UUID.fromString(ctx.pathParam("ref"));
        Optional<TransactionView> v = sim.ledger().transaction(ref);
        int posts = sim.ledger().postAttempts(ref);
        int gets = sim.ledger().statusGets(ref);
        if (v.isEmpty() && posts == 0 && gets == 0) {
            Responses.error(ctx, 404, "RESOURCE_NOT_FOUND", "Nothing recorded for " + ref);
            return;
        }
        ObjectNode n = JSON.createObjectNode();
        if (v.isPresent()) {
            n.set("transaction", Responses.viewJson(v.get()));
        } else {
            n.putNull("transaction");
        }
        n.put("postAttempts", posts).put("acceptedPostAttempts", sim.ledger().acceptedPostAttempts(ref))
            .put("statusGets", gets);
        json(ctx, 200, n);
    }

    private void putFaults(RoutingContext ctx) {
        Faults f = faults(ctx);
        f.apply(body(ctx));
        json(ctx, 200, f.toJson(JSON));
    }

    private void deleteFaults(RoutingContext ctx) {
        String a = ctx.request().getParam("account");
        if (a == null) {
            sim.faults().reset();
            sim.accounts().forEach(acc -> sim.faults(acc.name()).reset());
        } else {
            sim.faults(a).reset();
        }
        ctx.response().setStatusCode(204).end();
    }

    private void getFloat(RoutingContext ctx) {
        ObjectNode n = JSON.createObjectNode();
        sim.state().accounts().forEach((name, s) -> {
            ObjectNode o = n.putObject(name);
            s.balances().forEach((cur, b) -> o.put(cur, b.toPlainString()));
        });
        json(ctx, 200, n);
    }

    private void postFloat(RoutingContext ctx) {
        JsonNode b = body(ctx);
        String account = b.path("account").asText(SimulatorConfig.DEFAULT_ACCOUNT);
        AccountState s = sim.state().account(account);
        String currency = b.path("currency").asText(s.account.currency());
        if (!b.hasNonNull("amount")) {
            throw new IllegalArgumentException("amount is required");
        }
        BigDecimal amount = new BigDecimal(b.get("amount").asText());
        if ("set".equalsIgnoreCase(b.path("mode").asText("add"))) {
            s.set(currency, amount);
        } else {
            s.add(currency, amount);
        }
        json(ctx, 200, JSON.createObjectNode().put("account", s.account.name()).put("currency", currency)
            .put("availableBalance", s.balance(currency).toPlainString()));
    }

    private void postHolder(RoutingContext ctx) {
        JsonNode b = body(ctx);
        String id = b.path("id").asText(null);
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id is required");
        }
        if (b.hasNonNull("state")) {
            sim.accountHolders().set(id, AccountHolders.State.valueOf(b.get("state").asText().toUpperCase(Locale.ROOT)));
        }
        if (b.hasNonNull("givenName") || b.hasNonNull("familyName")) {
            sim.accountHolders().name(id, b.path("givenName").asText("Sand"), b.path("familyName").asText("Box"));
        }
        AccountHolders.Holder h = sim.accountHolders().get(id).orElse(AccountHolders.DEFAULT);
        json(ctx, 200, JSON.createObjectNode().put("id", id).put("state", h.state().name())
            .put("givenName", h.givenName()).put("familyName", h.familyName()));
    }

    private void complete(RoutingContext ctx) {
        UUID ref = UUID.fromString(ctx.pathParam("ref"));
        if (sim.ledger().transaction(ref).isEmpty()) {
            Responses.error(ctx, 404, "RESOURCE_NOT_FOUND", "Unknown reference " + ref);
            return;
        }
        JsonNode b = body(ctx);
        TransactionView v = sim.completeNow(ref, b.path("status").asText(""), b.path("reason").asText(null));
        json(ctx, 200, Responses.viewJson(v));
    }

    /** Re-registers an API user's callback host: {@code {"providerCallbackHost":"payouts.example.com"}}. */
    private void putApiUser(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String host = body(ctx).path("providerCallbackHost").asText(null);
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("providerCallbackHost is required");
        }
        if (sim.registeredCallbackHost(id) == null) {
            Responses.error(ctx, 404, "RESOURCE_NOT_FOUND", "Unknown API user " + id);
            return;
        }
        sim.registerCallbackHost(id, host.trim());
        json(ctx, 200, JSON.createObjectNode().put("apiUser", id).put("providerCallbackHost", host.trim()));
    }
}
