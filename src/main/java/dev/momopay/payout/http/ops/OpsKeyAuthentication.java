package dev.momopay.payout.http.ops;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Quarkus Security for the ops API: a key sent as {@code X-Api-Key} or {@code Authorization: Bearer} on an
 * {@code /ops} path becomes an identity named after the key, with its role ({@link OpsKeys}); the resources say which
 * role each action needs ({@code @RolesAllowed}). Other paths are never authenticated here.
 */
@ApplicationScoped
public class OpsKeyAuthentication implements HttpAuthenticationMechanism {

    public static final String API_KEY_HEADER = "X-Api-Key";
    private static final Logger LOG = Logger.getLogger(OpsKeyAuthentication.class);

    /** A presented key; its text is never shown. */
    static final class KeyRequest extends BaseAuthenticationRequest {
        private final String key;

        KeyRequest(String key) {
            this.key = key;
        }

        @Override
        public String toString() {
            return "ops API key";
        }
    }

    private final OpsKeys keys;

    public OpsKeyAuthentication(OpsKeys keys) {
        this.keys = keys;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String path = context.normalizedPath();
        // With no key admitted the ops API is off (OpsAuthFilter answers 404), whatever key is presented.
        if (!keys.any() || !(path.equals("/ops") || path.startsWith("/ops/"))) {
            return Uni.createFrom().nullItem();
        }
        String presented = context.request().getHeader(API_KEY_HEADER);
        if (presented == null) {
            String authorization = context.request().getHeader("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                presented = authorization.substring(7);
            }
        }
        if (presented == null || presented.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(new KeyRequest(presented),
                context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"payout-ops\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(KeyRequest.class);
    }

    /** Turns a presented key into the identity of its holder, or refuses it. */
    @ApplicationScoped
    static class KeyIdentities implements IdentityProvider<KeyRequest> {

        private final OpsKeys keys;

        KeyIdentities(OpsKeys keys) {
            this.keys = keys;
        }

        @Override
        public Class<KeyRequest> getRequestType() {
            return KeyRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(KeyRequest request, AuthenticationRequestContext context) {
            return keys.holderOf(request.key).<Uni<SecurityIdentity>>map(holder -> {
                QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(holder.name()));
                holder.role().grants().forEach(identity::addRole);
                return Uni.createFrom().item(identity.build());
            }).orElseGet(() -> {
                LOG.warn("ops API: refused an unknown API key");
                return Uni.createFrom().failure(new AuthenticationFailedException("unknown ops API key"));
            });
        }
    }
}
