package dev.momopay.payout.ops;

import dev.momopay.payout.config.PayoutConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards {@code /ops/...}: the caller must present one of the configured API keys ({@code payout.ops.api-keys.<name>})
 * as {@code X-Api-Key} or {@code Authorization: Bearer}. The key's name becomes the actor of the audit. With no key
 * configured the ops API is off (404). Keys are compared by their SHA-256 digests in constant time and never logged.
 */
public class OpsAuthFilter {

    /** Request property holding the authenticated actor's name. */
    public static final String ACTOR = "payout.ops.actor";
    public static final String API_KEY_HEADER = "X-Api-Key";
    private static final Logger LOG = Logger.getLogger(OpsAuthFilter.class);

    private final Map<String, byte[]> digestsByActor = new LinkedHashMap<>();

    public OpsAuthFilter(PayoutConfig config) {
        config.ops().apiKeys().forEach((actor, key) -> {
            if (key != null && !key.isBlank()) {
                digestsByActor.put(actor, digest(key.trim()));
            }
        });
    }

    @ServerRequestFilter(preMatching = true)
    public Response filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!(path.equals("/ops") || path.startsWith("/ops/"))) {
            return null;
        }
        if (digestsByActor.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "the ops API is off: no payout.ops.api-keys configured");
        }
        String presented = request.getHeaderString(API_KEY_HEADER);
        if (presented == null) {
            String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                presented = authorization.substring(7);
            }
        }
        String actor = presented == null ? null : actorOf(presented.trim());
        if (actor == null) {
            LOG.warnf("ops API: refused %s %s (%s)", request.getMethod(), path,
                    presented == null ? "no API key" : "unknown API key");
            return Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"payout-ops\"")
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "an API key is required (X-Api-Key or Authorization: Bearer)")).build();
        }
        request.setProperty(ACTOR, actor);
        return null;
    }

    private String actorOf(String presented) {
        byte[] digest = digest(presented);
        String match = null;
        for (Map.Entry<String, byte[]> entry : digestsByActor.entrySet()) {
            if (MessageDigest.isEqual(entry.getValue(), digest)) {
                match = entry.getKey(); // no early exit: the time taken does not depend on which key matched
            }
        }
        return match;
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
