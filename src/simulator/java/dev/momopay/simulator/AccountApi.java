package dev.momopay.simulator;

import dev.momopay.simulator.faults.EndpointClass;
import dev.momopay.simulator.scenario.ActiveResult;
import dev.momopay.simulator.scenario.SandboxMatrix;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

import static dev.momopay.simulator.Responses.JSON;
import static dev.momopay.simulator.Responses.badRequest;
import static dev.momopay.simulator.Responses.error;
import static dev.momopay.simulator.Responses.json;

/** The account's balance and the account-holder lookups ({@code basicuserinfo}, {@code active}). */
final class AccountApi {
    private static final Set<String> USERINFO_TYPES = Set.of("msisdn", "email", "party_code", "alias", "id");
    private static final Set<String> ACTIVE_TYPES = Set.of("msisdn", "email", "party_code");

    private final SimulatorState state;
    private final Credentials credentials;

    AccountApi(SimulatorState state, Credentials credentials) {
        this.state = state;
        this.credentials = credentials;
    }

    void register(MomoPipeline p) {
        p.on(HttpMethod.GET, "/disbursement/v1_0/account/balance/?", EndpointClass.OTHER, (c, k) -> balance(c, k, null));
        p.on(HttpMethod.GET, "/disbursement/v1_0/account/balance/([^/]+)", EndpointClass.OTHER,
            (c, k) -> balance(c, k, c.pathParam("param0")));
        p.on(HttpMethod.GET, "/disbursement/v1_0/accountholder/([^/]+)/([^/]+)/basicuserinfo", EndpointClass.OTHER,
            this::basicUserInfo);
        p.on(HttpMethod.GET, "/disbursement/v1_0/accountholder/([^/]+)/([^/]+)/active", EndpointClass.OTHER,
            this::active);
    }

    private void balance(RoutingContext ctx, Call call, String currency) {
        if (!credentials.product(ctx, call)) {
            return;
        }
        String cur = currency == null ? call.account.account.currency() : currency;
        BigDecimal b = call.account.balance(cur);
        if (b == null) {
            error(ctx, 500, "INVALID_CURRENCY", "Currency not supported.");
            return;
        }
        json(ctx, 200, JSON.createObjectNode().put("availableBalance", b.toPlainString()).put("currency", cur));
    }

    private void basicUserInfo(RoutingContext ctx, Call call) {
        if (!credentials.product(ctx, call)) {
            return;
        }
        String type = ctx.pathParam("param0");
        String id = ctx.pathParam("param1");
        if (!USERINFO_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
            badRequest(ctx, "Unsupported accountHolderIdType " + type);
            return;
        }
        AccountHolders.Holder h = state.holders.get(id).orElse(AccountHolders.DEFAULT);
        if (h.state() == AccountHolders.State.NOT_FOUND) {
            error(ctx, 404, "RESOURCE_NOT_FOUND", "Account holder is not found.");
            return;
        }
        json(ctx, 200, JSON.createObjectNode().put("sub", "0").put("name", h.name()).put("given_name", h.givenName())
            .put("family_name", h.familyName()).put("birthdate", "1976-08-13").put("locale", "sv_SE")
            .put("gender", "MALE").put("updated_at", "1676978048"));
    }

    private void active(RoutingContext ctx, Call call) {
        if (!credentials.product(ctx, call)) {
            return;
        }
        String type = ctx.pathParam("param0");
        String id = ctx.pathParam("param1");
        if (!ACTIVE_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
            badRequest(ctx, "Unsupported accountHolderIdType " + type + " (msisdn, email, party_code).");
            return;
        }
        ActiveResult res = state.holders.get(id).map(h -> switch (h.state()) {
            case ACTIVE -> ActiveResult.ok(true);
            case INACTIVE -> ActiveResult.ok(false);
            case NOT_FOUND -> ActiveResult.error(404, "RESOURCE_NOT_FOUND");
        }).orElseGet(() -> SandboxMatrix.active(type, id, state.matrix));
        if (res.httpStatus() == 200) {
            json(ctx, 200, JSON.createObjectNode().put("result", res.active()));
        } else {
            error(ctx, res.httpStatus(), res.code(), res.httpStatus() == 404 ? "Account holder is not found."
                : StatusBodies.messageFor(res.code()));
        }
    }
}
