package dev.momopay.payout.http.api;

import dev.momopay.payout.observability.PayoutLogContext;
import dev.momopay.payout.application.CallbackService;
import dev.momopay.payout.domain.CommandValidator;
import dev.momopay.payout.persistence.PayoutRepository.CallbackMatch;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * MoMo's callbacks ({@code PUT} for v2 calls, {@code POST} for v1) at
 * {@code /callbacks/momo/{referenceId}/{secret}}. The body is ignored on purpose: a callback only makes the payout
 * due for a status check, and the status GET decides. A late callback for a finished payout gets 200 and changes
 * nothing; unknown references and wrong secrets change nothing and get 404, without saying which was wrong.
 */
@Path("/callbacks/momo/{referenceId}/{secret}")
@Blocking
public class CallbackResource {

    private static final Logger LOG = Logger.getLogger(CallbackResource.class);

    private final CallbackService callbacks;

    public CallbackResource(CallbackService callbacks) {
        this.callbacks = callbacks;
    }

    @PUT
    public Response put(@PathParam("referenceId") String referenceId, @PathParam("secret") String secret) {
        return handle(referenceId, secret);
    }

    @POST
    public Response post(@PathParam("referenceId") String referenceId, @PathParam("secret") String secret) {
        return handle(referenceId, secret);
    }

    private Response handle(String referenceId, String secret) {
        if (CommandValidator.isUuid(referenceId)
                && callbacks.hint(UUID.fromString(referenceId), secret) != CallbackMatch.NONE) {
            return Response.ok().build();
        }
        try (PayoutLogContext context = PayoutLogContext.of(CommandValidator.isUuid(referenceId)
                ? UUID.fromString(referenceId) : null, null)) {
            LOG.infof("ignored a MoMo callback that matches no waiting payout (reference %s)",
                    CommandValidator.isUuid(referenceId) ? referenceId : "malformed");
        }
        return Response.status(Response.Status.NOT_FOUND).build();
    }
}
