package dev.momopay.payout.http.ops;

import dev.momopay.payout.application.golive.AccountReport;
import dev.momopay.payout.application.golive.GoLiveCheck;
import dev.momopay.payout.momo.UnknownMomoAccountException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The MoMo accounts as operators see them: whether each is ready to pay (the go-live check). */
@Path("/ops/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "ops", description = "Operator API (API key required)")
@SecurityRequirement(name = "apiKey")
@SecurityRequirement(name = "bearer")
public class OpsAccountsResource {

    private final GoLiveCheck goLive;
    private final OpsAudit audit;

    public OpsAccountsResource(GoLiveCheck goLive, OpsAudit audit) {
        this.goLive = goLive;
        this.audit = audit;
    }

    @GET
    @Path("/{name}/check")
    @RolesAllowed({OpsRole.READ, OpsRole.OPERATE})
    @Operation(summary = "Check a MoMo account before going live",
            description = "Token, target environment and market, balance in the configured currency, TLS of the "
                    + "base URL, callback host. Each finding names the variable to fix; it changes nothing.")
    public Response check(@Context ContainerRequestContext request, @PathParam("name") String name) {
        String actor = OpsCaller.name(request);
        try {
            AccountReport report = goLive.check(name);
            audit.record(actor, "go-live-check", name, null, report.verdict().name());
            return Response.ok(report).build();
        } catch (UnknownMomoAccountException e) {
            audit.record(actor, "go-live-check", name, null, "REFUSED 404: unknown MoMo account");
            return Response.status(404).entity(Map.of("error", e.getMessage())).build();
        }
    }
}
