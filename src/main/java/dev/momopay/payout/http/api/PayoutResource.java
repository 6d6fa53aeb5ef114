package dev.momopay.payout.http.api;

import dev.momopay.payout.domain.CommandValidator;
import dev.momopay.payout.persistence.PayoutQueries;
import dev.momopay.payout.persistence.PayoutView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code GET /payouts/{referenceId}}: one payout with its history, as the contract describes it. */
@Path("/payouts")
@Produces(MediaType.APPLICATION_JSON)
public class PayoutResource {

    private final PayoutQueries queries;

    public PayoutResource(PayoutQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/{referenceId}")
    public Response get(@PathParam("referenceId") String referenceId) {
        if (!CommandValidator.isUuid(referenceId)) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", "referenceId must be a UUID")).build();
        }
        return queries.find(UUID.fromString(referenceId))
                .map(payout -> Response.ok(body(payout)).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(Map.of("error", "no payout with referenceId " + referenceId)).build());
    }

    private static Map<String, Object> body(PayoutView payout) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("referenceId", payout.referenceId());
        body.put("operation", payout.operation());
        body.put("status", payout.status());
        body.put("account", payout.account());
        body.put("amount", payout.amount());
        body.put("currency", payout.currency());
        body.put("externalId", payout.externalId());
        body.put("financialTransactionId", payout.financialTransactionId());
        body.put("momoStatus", payout.momoStatus());
        body.put("reason", payout.reasonCode() == null ? null
                : reason(payout.reasonCode(), payout.reasonMessage()));
        body.put("postAttempts", payout.postAttempts());
        body.put("statusChecks", payout.statusChecks());
        body.put("nextActionAt", payout.nextActionAt());
        body.put("createdAt", payout.createdAt());
        body.put("updatedAt", payout.updatedAt());
        body.put("terminalAt", payout.terminalAt());
        body.put("notBefore", payout.notBefore());
        body.put("approvalsRequired", payout.approvalsRequired());
        body.put("approvedBy", payout.approvedBy());
        // Set once retention compacted the payout: its history lines are gone, its outcome stays.
        body.put("compactedAt", payout.compactedAt());
        List<Map<String, Object>> history = payout.history().stream().map(PayoutResource::transition).toList();
        body.put("history", history);
        return body;
    }

    private static Map<String, Object> reason(String code, String message) {
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("code", code);
        reason.put("message", message);
        return reason;
    }

    private static Map<String, Object> transition(PayoutView.Transition transition) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", transition.at());
        line.put("from", transition.from());
        line.put("to", transition.to());
        line.put("momoStatus", transition.momoStatus());
        line.put("reasonCode", transition.reasonCode());
        line.put("detail", transition.detail());
        if (transition.repeats() > 0) {
            line.put("repeats", transition.repeats());
            line.put("lastAt", transition.lastAt());
        }
        return line;
    }
}
