package dev.momopay.simulator;

import dev.momopay.simulator.faults.EndpointClass;
import dev.momopay.simulator.ledger.Operation;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

import static dev.momopay.simulator.Responses.UUID_ANY;
import static dev.momopay.simulator.Responses.badRequest;
import static dev.momopay.simulator.Responses.json;
import static dev.momopay.simulator.Responses.notFound;

/** {@code GET /disbursement/v1_0/{deposit|transfer|refund}/{referenceId}}: the transaction as MoMo shows it. */
final class StatusApi {
    private final SimulatorState state;
    private final Credentials credentials;
    private final StatusBodies bodies;
    private final Settlement settlement;

    StatusApi(SimulatorState state, Credentials credentials, StatusBodies bodies, Settlement settlement) {
        this.state = state;
        this.credentials = credentials;
        this.bodies = bodies;
        this.settlement = settlement;
    }

    void register(MomoPipeline p) {
        for (Operation op : Operation.values()) {
            p.on(HttpMethod.GET, "/disbursement/v1_0/" + op.path() + "/([^/]+)", EndpointClass.STATUS,
                (c, k) -> status(c, k, op));
        }
    }

    private void status(RoutingContext ctx, Call call, Operation op) {
        if (!credentials.product(ctx, call)) {
            return;
        }
        String ref = ctx.pathParam("param0");
        if (!UUID_ANY.matcher(ref).matches()) {
            badRequest(ctx, "referenceId must be a UUID.");
            return;
        }
        Tx tx = state.ledger.get(UUID.fromString(ref));
        // another operation's or another account's reference is not found, as MoMo answers
        if (tx == null || tx.operation != op || tx.account != call.account || lagging(tx)) {
            notFound(ctx);
            return;
        }
        settlement.completeIfDue(tx);
        json(ctx, 200, bodies.statusBody(tx.view(), false, bodies.nulField(tx)));
    }

    /** Whether MoMo's status view does not show the transaction yet (status-lag fault; the longer lag wins). */
    private boolean lagging(Tx tx) {
        String[] ids = StatusBodies.ids(tx);
        long lag = Math.max(state.globalFaults.statusLagNanos(ids), tx.account.faults.statusLagNanos(ids));
        return lag > 0 && System.nanoTime() - tx.createdNanos < lag;
    }
}
