package dev.momopay.payout.momo;

import static dev.momopay.payout.testsupport.PayoutTestResource.management;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.momo.dto.AccountHolderIdType;
import dev.momopay.payout.momo.dto.Balance;
import dev.momopay.payout.momo.dto.BasicUserInfo;
import dev.momopay.payout.momo.dto.MomoReason;
import dev.momopay.payout.momo.dto.MomoTransactionStatus;
import dev.momopay.payout.momo.dto.Party;
import dev.momopay.payout.momo.dto.RefundRequest;
import dev.momopay.payout.momo.dto.TransferRequest;
import dev.momopay.payout.momo.dto.TransferStatus;
import dev.momopay.payout.momo.dto.UserInfoWithConsent;
import dev.momopay.payout.momo.provisioning.ProvisionSandboxCredentials;
import dev.momopay.payout.testsupport.PayoutTestResource;
import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.SimulatorConfig;
import dev.momopay.simulator.faults.AcceptThenFailMode;
import dev.momopay.simulator.faults.EndpointClass;
import dev.momopay.simulator.ledger.TransactionView;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against the MoMo simulator over real HTTP: every operation, every result class, token refresh,
 * single-flight, 401 retry, the sandbox test numbers and the provisioning command. Fault tests use a private
 * simulator so they cannot disturb (or be disturbed by) the pipeline tests that share the application.
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class MomoClientSimulatorTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static MomoSimulator sim;

    @Inject
    MomoClients clients;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void startPrivateSimulator() {
        sim = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ofMillis(100)));
    }

    @AfterAll
    static void stopPrivateSimulator() {
        sim.close();
    }

    @AfterEach
    void reset() throws Exception {
        sim.faults().reset();
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    // ---- helpers ----

    private DefaultMomoDisbursementClient client(MomoSimulator s, Function<MomoAccountSettings, MomoAccountSettings> tweak) {
        MomoAccountSettings settings = tweak.apply(new MomoAccountSettings("sim-" + UUID.randomUUID(), s.baseUrl(),
                s.subscriptionKey(), s.apiUser(), s.apiKey(), s.targetEnvironment(), Duration.ofSeconds(2),
                Duration.ofSeconds(5), 512, true, Duration.ofMinutes(10)));
        DefaultMomoDisbursementClient c = new DefaultMomoDisbursementClient(settings, () -> {
        }, Clock.systemUTC());
        closeables.add(c);
        return c;
    }

    private DefaultMomoDisbursementClient client() {
        return client(sim, Function.identity());
    }

    private static MomoAccountSettings withSubscriptionKey(MomoAccountSettings s, String key) {
        return new MomoAccountSettings(s.accountName(), s.baseUrl(), key, s.apiUser(), s.apiKey(),
                s.targetEnvironment(), s.connectTimeout(), s.readTimeout(), s.connectionPoolSize(), s.keepAlive(),
                s.tokenRefreshMargin());
    }

    private static MomoAccountSettings withEnvironment(MomoAccountSettings s, String env) {
        return new MomoAccountSettings(s.accountName(), s.baseUrl(), s.subscriptionKey(), s.apiUser(), s.apiKey(),
                env, s.connectTimeout(), s.readTimeout(), s.connectionPoolSize(), s.keepAlive(),
                s.tokenRefreshMargin());
    }

    private static MomoAccountSettings withMargin(MomoAccountSettings s, Duration margin) {
        return new MomoAccountSettings(s.accountName(), s.baseUrl(), s.subscriptionKey(), s.apiUser(), s.apiKey(),
                s.targetEnvironment(), s.connectTimeout(), s.readTimeout(), s.connectionPoolSize(), s.keepAlive(),
                margin);
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    /** A payee number outside the sandbox matrix (so SUCCESSFUL), unique per call so faults can target it. */
    private static String freshMsisdn() {
        return "2567" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    private static TransferRequest request(String msisdn) {
        return new TransferRequest("100", "EUR", "ext-" + UUID.randomUUID(), Party.msisdn(msisdn), "payout", "thanks");
    }

    private static TransferStatus awaitFinal(Function<UUID, Uni<MomoResult<TransferStatus>>> status, UUID ref) {
        TransferStatus[] last = new TransferStatus[1];
        org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            MomoResult<TransferStatus> r = status.apply(ref).await().atMost(WAIT);
            last[0] = r.optionalBody().orElse(null);
            return last[0] != null && last[0].status().isFinal();
        });
        return last[0];
    }

    // ---- every operation, happy path ----

    @Test
    void configuredDefaultAccountWorksAgainstTheSharedSimulator() {
        assertTrue(clients.accountNames().contains("default"));
        assertTrue(clients.configurationProblems().isEmpty(), clients.configurationProblems().toString());
        MomoDisbursementClient c = clients.forAccount("default");
        assertEquals("default", c.accountName());
        assertTrue(await(c.getAccountBalance()).isSuccess());
        UUID ref = UUID.randomUUID();
        assertEquals(MomoResult.Ok.accepted(), await(c.transfer(ref, request(freshMsisdn()), Optional.empty())));
        assertEquals(MomoTransactionStatus.SUCCESSFUL, awaitFinal(c::getTransferStatus, ref).status());
        assertTrue(clients.tokenRefreshCount("default") >= 1);
    }

    @Test
    void theMomoHealthGroupReportsTheConfiguredAccount() {
        // MoMo is its own health group, never part of readiness.
        io.restassured.RestAssured.given().get(management("/q/health/group/momo")).then()
                .body("checks.find { it.name == 'MoMo access tokens' }.data.default",
                        org.hamcrest.Matchers.notNullValue());
        io.restassured.RestAssured.given().get(management("/q/health/ready")).then()
                .body("checks.find { it.name == 'MoMo access tokens' }", org.hamcrest.Matchers.nullValue());
        // An account without credentials explains itself through the same path the readiness check uses.
        assertTrue(clients.tokenProblem("default").await().atMost(WAIT).isEmpty());
    }

    @Test
    void accessTokenBalanceAndUserInfo() {
        DefaultMomoDisbursementClient c = client();
        MomoResult<dev.momopay.payout.momo.dto.AccessToken> token = await(c.createAccessToken());
        assertEquals(3600L, token.optionalBody().orElseThrow().expiresIn());
        assertEquals("access_token", token.optionalBody().orElseThrow().tokenType());

        Balance balance = await(c.getAccountBalance()).optionalBody().orElseThrow();
        assertEquals("EUR", balance.currency());
        assertNotNull(balance.availableBalance());
        assertEquals("EUR", await(c.getAccountBalanceIn("EUR")).optionalBody().orElseThrow().currency());

        BasicUserInfo info = await(c.getBasicUserInfo("46733123499")).optionalBody().orElseThrow();
        assertNotNull(info.givenName());
        assertNotNull(info.familyName());

        MomoResult<UserInfoWithConsent> consent = await(c.askUserInfo("46733123499", "profile"));
        assertTrue(consent.isSuccess(), consent.toString());
        assertNotNull(consent.optionalBody().orElseThrow().familyName());
    }

    @Test
    void depositTransferRefundAndTheirStatuses() {
        DefaultMomoDisbursementClient c = client();
        UUID deposit = UUID.randomUUID();
        UUID transfer = UUID.randomUUID();
        UUID refund = UUID.randomUUID();
        String payee = freshMsisdn();

        assertEquals(MomoResult.Ok.accepted(), await(c.deposit(deposit, request(payee), Optional.empty())));
        assertEquals(MomoResult.Ok.accepted(), await(c.transfer(transfer, request(payee), Optional.empty())));
        assertEquals(MomoResult.Ok.accepted(), await(c.refund(refund, new RefundRequest("5.50", "EUR", "r-1", null,
                null, transfer.toString()), Optional.empty())));

        TransactionView d = sim.ledger().transaction(deposit).orElseThrow();
        assertEquals(2, d.version(), "deposit goes to v2_0");
        assertEquals(payee, d.payee().partyId());
        assertEquals(2, sim.ledger().transaction(refund).orElseThrow().version(), "refund goes to v2_0");
        assertEquals("5.50", sim.ledger().transaction(refund).orElseThrow().amount());

        TransferStatus ds = awaitFinal(c::getDepositStatus, deposit);
        assertEquals(MomoTransactionStatus.SUCCESSFUL, ds.status());
        assertEquals(Party.msisdn(payee), ds.payee());
        assertEquals("100", ds.amount());
        TransferStatus ts = awaitFinal(c::getTransferStatus, transfer);
        assertEquals(MomoTransactionStatus.SUCCESSFUL, ts.status());
        assertNotNull(ts.financialTransactionId());
        assertEquals(MomoTransactionStatus.SUCCESSFUL, awaitFinal(c::getRefundStatus, refund).status());
    }

    @Test
    void accountHolderActiveRows() {
        DefaultMomoDisbursementClient c = client();
        assertEquals(new MomoResult.Ok<>(true), await(c.isAccountHolderActive(AccountHolderIdType.MSISDN, "46733123499")));
        assertInstanceOf(MomoResult.NotFound.class, await(c.isAccountHolderActive(AccountHolderIdType.MSISDN, "46733123450")));
        assertEquals(new MomoResult.Ok<>(false), await(c.isAccountHolderActive(AccountHolderIdType.MSISDN, "46733123451")));
        assertEquals("NOT_ALLOWED", assertInstanceOf(MomoResult.Refused.class,
                await(c.isAccountHolderActive(AccountHolderIdType.MSISDN, "46733123452"))).code());
        assertEquals("NOT_ALLOWED_TARGET_ENVIRONMENT", assertInstanceOf(MomoResult.Refused.class,
                await(c.isAccountHolderActive(AccountHolderIdType.MSISDN, "46733123453"))).code());
        assertEquals(AmbiguityKind.SERVER_ERROR, assertInstanceOf(MomoResult.Ambiguous.class,
                await(c.isAccountHolderActive(AccountHolderIdType.MSISDN, "46733123454"))).kind());
        assertEquals(503, assertInstanceOf(MomoResult.Unavailable.class,
                await(c.isAccountHolderActive(AccountHolderIdType.MSISDN, "46733123455"))).status());
        assertInstanceOf(MomoResult.NotFound.class,
                await(c.isAccountHolderActive(AccountHolderIdType.EMAIL, "notfound@email.com")));
        assertEquals(new MomoResult.Ok<>(true), await(c.isAccountHolderActive(AccountHolderIdType.EMAIL, "someone@email.com")));
    }

    // ---- each result class ----

    @Test
    void reusedReferenceIsAlreadyExists() {
        DefaultMomoDisbursementClient c = client();
        UUID ref = UUID.randomUUID();
        assertTrue(await(c.transfer(ref, request(freshMsisdn()), Optional.empty())).isSuccess());
        MomoResult<Void> again = await(c.transfer(ref, request(freshMsisdn()), Optional.empty()));
        assertEquals("RESOURCE_ALREADY_EXIST", assertInstanceOf(MomoResult.AlreadyExists.class, again).code());
        assertEquals(2, sim.ledger().postAttempts(ref));
    }

    @Test
    void unknownReferenceIsNotFound() {
        MomoResult<TransferStatus> r = await(client().getTransferStatus(UUID.randomUUID()));
        assertEquals("RESOURCE_NOT_FOUND", assertInstanceOf(MomoResult.NotFound.class, r).code());
    }

    @Test
    void invalidBodyIsBadRequest() {
        UUID ref = UUID.randomUUID();
        MomoResult<Void> r = await(client().transfer(ref, new TransferRequest("1,50", "EUR", "x",
                Party.msisdn(freshMsisdn()), null, null), Optional.empty()));
        assertEquals(400, assertInstanceOf(MomoResult.BadRequest.class, r).status());
        assertTrue(sim.ledger().transaction(ref).isEmpty());
    }

    @Test
    void wrongSubscriptionKeyIsUnauthorized() {
        DefaultMomoDisbursementClient c = client(sim, s -> withSubscriptionKey(s, "not-the-key"));
        UUID ref = UUID.randomUUID();
        MomoResult<Void> r = await(c.deposit(ref, request(freshMsisdn()), Optional.empty()));
        assertEquals(401, assertInstanceOf(MomoResult.Unauthorized.class, r).status());
        assertEquals(0, sim.ledger().postAttempts(ref), "nothing is posted without a token");
    }

    @Test
    void invalidCurrencyIsRefused() {
        UUID ref = UUID.randomUUID();
        MomoResult<Void> r = await(client().transfer(ref, new TransferRequest("1", "XAF", "x",
                Party.msisdn(freshMsisdn()), null, null), Optional.empty()));
        MomoResult.Refused<?> refused = assertInstanceOf(MomoResult.Refused.class, r);
        assertEquals(500, refused.status());
        assertEquals("INVALID_CURRENCY", refused.code());
        assertEquals("INVALID_CURRENCY", assertInstanceOf(MomoResult.Refused.class,
                await(client().getAccountBalanceIn("XAF"))).code());
    }

    @Test
    void wrongTargetEnvironmentIsRefused() {
        DefaultMomoDisbursementClient c = client(sim, s -> withEnvironment(s, "mtnghana"));
        MomoResult<Void> r = await(c.transfer(UUID.randomUUID(), request(freshMsisdn()), Optional.empty()));
        assertEquals("NOT_ALLOWED_TARGET_ENVIRONMENT", assertInstanceOf(MomoResult.Refused.class, r).code());
    }

    @Test
    void statusRateLimitIsRateLimitedWithRetryAfter() {
        DefaultMomoDisbursementClient c = client();
        sim.faults().statusRateLimit(1);
        UUID ref = UUID.randomUUID();
        List<MomoResult<TransferStatus>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(await(c.getTransferStatus(ref)));
        }
        MomoResult.RateLimited<?> limited = (MomoResult.RateLimited<?>) results.stream()
                .filter(r -> r instanceof MomoResult.RateLimited).findFirst().orElseThrow();
        assertTrue(limited.retryAfter().isPresent());
    }

    @Test
    void serviceUnavailableIsUnavailable() {
        sim.faults().unavailableBurst(EndpointClass.POST, 1);
        UUID ref = UUID.randomUUID();
        MomoResult<Void> r = await(client().transfer(ref, request(freshMsisdn()), Optional.empty()));
        MomoResult.Unavailable<?> u = assertInstanceOf(MomoResult.Unavailable.class, r);
        assertEquals(503, u.status());
        assertEquals("SERVICE_UNAVAILABLE", u.code());
        assertTrue(r.isMaybeExecuted());
    }

    @Test
    void acceptedButNoAnswerIsAmbiguousReadTimeoutAndTheTransactionExists() {
        String payee = freshMsisdn();
        sim.faults().target(payee).acceptThenFail(1, AcceptThenFailMode.HANG);
        DefaultMomoDisbursementClient c = client(sim, s -> s.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        UUID ref = UUID.randomUUID();

        MomoResult<Void> r = await(c.transfer(ref, request(payee), Optional.empty()));

        assertEquals(AmbiguityKind.READ_TIMEOUT, assertInstanceOf(MomoResult.Ambiguous.class, r, r.toString()).kind());
        assertEquals("HANG", sim.ledger().transaction(ref).orElseThrow().responseFault());
        // "Maybe sent" was right: the same reference is known to MoMo and re-POSTing it gives 409.
        assertEquals(MomoTransactionStatus.SUCCESSFUL, awaitFinal(c::getTransferStatus, ref).status());
        assertInstanceOf(MomoResult.AlreadyExists.class, await(c.transfer(ref, request(payee), Optional.empty())));
    }

    @Test
    void acceptedThenDroppedIsAmbiguousConnectionReset() {
        String payee = freshMsisdn();
        sim.faults().target(payee).acceptThenFail(1, AcceptThenFailMode.DROP);
        UUID ref = UUID.randomUUID();
        MomoResult<Void> r = await(client().deposit(ref, request(payee), Optional.empty()));
        assertEquals(AmbiguityKind.CONNECTION_RESET,
                assertInstanceOf(MomoResult.Ambiguous.class, r, r.toString()).kind());
        assertTrue(sim.ledger().transaction(ref).isPresent());
    }

    @Test
    void acceptedThen500WithoutCodeIsAmbiguousServerError() {
        String payee = freshMsisdn();
        sim.faults().target(payee).acceptThenFail(1, AcceptThenFailMode.HTTP_500);
        UUID ref = UUID.randomUUID();
        MomoResult<Void> r = await(client().transfer(ref, request(payee), Optional.empty()));
        assertEquals(AmbiguityKind.SERVER_ERROR, assertInstanceOf(MomoResult.Ambiguous.class, r).kind());
        assertTrue(sim.ledger().transaction(ref).isPresent());
    }

    @Test
    void stoppedSimulatorIsNotSent() {
        MomoSimulator gone = MomoSimulator.start(SimulatorConfig.defaults());
        DefaultMomoDisbursementClient c = client(gone, Function.identity());
        gone.close();
        assertInstanceOf(MomoResult.NotSent.class, await(c.transfer(UUID.randomUUID(), request(freshMsisdn()),
                Optional.empty())));
    }

    // ---- tokens ----

    @Test
    void hundredConcurrentCallsWithAnEmptyCacheIssueOneToken() {
        DefaultMomoDisbursementClient c = client();
        long before = sim.ledger().tokensIssued();
        List<Uni<MomoResult<Balance>>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(c.getAccountBalance());
        }
        List<MomoResult<Balance>> results = Uni.join().all(calls).andFailFast().await().atMost(WAIT);
        results.forEach(r -> assertTrue(r.isSuccess(), r.toString()));
        assertEquals(1, sim.ledger().tokensIssued() - before);
        assertEquals(1, c.tokenCache().refreshCount());
    }

    @Test
    void expiredTokenIsRefreshedOnceAndTheSameReferenceRetried() {
        DefaultMomoDisbursementClient c = client();
        assertTrue(await(c.getAccountBalance()).isSuccess());
        long before = sim.ledger().tokensIssued();
        sim.faults().expireAllTokens(); // MoMo revokes/expires the token before the client expected it
        UUID ref = UUID.randomUUID();
        String payee = freshMsisdn();

        assertEquals(MomoResult.Ok.accepted(), await(c.deposit(ref, request(payee), Optional.empty())));

        assertEquals(2, sim.ledger().postAttempts(ref), "one 401, then the retry");
        assertEquals(1, sim.ledger().tokensIssued() - before, "exactly one refresh");
        TransactionView tx = sim.ledger().transaction(ref).orElseThrow();
        assertEquals(payee, tx.payee().partyId());
        assertEquals(1, sim.ledger().transactions().stream().filter(t -> t.referenceId().equals(ref)).count());
    }

    @Test
    void tokenIsRefreshedBeforeItExpires() {
        try (MomoSimulator shortLived = MomoSimulator.start(SimulatorConfig.defaults()
                .withTokenTtl(Duration.ofSeconds(3)))) {
            // margin 2s on a 3s token: refresh from 1s on, while the old token is still valid.
            DefaultMomoDisbursementClient c = client(shortLived, s -> withMargin(s, Duration.ofSeconds(2)));
            assertTrue(await(c.getAccountBalance()).isSuccess());
            assertEquals(1, shortLived.ledger().tokensIssued());
            org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                MomoResult<Balance> r = c.getAccountBalance().await().atMost(WAIT);
                assertTrue(r.isSuccess(), "no call may fail while the token is refreshed: " + r);
                return shortLived.ledger().tokensIssued() >= 2;
            });
            assertTrue(c.tokenCache().refreshCount() >= 2);
        }
    }

    // ---- sandbox test numbers, through status polling ----

    @Test
    void sandboxNumbersThroughStatusPolling() {
        DefaultMomoDisbursementClient c = client();
        Map<String, String> transfer = new LinkedHashMap<>();
        transfer.put("46733123450", "INTERNAL_PROCESSING_ERROR");
        transfer.put("46733123451", "APPROVAL_REJECTED");
        transfer.put("46733123452", "EXPIRED");
        transfer.put("46733123455", "NOT_ENOUGH_FUNDS");
        transfer.put("46733123456", "PAYER_LIMIT_REACHED");
        transfer.put("46733123457", "PAYEE_NOT_FOUND");
        transfer.put("46733123458", "NOT_ALLOWED");
        transfer.put("46733123459", "NOT_ALLOWED_TARGET_ENVIRONMENT");
        transfer.put("46733123460", "INVALID_CALLBACK_URL_HOST");
        transfer.put("46733123461", "INVALID_CURRENCY");
        transfer.put("46733123462", "INTERNAL_PROCESSING_ERROR");
        transfer.put("46733123463", "SERVICE_UNAVAILABLE");
        transfer.put("46733123464", "TRANSFER_TYPE_UNKNOWN");
        transfer.put("56733123453", null);
        Map<String, String> deposit = new LinkedHashMap<>();
        deposit.put("46733123450", "INTERNAL_PROCESSING_ERROR");
        deposit.put("46733123451", "APPROVAL_REJECTED");
        deposit.put("46733123452", "EXPIRED");
        deposit.put("46733123455", "PAYER_NOT_FOUND");
        deposit.put("46733123456", "PAYEE_NOT_ALLOWED_TO_RECEIVE");
        deposit.put("46733123457", "NOT_ALLOWED");
        deposit.put("46733123458", "NOT_ALLOWED_TARGET_ENVIRONMENT");
        deposit.put("46733123459", "INVALID_CALLBACK_URL_HOST");
        deposit.put("46733123460", "INVALID_CURRENCY");
        deposit.put("46733123461", "INTERNAL_PROCESSING_ERROR");
        deposit.put("46733123462", "SERVICE_UNAVAILABLE");
        deposit.put("46733123463", "COULD_NOT_PERFORM_TRANSACTION");
        deposit.put("46733123464", null);
        deposit.put("56733123453", null);
        Map<String, String> refund = new LinkedHashMap<>();
        refund.put("1", "PAYER_NOT_FOUND");
        refund.put("2", "INTERNAL_PROCESSING_ERROR");
        refund.put("3", "APPROVAL_REJECTED");
        refund.put("4", "EXPIRED");
        refund.put("7", "NOT_ALLOWED");
        refund.put("8", "NOT_ALLOWED_TARGET_ENVIRONMENT");
        refund.put("9", "INVALID_CALLBACK_URL_HOST");
        refund.put("10", "INVALID_CURRENCY");
        refund.put("11", "INTERNAL_PROCESSING_ERROR");
        refund.put("12", "SERVICE_UNAVAILABLE");
        refund.put("13", "COULD_NOT_PERFORM_TRANSACTION");
        refund.put(UUID.randomUUID().toString(), null);

        Map<UUID, String> transfers = new LinkedHashMap<>();
        transfer.forEach((msisdn, reason) -> {
            UUID ref = UUID.randomUUID();
            assertTrue(await(c.transfer(ref, request(msisdn), Optional.empty())).isSuccess(), msisdn);
            transfers.put(ref, msisdn);
        });
        Map<UUID, String> deposits = new LinkedHashMap<>();
        deposit.forEach((msisdn, reason) -> {
            UUID ref = UUID.randomUUID();
            assertTrue(await(c.deposit(ref, request(msisdn), Optional.empty())).isSuccess(), msisdn);
            deposits.put(ref, msisdn);
        });
        Map<UUID, String> refunds = new LinkedHashMap<>();
        refund.forEach((trigger, reason) -> {
            UUID ref = UUID.randomUUID();
            assertTrue(await(c.refund(ref, new RefundRequest("1", "EUR", "r", null, null, trigger),
                    Optional.empty())).isSuccess(), trigger);
            refunds.put(ref, trigger);
        });
        UUID pendingTransfer = UUID.randomUUID();
        UUID pendingDeposit = UUID.randomUUID();
        UUID pendingRefund = UUID.randomUUID();
        assertTrue(await(c.transfer(pendingTransfer, request("46733123454"), Optional.empty())).isSuccess());
        assertTrue(await(c.deposit(pendingDeposit, request("46733123453"), Optional.empty())).isSuccess());
        assertTrue(await(c.refund(pendingRefund, new RefundRequest("1", "EUR", "r", null, null, "6"),
                Optional.empty())).isSuccess());

        transfers.forEach((ref, msisdn) -> assertOutcome(transfer.get(msisdn), awaitFinal(c::getTransferStatus, ref), msisdn));
        deposits.forEach((ref, msisdn) -> assertOutcome(deposit.get(msisdn), awaitFinal(c::getDepositStatus, ref), msisdn));
        refunds.forEach((ref, trigger) -> assertOutcome(refund.get(trigger), awaitFinal(c::getRefundStatus, ref), trigger));

        // The "pending" numbers are still PENDING after all the others became final.
        assertEquals(MomoTransactionStatus.PENDING, await(c.getTransferStatus(pendingTransfer)).optionalBody().orElseThrow().status());
        assertEquals(MomoTransactionStatus.PENDING, await(c.getDepositStatus(pendingDeposit)).optionalBody().orElseThrow().status());
        assertEquals(MomoTransactionStatus.PENDING, await(c.getRefundStatus(pendingRefund)).optionalBody().orElseThrow().status());
    }

    private static void assertOutcome(String expectedReason, TransferStatus status, String trigger) {
        if (expectedReason == null) {
            assertEquals(MomoTransactionStatus.SUCCESSFUL, status.status(), trigger);
            assertNull(status.reason(), trigger);
        } else {
            assertEquals(MomoTransactionStatus.FAILED, status.status(), trigger);
            assertEquals(MomoReason.of(expectedReason), status.reason(), trigger);
        }
    }

    @Test
    void reasonAsObjectIsReadToo() {
        try (MomoSimulator objects = MomoSimulator.start(SimulatorConfig.defaults()
                .withCompletionDelay(Duration.ZERO).withReasonAsObject(true))) {
            DefaultMomoDisbursementClient c = client(objects, Function.identity());
            UUID ref = UUID.randomUUID();
            assertTrue(await(c.transfer(ref, request("46733123457"), Optional.empty())).isSuccess());
            TransferStatus s = awaitFinal(c::getTransferStatus, ref);
            assertEquals("PAYEE_NOT_FOUND", s.reason().code());
            assertNotNull(s.reason().message());
        }
    }

    @Test
    void callbackUrlIsSentOnlyWhenGiven() {
        DefaultMomoDisbursementClient c = client();
        UUID with = UUID.randomUUID();
        UUID without = UUID.randomUUID();
        URI callback = URI.create("http://localhost:9/callbacks/momo/" + with + "/secret");
        assertTrue(await(c.transfer(with, request(freshMsisdn()), Optional.of(callback))).isSuccess());
        assertTrue(await(c.transfer(without, request(freshMsisdn()), Optional.empty())).isSuccess());
        assertEquals(callback.toString(), sim.ledger().transaction(with).orElseThrow().callbackUrl());
        assertNull(sim.ledger().transaction(without).orElseThrow().callbackUrl());
    }

    // ---- provisioning ----

    @Test
    void provisioningCommandCreatesWorkingCredentials() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ProvisionSandboxCredentials.run(new String[] { "--base-url", sim.baseUrl(), "--subscription-key",
                sim.subscriptionKey(), "--callback-host", "example.com" },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                HttpClient.newHttpClient(), null);
        String exports = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        String apiUser = value(exports, "MOMO_API_USER");
        String apiKey = value(exports, "MOMO_API_KEY");
        assertEquals(4, UUID.fromString(apiUser).version());
        assertEquals("sandbox", value(exports, "MOMO_TARGET_ENVIRONMENT"));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains(apiKey), "the key goes to stdout only");

        DefaultMomoDisbursementClient c = client(sim, s -> new MomoAccountSettings(s.accountName(), s.baseUrl(),
                s.subscriptionKey(), apiUser, apiKey, s.targetEnvironment(), s.connectTimeout(), s.readTimeout(),
                s.connectionPoolSize(), s.keepAlive(), s.tokenRefreshMargin()));
        assertTrue(await(c.createAccessToken()).isSuccess());

        int wrongKey = ProvisionSandboxCredentials.run(new String[] { "--base-url", sim.baseUrl(),
                "--subscription-key", "wrong", "--callback-host", "example.com" },
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                HttpClient.newHttpClient(), null);
        assertEquals(1, wrongKey);
    }

    private static String value(String exports, String name) {
        return exports.lines().filter(l -> l.startsWith("export " + name + "=")).findFirst().orElseThrow()
                .substring(("export " + name + "=").length());
    }
}
