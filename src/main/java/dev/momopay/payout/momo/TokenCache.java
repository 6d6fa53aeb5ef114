package dev.momopay.payout.momo;

import dev.momopay.payout.momo.dto.AccessToken;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Access-token cache of one MoMo account. Non-blocking and single-flight: however many callers ask at once,
 * at most one token request is in flight; they all complete with its result.
 *
 * <ul>
 *   <li>A token is used until its refresh point ({@code expires_in} minus the margin, or half its life when
 *   it lives shorter than the margin). Between the refresh point and the expiry, callers keep getting the
 *   current token while one background refresh runs; after the expiry they wait for the refresh.</li>
 *   <li>{@link #invalidate(String)} drops a token (after a 401), only if it is still the current one, so a
 *   late 401 for an old token does not throw away a fresh one.</li>
 *   <li>Tokens are never logged; only a fingerprint is.</li>
 * </ul>
 */
final class TokenCache {

    private static final Logger LOG = Logger.getLogger(TokenCache.class);
    /** Expiry safety: a token this close to its expiry is not handed out any more. */
    private static final Duration EXPIRY_SAFETY = Duration.ofSeconds(5);
    private static final long DEFAULT_EXPIRES_IN_SECONDS = 3600;

    /** The outcome of asking the cache: a token, or the failed token call's classified result. */
    record TokenOutcome(String accessToken, MomoResult<AccessToken> failure) {
        boolean ok() {
            return accessToken != null;
        }

        @Override
        public String toString() {
            return ok() ? "TokenOutcome[" + Fingerprint.of(accessToken) + "]" : "TokenOutcome[failure=" + failure + "]";
        }
    }

    record CachedToken(String accessToken, Instant refreshAt, Instant expiresAt) {
        @Override
        public String toString() {
            return "CachedToken[" + Fingerprint.of(accessToken) + ", refreshAt=" + refreshAt + ", expiresAt="
                    + expiresAt + "]";
        }
    }

    private final String accountName;
    private final Supplier<Uni<MomoResult<AccessToken>>> fetcher;
    private final Duration margin;
    private final Clock clock;
    private final Runnable onRefresh;
    private final AtomicReference<CachedToken> current = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<TokenOutcome>> inFlight = new AtomicReference<>();
    private final AtomicLong refreshes = new AtomicLong();
    private final AtomicReference<MomoResult<AccessToken>> lastFailure = new AtomicReference<>();

    TokenCache(String accountName, Supplier<Uni<MomoResult<AccessToken>>> fetcher, Duration margin, Clock clock,
            Runnable onRefresh) {
        this.accountName = accountName;
        this.fetcher = fetcher;
        this.margin = margin;
        this.clock = clock;
        this.onRefresh = onRefresh;
    }

    /** A usable token, fetching one (single-flight) when needed. Never fails; failures are in the outcome. */
    Uni<TokenOutcome> token() {
        return Uni.createFrom().deferred(() -> {
            Instant now = clock.instant();
            CachedToken c = current.get();
            if (c != null && now.isBefore(c.refreshAt())) {
                return Uni.createFrom().item(new TokenOutcome(c.accessToken(), null));
            }
            CompletableFuture<TokenOutcome> refresh = refresh();
            if (c != null && now.isBefore(c.expiresAt().minus(EXPIRY_SAFETY))) {
                // Stale-while-revalidate: the current token is still valid; the refresh runs in the background.
                return Uni.createFrom().item(new TokenOutcome(c.accessToken(), null));
            }
            return Uni.createFrom().completionStage(refresh);
        });
    }

    /** Drops {@code accessToken} if it is still the current token (after MoMo rejected it with 401). */
    void invalidate(String accessToken) {
        CachedToken c = current.get();
        if (c != null && c.accessToken().equals(accessToken) && current.compareAndSet(c, null)) {
            LOG.infof("MoMo account '%s': access token %s rejected with 401, invalidated", accountName,
                    Fingerprint.of(accessToken));
        }
    }

    /** Number of token requests issued (successful or not). */
    long refreshCount() {
        return refreshes.get();
    }

    /** The current token's expiry, if one is cached. */
    java.util.Optional<Instant> currentExpiry() {
        CachedToken c = current.get();
        return c == null ? java.util.Optional.empty() : java.util.Optional.of(c.expiresAt());
    }

    /** The result of the last failed token request, cleared by the next successful one. */
    java.util.Optional<MomoResult<AccessToken>> lastFailure() {
        return java.util.Optional.ofNullable(lastFailure.get());
    }

    private CompletableFuture<TokenOutcome> refresh() {
        while (true) {
            CompletableFuture<TokenOutcome> existing = inFlight.get();
            if (existing != null) {
                return existing;
            }
            CompletableFuture<TokenOutcome> mine = new CompletableFuture<>();
            if (!inFlight.compareAndSet(null, mine)) {
                continue;
            }
            // Another caller may have finished a refresh between our read of `current` and the CAS.
            CachedToken c = current.get();
            if (c != null && clock.instant().isBefore(c.refreshAt())) {
                inFlight.compareAndSet(mine, null);
                mine.complete(new TokenOutcome(c.accessToken(), null));
                return mine;
            }
            start(mine);
            return mine;
        }
    }

    private void start(CompletableFuture<TokenOutcome> mine) {
        Instant requestedAt = clock.instant();
        refreshes.incrementAndGet();
        onRefresh.run();
        Uni<MomoResult<AccessToken>> call;
        try {
            call = fetcher.get();
        } catch (RuntimeException e) {
            call = Uni.createFrom().failure(e);
        }
        call.subscribe().with(result -> finish(mine, requestedAt, result),
                failure -> finish(mine, requestedAt, MomoResponseClassifier.classifyFailure(failure)));
    }

    private void finish(CompletableFuture<TokenOutcome> mine, Instant requestedAt, MomoResult<AccessToken> result) {
        TokenOutcome outcome;
        AccessToken token = result instanceof MomoResult.Ok<AccessToken> ok ? ok.body() : null;
        if (token != null && token.accessToken() != null && !token.accessToken().isBlank()) {
            long ttlSeconds = token.expiresIn() == null || token.expiresIn() <= 0 ? DEFAULT_EXPIRES_IN_SECONDS
                    : token.expiresIn();
            Duration ttl = Duration.ofSeconds(ttlSeconds);
            Duration untilRefresh = ttl.compareTo(margin) > 0 ? ttl.minus(margin) : ttl.dividedBy(2);
            // Times count from when the request was sent: the token cannot live longer than that.
            CachedToken fresh = new CachedToken(token.accessToken(), requestedAt.plus(untilRefresh),
                    requestedAt.plus(ttl));
            current.set(fresh);
            lastFailure.set(null);
            LOG.debugf("MoMo account '%s': new access token %s, expires in %ss, refresh at %s", accountName,
                    Fingerprint.of(token.accessToken()), ttlSeconds, fresh.refreshAt());
            outcome = new TokenOutcome(token.accessToken(), null);
        } else {
            MomoResult<AccessToken> failure = token != null
                    ? new MomoResult.Ambiguous<>(AmbiguityKind.UNEXPECTED, "token response without access_token")
                    : result;
            lastFailure.set(failure);
            LOG.warnf("MoMo account '%s': access token request failed: %s", accountName, failure);
            outcome = new TokenOutcome(null, failure);
        }
        inFlight.compareAndSet(mine, null);
        mine.complete(outcome);
    }
}
