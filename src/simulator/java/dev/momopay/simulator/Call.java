package dev.momopay.simulator;

import dev.momopay.simulator.faults.EndpointClass;
import io.vertx.ext.web.RoutingContext;

/** What the common pipeline learnt about one MoMo call before its endpoint handler runs. */
final class Call {
    AccountState account;
    EndpointClass cls;
    /** The reference header, the reference in the path and the payee's partyId, for fault targets. */
    String[] ids;

    /** An endpoint handler, called once the pipeline has let the call through. */
    @FunctionalInterface
    interface Handler {
        void handle(RoutingContext ctx, Call call) throws Exception;
    }
}
