package dev.momopay.payout.http.ops;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * With no ops API key admitted ({@link OpsKeys}), the ops API is off: every {@code /ops} path answers 404, before any
 * authentication or role check.
 */
public class OpsAuthFilter {

    private final OpsKeys keys;

    public OpsAuthFilter(OpsKeys keys) {
        this.keys = keys;
    }

    @ServerRequestFilter(preMatching = true)
    public Response filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if ((path.equals("/ops") || path.startsWith("/ops/")) && !keys.any()) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "the ops API is off: no payout.ops.api-keys configured")).build();
        }
        return null;
    }
}
