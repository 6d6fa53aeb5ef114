package dev.momopay.payout.http.ops;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.security.Principal;

/** Who is calling the ops API: the name of the key presented (Quarkus Security authenticated it). */
final class OpsCaller {

    private OpsCaller() {
    }

    static String name(ContainerRequestContext request) {
        Principal principal = request.getSecurityContext().getUserPrincipal();
        if (principal == null) {
            throw new IllegalStateException("the ops API was reached without authentication");
        }
        return principal.getName();
    }
}
