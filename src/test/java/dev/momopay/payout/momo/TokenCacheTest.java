package dev.momopay.payout.momo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.momo.dto.AccessToken;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenCacheTest {

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    /** A token endpoint the test answers by hand, counting calls. */
    static final class FakeTokenEndpoint {
        final List<UniEmitter<? super MomoResult<AccessToken>>> pending = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();

        Uni<MomoResult<AccessToken>> call() {
            calls.incrementAndGet();
            return Uni.createFrom().emitter(pending::add);
        }

        void answer(String token, long expiresIn) {
            UniEmitter<? super MomoResult<AccessToken>> e = pending.remove(0);
            e.complete(new MomoResult.Ok<>(new AccessToken(token, "access_token", expiresIn)));
        }

        void fail(MomoResult<AccessToken> failure) {
            pending.remove(0).complete(failure);
        }
    }

    private final MutableClock clock = new MutableClock();
    private final FakeTokenEndpoint endpoint = new FakeTokenEndpoint();
    private final AtomicInteger counter = new AtomicInteger();
    private final TokenCache cache = new TokenCache("test", endpoint::call, Duration.ofMinutes(10), clock,
            counter::incrementAndGet);

    private static String await(Uni<TokenCache.TokenOutcome> uni) {
        return uni.await().atMost(Duration.ofSeconds(5)).accessToken();
    }

    @Test
    void hundredConcurrentCallersCauseOneTokenRequest() throws Exception {
        int n = 100;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.CompletableFuture<TokenCache.TokenOutcome>> results = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                java.util.concurrent.CompletableFuture<TokenCache.TokenOutcome> f =
                        new java.util.concurrent.CompletableFuture<>();
                results.add(f);
                pool.submit(() -> {
                    start.await();
                    cache.token().subscribe().with(f::complete, f::completeExceptionally);
                    return null;
                });
            }
            start.countDown();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.pending.size() == 1);
            // Give stragglers the chance to (wrongly) issue a second request before answering.
            pool.shutdown();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
            endpoint.answer("t1", 3600);
            for (var f : results) {
                assertEquals("t1", f.get(5, TimeUnit.SECONDS).accessToken());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, endpoint.calls.get());
        assertEquals(1, cache.refreshCount());
        assertEquals(1, counter.get());
    }

    @Test
    void tokenIsReusedUntilRefreshPointThenRefreshedInBackground() {
        var first = cache.token().subscribeAsCompletionStage();
        endpoint.answer("t1", 3600);
        assertEquals("t1", first.join().accessToken());

        clock.advance(Duration.ofMinutes(49));
        assertEquals("t1", await(cache.token()));
        assertEquals(1, endpoint.calls.get());

        // 50 minutes = 60 - 10 margin: refresh starts, callers still get the valid old token meanwhile.
        clock.advance(Duration.ofMinutes(1));
        assertEquals("t1", await(cache.token()));
        assertEquals("t1", await(cache.token()));
        assertEquals(2, endpoint.calls.get());
        endpoint.answer("t2", 3600);
        assertEquals("t2", await(cache.token()));
        assertEquals(2, endpoint.calls.get());
    }

    @Test
    void expiredTokenMakesCallersWait() {
        var first = cache.token().subscribeAsCompletionStage();
        endpoint.answer("t1", 3600);
        first.join();
        clock.advance(Duration.ofMinutes(61));
        var waiting = cache.token().subscribeAsCompletionStage();
        assertFalse(waiting.isDone());
        endpoint.answer("t2", 3600);
        assertEquals("t2", waiting.join().accessToken());
    }

    @Test
    void shortTtlRefreshesAtHalfLife() {
        var first = cache.token().subscribeAsCompletionStage();
        endpoint.answer("t1", 300); // shorter than the 10 min margin
        first.join();
        clock.advance(Duration.ofSeconds(149));
        assertEquals("t1", await(cache.token()));
        assertEquals(1, endpoint.calls.get());
        clock.advance(Duration.ofSeconds(1));
        assertEquals("t1", await(cache.token()));
        assertEquals(2, endpoint.calls.get());
    }

    @Test
    void invalidateOnlyDropsTheCurrentToken() {
        var first = cache.token().subscribeAsCompletionStage();
        endpoint.answer("t1", 3600);
        first.join();
        cache.invalidate("old-token");
        assertEquals("t1", await(cache.token()));
        assertEquals(1, endpoint.calls.get());

        cache.invalidate("t1");
        var next = cache.token().subscribeAsCompletionStage();
        assertEquals(2, endpoint.calls.get());
        endpoint.answer("t2", 3600);
        assertEquals("t2", next.join().accessToken());
    }

    @Test
    void failureIsReportedAndNextCallRetries() {
        var first = cache.token().subscribeAsCompletionStage();
        endpoint.fail(new MomoResult.Unauthorized<>(401, "login_failed"));
        TokenCache.TokenOutcome outcome = first.join();
        assertFalse(outcome.ok());
        assertInstanceOf(MomoResult.Unauthorized.class, outcome.failure());
        assertTrue(cache.lastFailure().isPresent());

        var second = cache.token().subscribeAsCompletionStage();
        assertEquals(2, endpoint.calls.get());
        endpoint.answer("t1", 3600);
        assertEquals("t1", second.join().accessToken());
        assertTrue(cache.lastFailure().isEmpty());
    }

    @Test
    void thrownFetcherFailureIsClassified() {
        TokenCache broken = new TokenCache("broken", () -> Uni.createFrom().failure(
                new java.net.ConnectException("Connection refused")), Duration.ofMinutes(10), clock, () -> {
                });
        TokenCache.TokenOutcome outcome = broken.token().await().atMost(Duration.ofSeconds(5));
        assertInstanceOf(MomoResult.NotSent.class, outcome.failure());
    }
}
