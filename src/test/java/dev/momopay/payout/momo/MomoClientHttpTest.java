package dev.momopay.payout.momo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.momo.dto.AccountHolderIdType;
import dev.momopay.payout.momo.dto.Balance;
import dev.momopay.payout.momo.dto.MomoReason;
import dev.momopay.payout.momo.dto.MomoTransactionStatus;
import dev.momopay.payout.momo.dto.Party;
import dev.momopay.payout.momo.dto.RefundRequest;
import dev.momopay.payout.momo.dto.TransferRequest;
import dev.momopay.payout.momo.dto.TransferStatus;
import dev.momopay.payout.testsupport.PayoutTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.smallrye.mutiny.Uni;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real Quarkus REST client against a raw local HTTP server: wire format, headers, token handling, and the
 * connect-vs-read classification with real sockets (connection refused, no answer, FIN, RST).
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class MomoClientHttpTest {

    private static final String TOKEN_PATH = "/disbursement/token/";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    MomoClients clients;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final AtomicInteger tokenCounter = new AtomicInteger();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    /** A server that issues tokens and hands every other request to {@code product}. */
    private RawHttpServer server(Function<RawHttpServer.Request, RawHttpServer.Action> product) throws Exception {
        RawHttpServer s = new RawHttpServer(r -> {
            if (r.path().equals(TOKEN_PATH)) {
                return new RawHttpServer.Respond(200, "{\"access_token\":\"tok-" + tokenCounter.incrementAndGet()
                        + "\",\"token_type\":\"access_token\",\"expires_in\":3600}");
            }
            return product.apply(r);
        });
        closeables.add(s);
        return s;
    }

    private DefaultMomoDisbursementClient client(String baseUrl, Duration readTimeout) {
        MomoAccountSettings settings = new MomoAccountSettings("test-" + UUID.randomUUID(), baseUrl, "sub-key-1",
                "api-user-1", "api-key-1", "sandbox", Duration.ofMillis(500), readTimeout, 512, true,
                Duration.ofMinutes(10));
        DefaultMomoDisbursementClient c = new DefaultMomoDisbursementClient(settings, () -> {
        }, Clock.systemUTC());
        closeables.add(c);
        return c;
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    private static TransferRequest request(String msisdn) {
        return new TransferRequest("100", "EUR", "ext-" + UUID.randomUUID(), Party.msisdn(msisdn), "for you", null);
    }

    // ---- wire format ----

    @Test
    void depositSendsTheDocumentedRequest() throws Exception {
        RawHttpServer s = server(r -> new RawHttpServer.Respond(202, ""));
        DefaultMomoDisbursementClient c = client(s.baseUrl(), Duration.ofSeconds(5));
        UUID ref = UUID.randomUUID();

        MomoResult<Void> r = await(c.deposit(ref, request("46733123450"), Optional.empty()));

        assertEquals(MomoResult.Ok.accepted(), r);
        RawHttpServer.Request token = s.requestsTo(TOKEN_PATH).get(0);
        assertEquals("POST", token.method());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("api-user-1:api-key-1".getBytes(
                StandardCharsets.UTF_8)), token.header("Authorization"));
        assertEquals("sub-key-1", token.header("Ocp-Apim-Subscription-Key"));
        assertNull(token.header("X-Target-Environment"));
        assertEquals("", token.body());

        RawHttpServer.Request deposit = s.requestsTo("/disbursement/v2_0/deposit").get(0);
        assertEquals("POST", deposit.method());
        assertEquals("Bearer tok-1", deposit.header("Authorization"));
        assertEquals(ref.toString(), deposit.header("X-Reference-Id"));
        assertEquals("sandbox", deposit.header("X-Target-Environment"));
        assertEquals("sub-key-1", deposit.header("Ocp-Apim-Subscription-Key"));
        assertTrue(deposit.header("Content-Type").startsWith("application/json"));
        assertNull(deposit.header("X-Callback-Url"), "no callback header without a callback URL");
        assertTrue(deposit.body().contains("\"payee\":{\"partyIdType\":\"MSISDN\",\"partyId\":\"46733123450\"}"),
                deposit.body());
        assertTrue(deposit.body().contains("\"amount\":\"100\""), deposit.body());
        assertFalse(deposit.body().contains("payer\""), deposit.body());
        assertFalse(deposit.body().contains("payeeNote"), deposit.body());
    }

    @Test
    void transferAndRefundPathsAndCallbackHeader() throws Exception {
        RawHttpServer s = server(r -> new RawHttpServer.Respond(202, ""));
        DefaultMomoDisbursementClient c = client(s.baseUrl(), Duration.ofSeconds(5));
        URI callback = URI.create("http://cb.example.com/callbacks/momo/x/secret");

        assertTrue(await(c.transfer(UUID.randomUUID(), request("46733123451"), Optional.of(callback))).isSuccess());
        assertTrue(await(c.refund(UUID.randomUUID(), new RefundRequest("5", "EUR", "e", null, null,
                UUID.randomUUID().toString()), Optional.of(callback))).isSuccess());

        assertEquals(callback.toString(), s.requestsTo("/disbursement/v1_0/transfer").get(0).header("X-Callback-Url"));
        RawHttpServer.Request refund = s.requestsTo("/disbursement/v2_0/refund").get(0);
        assertEquals(callback.toString(), refund.header("X-Callback-Url"));
        assertTrue(refund.body().contains("referenceIdToRefund"));
        assertEquals(1, s.requestsTo(TOKEN_PATH).size(), "the token is reused");
    }

    @Test
    void readsStatusBalanceAndActive() throws Exception {
        UUID ref = UUID.randomUUID();
        RawHttpServer s = server(r -> switch (r.path()) {
            case "/disbursement/v1_0/account/balance" -> new RawHttpServer.Respond(200,
                    "{\"availableBalance\":1000,\"currency\":\"EUR\"}");
            case "/disbursement/v1_0/account/balance/EUR" -> new RawHttpServer.Respond(200,
                    "{\"availableBalance\":\"12.5\",\"currency\":\"EUR\"}");
            case "/disbursement/v1_0/accountholder/msisdn/46733123450/active" -> new RawHttpServer.Respond(200,
                    "{\"result\":true}");
            case "/disbursement/v1_0/accountholder/email/nobody@example.com/active" ->
                    new RawHttpServer.Respond(404, "{\"code\":\"RESOURCE_NOT_FOUND\"}");
            default -> r.path().equals("/disbursement/v1_0/transfer/" + ref)
                    ? new RawHttpServer.Respond(200, "{\"amount\":\"100\",\"currency\":\"EUR\",\"externalId\":\"e\","
                            + "\"payee\":{\"partyIdType\":\"MSISDN\",\"partyId\":\"46733123457\"},"
                            + "\"status\":\"FAILED\",\"reason\":\"PAYEE_NOT_FOUND\"}")
                    : new RawHttpServer.Respond(404, "{\"code\":\"RESOURCE_NOT_FOUND\",\"message\":\"not found\"}");
        });
        DefaultMomoDisbursementClient c = client(s.baseUrl(), Duration.ofSeconds(5));

        assertEquals(new MomoResult.Ok<>(new Balance("1000", "EUR")), await(c.getAccountBalance()));
        assertEquals(new MomoResult.Ok<>(new Balance("12.5", "EUR")), await(c.getAccountBalanceIn("EUR")));
        assertEquals(new MomoResult.Ok<>(true),
                await(c.isAccountHolderActive(AccountHolderIdType.MSISDN, "46733123450")));
        assertInstanceOf(MomoResult.NotFound.class,
                await(c.isAccountHolderActive(AccountHolderIdType.EMAIL, "nobody@example.com")));

        TransferStatus status = await(c.getTransferStatus(ref)).optionalBody().orElseThrow();
        assertEquals(MomoTransactionStatus.FAILED, status.status());
        assertEquals(MomoReason.of("PAYEE_NOT_FOUND"), status.reason());
        assertEquals(new MomoResult.NotFound<TransferStatus>("RESOURCE_NOT_FOUND", "not found"),
                await(c.getDepositStatus(UUID.randomUUID())));
        assertEquals("GET", s.requestsTo("/disbursement/v1_0/transfer/").get(0).method());
    }

    // ---- token refresh on 401 ----

    @Test
    void unauthorizedRefreshesOnceAndRetriesTheSameReference() throws Exception {
        AtomicInteger deposits = new AtomicInteger();
        RawHttpServer s = server(r -> deposits.incrementAndGet() == 1
                ? new RawHttpServer.Respond(401, "{\"error\":\"invalid_token\"}")
                : new RawHttpServer.Respond(202, ""));
        DefaultMomoDisbursementClient c = client(s.baseUrl(), Duration.ofSeconds(5));
        UUID ref = UUID.randomUUID();

        assertEquals(MomoResult.Ok.accepted(), await(c.deposit(ref, request("46733123450"), Optional.empty())));

        List<RawHttpServer.Request> posts = s.requestsTo("/disbursement/v2_0/deposit");
        assertEquals(2, posts.size());
        assertEquals(ref.toString(), posts.get(0).header("X-Reference-Id"));
        assertEquals(ref.toString(), posts.get(1).header("X-Reference-Id"));
        assertEquals(posts.get(0).body(), posts.get(1).body());
        assertEquals("Bearer tok-1", posts.get(0).header("Authorization"));
        assertEquals("Bearer tok-2", posts.get(1).header("Authorization"));
        assertEquals(2, s.requestsTo(TOKEN_PATH).size());
        assertEquals(2, c.tokenCache().refreshCount());
    }

    @Test
    void secondUnauthorizedIsReportedWithoutFurtherRetries() throws Exception {
        RawHttpServer s = server(r -> new RawHttpServer.Respond(401, "{\"error\":\"invalid_token\"}"));
        DefaultMomoDisbursementClient c = client(s.baseUrl(), Duration.ofSeconds(5));

        MomoResult<Void> r = await(c.transfer(UUID.randomUUID(), request("46733123450"), Optional.empty()));

        assertEquals(401, assertInstanceOf(MomoResult.Unauthorized.class, r).status());
        assertEquals(2, s.requestsTo("/disbursement/v1_0/transfer").size());
        assertEquals(2, s.requestsTo(TOKEN_PATH).size());
    }

    @Test
    void rejectedCredentialsAreUnauthorizedAndNothingIsPosted() throws Exception {
        RawHttpServer s = new RawHttpServer(r -> new RawHttpServer.Respond(500, "{\"error\":\"login_failed\"}"));
        closeables.add(s);
        DefaultMomoDisbursementClient c = client(s.baseUrl(), Duration.ofSeconds(5));

        MomoResult<Void> r = await(c.deposit(UUID.randomUUID(), request("46733123450"), Optional.empty()));

        assertEquals(500, assertInstanceOf(MomoResult.Unauthorized.class, r).status());
        assertTrue(s.requestsTo("/disbursement/v2_0").isEmpty());
    }

    @Test
    void hundredConcurrentCallsShareOneTokenRequest() throws Exception {
        RawHttpServer s = server(r -> new RawHttpServer.Respond(200, "{\"availableBalance\":\"1\",\"currency\":\"EUR\"}"));
        DefaultMomoDisbursementClient c = client(s.baseUrl(), Duration.ofSeconds(10));
        List<Uni<MomoResult<Balance>>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(c.getAccountBalance());
        }
        List<?> results = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(60));
        assertEquals(100, results.size());
        results.forEach(r -> assertTrue(((MomoResult<?>) r).isSuccess(), r.toString()));
        assertEquals(1, s.requestsTo(TOKEN_PATH).size());
        assertEquals(100, s.requestsTo("/disbursement/v1_0/account/balance").size());
    }

    // ---- connect vs read: the classification that prevents double payments ----

    @Test
    void connectionRefusedIsNotSent() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        DefaultMomoDisbursementClient c = client("http://127.0.0.1:" + port, Duration.ofSeconds(5));

        assertInstanceOf(MomoResult.NotSent.class, await(c.createAccessToken()));
        assertInstanceOf(MomoResult.NotSent.class,
                await(c.deposit(UUID.randomUUID(), request("46733123450"), Optional.empty())));
    }

    @Test
    void productCallToAServerThatWentAwayIsNotSent() throws Exception {
        for (int tries = 0; tries < 5; tries++) {
            RawHttpServer s = new RawHttpServer(r -> new RawHttpServer.Respond(200, "{\"access_token\":\"t\","
                    + "\"expires_in\":3600}", Map.of("Connection", "close")));
            DefaultMomoDisbursementClient c = client(s.baseUrl(), Duration.ofSeconds(5));
            assertTrue(await(c.createAccessToken()).isSuccess());
            assertTrue(await(c.tokenCache().token()).ok());
            s.close();
            // The port stays taken, bound but not listening: it refuses connections, and the kernel hands it to no
            // other server of this JVM asking for a free port meanwhile (its closed connections may linger in
            // TIME_WAIT, hence SO_REUSEADDR).
            try (Socket holder = new Socket()) {
                holder.setReuseAddress(true);
                try {
                    holder.bind(new InetSocketAddress("127.0.0.1", URI.create(s.baseUrl()).getPort()));
                } catch (BindException taken) {
                    continue; // another server got the port first: try again on a new one
                }
                MomoResult<Void> r = await(c.transfer(UUID.randomUUID(), request("46733123450"), Optional.empty()));
                assertInstanceOf(MomoResult.NotSent.class, r, r.toString());
                return;
            }
        }
        throw new AssertionError("no port could be held after its server went away");
    }

    @Test
    void unresolvableHostIsNotSent() {
        DefaultMomoDisbursementClient c = client("http://momo.host.invalid", Duration.ofSeconds(5));
        MomoResult<Void> r = await(c.deposit(UUID.randomUUID(), request("46733123450"), Optional.empty()));
        assertInstanceOf(MomoResult.NotSent.class, r, r.toString());
    }

    @Test
    void noAnswerIsAmbiguousReadTimeout() throws Exception {
        RawHttpServer s = server(r -> new RawHttpServer.Hang());
        DefaultMomoDisbursementClient c = client(s.baseUrl(), Duration.ofMillis(800));

        MomoResult<Void> r = await(c.deposit(UUID.randomUUID(), request("46733123450"), Optional.empty()));

        assertEquals(AmbiguityKind.READ_TIMEOUT, assertInstanceOf(MomoResult.Ambiguous.class, r, r.toString()).kind());
        assertEquals(1, s.requestsTo("/disbursement/v2_0/deposit").size(), "the request did reach the server");
    }

    @Test
    void closeWithoutAnswerIsAmbiguousConnectionReset() throws Exception {
        RawHttpServer s = server(r -> new RawHttpServer.Close());
        DefaultMomoDisbursementClient c = client(s.baseUrl(), Duration.ofSeconds(5));

        MomoResult<Void> r = await(c.transfer(UUID.randomUUID(), request("46733123450"), Optional.empty()));

        assertEquals(AmbiguityKind.CONNECTION_RESET,
                assertInstanceOf(MomoResult.Ambiguous.class, r, r.toString()).kind());
    }

    @Test
    void resetIsAmbiguousConnectionReset() throws Exception {
        RawHttpServer s = server(r -> new RawHttpServer.Reset());
        DefaultMomoDisbursementClient c = client(s.baseUrl(), Duration.ofSeconds(5));

        MomoResult<Void> r = await(c.refund(UUID.randomUUID(), new RefundRequest("1", "EUR", "e", null, null,
                UUID.randomUUID().toString()), Optional.empty()));

        assertEquals(AmbiguityKind.CONNECTION_RESET,
                assertInstanceOf(MomoResult.Ambiguous.class, r, r.toString()).kind());
    }

    @Test
    void tokenTimeoutMeansTheProductCallWasNotSent() throws Exception {
        RawHttpServer s = new RawHttpServer(r -> new RawHttpServer.Hang());
        closeables.add(s);
        DefaultMomoDisbursementClient c = client(s.baseUrl(), Duration.ofMillis(500));

        MomoResult<Void> r = await(c.deposit(UUID.randomUUID(), request("46733123450"), Optional.empty()));

        assertInstanceOf(MomoResult.NotSent.class, r, r.toString());
        assertTrue(s.requestsTo("/disbursement/v2_0").isEmpty());
    }

    @Test
    void missingCredentialsAreReportedAtUseNotAtStartup() {
        MomoAccountSettings settings = new MomoAccountSettings("default", "https://sandbox.momodeveloper.mtn.com",
                null, null, null, "sandbox", Duration.ofSeconds(1), Duration.ofSeconds(1), 512, true,
                Duration.ofMinutes(10));
        DefaultMomoDisbursementClient c = new DefaultMomoDisbursementClient(settings, () -> {
        }, Clock.systemUTC());
        MomoResult<Void> r = await(c.deposit(UUID.randomUUID(), request("46733123450"), Optional.empty()));
        String detail = assertInstanceOf(MomoResult.NotSent.class, r).detail();
        assertTrue(detail.contains("MOMO_SUBSCRIPTION_KEY"), detail);
        assertTrue(detail.contains("MOMO_API_USER"), detail);
        assertTrue(detail.contains("MOMO_API_KEY"), detail);
    }

    @Test
    void nonVersion4ReferenceIsRefusedLocally() throws Exception {
        RawHttpServer s = server(r -> new RawHttpServer.Respond(202, ""));
        DefaultMomoDisbursementClient c = client(s.baseUrl(), Duration.ofSeconds(5));
        UUID v3 = UUID.nameUUIDFromBytes("x".getBytes(StandardCharsets.UTF_8));
        assertInstanceOf(MomoResult.BadRequest.class, await(c.transfer(v3, request("46733123450"), Optional.empty())));
        assertTrue(s.requests.isEmpty());
    }

    @Test
    void unknownAccountIsRejected() {
        String name = "no-such-account-" + UUID.randomUUID();
        UnknownMomoAccountException e = org.junit.jupiter.api.Assertions.assertThrows(
                UnknownMomoAccountException.class, () -> clients.forAccount(name));
        assertEquals(name, e.accountName());
        assertFalse(clients.accountNames().contains(name));
    }
}
