package dev.momopay.payout.momo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.momo.dto.Balance;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MomoResponseClassifierTest {

    private static <T> MomoResult<T> classify(int status, String body) {
        return MomoResponseClassifier.classify(status, body, null, null);
    }

    @Test
    void accepted202WithEmptyBody() {
        MomoResult<Void> r = classify(202, "");
        assertEquals(new MomoResult.Ok<Void>(null), r);
        assertTrue(r.isSuccess());
        assertEquals(OptionalInt.of(202), r.httpStatus());
    }

    @Test
    void accepted202WithNullBodyAndXmlContent() {
        assertEquals(MomoResult.Ok.accepted(), classify(202, null));
        assertEquals(MomoResult.Ok.accepted(), classify(201, "<xml/>"));
    }

    @Test
    void okWithBody() {
        MomoResult<Balance> r = MomoResponseClassifier.classify(200, "{\"availableBalance\":\"10\",\"currency\":\"EUR\"}",
                null, b -> MomoJson.read(b, Balance.class));
        assertEquals(new MomoResult.Ok<>(new Balance("10", "EUR")), r);
        assertEquals(Optional.of(new Balance("10", "EUR")), r.optionalBody());
    }

    @Test
    void okWithUnreadableBodyIsAmbiguousNotException() {
        MomoResult<Balance> r = MomoResponseClassifier.classify(200, "<html>", null, b -> MomoJson.read(b, Balance.class));
        assertEquals(AmbiguityKind.UNEXPECTED, assertInstanceOf(MomoResult.Ambiguous.class, r).kind());
    }

    @Test
    void conflictIsAlreadyExists() {
        MomoResult<Void> r = classify(409,
                "{\"code\":\"RESOURCE_ALREADY_EXIST\",\"message\":\"Duplicated reference id. Creation of resource failed.\"}");
        assertEquals(new MomoResult.AlreadyExists<Void>("RESOURCE_ALREADY_EXIST",
                "Duplicated reference id. Creation of resource failed."), r);
        assertEquals(Optional.of("RESOURCE_ALREADY_EXIST"), r.errorCode());
    }

    @Test
    void conflictWithStatusKeyEnvelope() {
        MomoResult<Void> r = classify(409, "{\"message\":\"dup\",\"status\":\"RESOURCE_ALREADY_EXIST\"}");
        assertEquals(new MomoResult.AlreadyExists<Void>("RESOURCE_ALREADY_EXIST", "dup"), r);
    }

    @Test
    void notFound() {
        assertEquals(new MomoResult.NotFound<Void>("RESOURCE_NOT_FOUND", "Requested resource was not found."),
                classify(404, "{\"code\":\"RESOURCE_NOT_FOUND\",\"message\":\"Requested resource was not found.\"}"));
    }

    @Test
    void badRequestWithAndWithoutBody() {
        assertEquals(new MomoResult.BadRequest<Void>(400, "INVALID_REFERENCE_ID", null),
                classify(400, "{\"code\":\"INVALID_REFERENCE_ID\"}"));
        assertEquals(new MomoResult.BadRequest<Void>(null, null), classify(400, ""));
        assertEquals(new MomoResult.BadRequest<Void>(415, null, "unsupported"), classify(415, "unsupported"));
    }

    @ParameterizedTest
    @ValueSource(ints = { 401, 403 })
    void unauthorized(int status) {
        MomoResult<Void> r = classify(status, "{\"error\":\"invalid_token\"}");
        MomoResult.Unauthorized<?> u = assertInstanceOf(MomoResult.Unauthorized.class, r);
        assertEquals(status, u.status());
        assertEquals("invalid_token", u.message());
    }

    @Test
    void azureGatewayUnauthorizedEnvelope() {
        MomoResult<Void> r = classify(401,
                "{\"statusCode\":401,\"message\":\"Access denied due to invalid subscription key.\"}");
        assertEquals(new MomoResult.Unauthorized<Void>(401, "Access denied due to invalid subscription key."), r);
    }

    @Test
    void tokenLoginFailed500IsUnauthorized() {
        assertEquals(new MomoResult.Unauthorized<Void>(500, "login_failed"), classify(500, "{\"error\":\"login_failed\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "INVALID_CURRENCY", "NOT_ALLOWED", "NOT_ALLOWED_TARGET_ENVIRONMENT",
            "INVALID_CALLBACK_URL_HOST", "PAYEE_NOT_FOUND", "NOT_ENOUGH_FUNDS" })
    void definitive500CodesAreRefused(String code) {
        MomoResult<Void> r = classify(500, "{\"code\":\"" + code + "\",\"message\":\"m\"}");
        assertEquals(new MomoResult.Refused<Void>(500, code, "m"), r);
        assertFalse(r.isMaybeExecuted());
    }

    @Test
    void internalProcessingErrorIsAmbiguous() {
        MomoResult<Void> r = classify(500, "{\"code\":\"INTERNAL_PROCESSING_ERROR\",\"message\":\"x\"}");
        MomoResult.Ambiguous<?> a = assertInstanceOf(MomoResult.Ambiguous.class, r);
        assertEquals(AmbiguityKind.SERVER_ERROR, a.kind());
        assertTrue(a.detail().contains("INTERNAL_PROCESSING_ERROR"));
        assertTrue(r.isMaybeExecuted());
        assertEquals(OptionalInt.empty(), r.httpStatus());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "null", "{}", "<html>oops</html>", "{\"code\":\"SOMETHING_NEW\"}" })
    void fiveHundredWithoutDefinitiveCodeIsAmbiguous(String body) {
        assertEquals(AmbiguityKind.SERVER_ERROR,
                assertInstanceOf(MomoResult.Ambiguous.class, classify(500, body)).kind());
    }

    @ParameterizedTest
    @ValueSource(ints = { 502, 504, 599 })
    void otherFiveHundredsAreAmbiguous(int status) {
        assertEquals(AmbiguityKind.SERVER_ERROR,
                assertInstanceOf(MomoResult.Ambiguous.class, classify(status, "")).kind());
    }

    @Test
    void fiveOhThreeIsUnavailable() {
        assertEquals(new MomoResult.Unavailable<Void>(503, "SERVICE_UNAVAILABLE", "down"),
                classify(503, "{\"code\":\"SERVICE_UNAVAILABLE\",\"message\":\"down\"}"));
        assertEquals(new MomoResult.Unavailable<Void>(500, "SERVICE_UNAVAILABLE", null),
                classify(500, "{\"code\":\"SERVICE_UNAVAILABLE\"}"));
        assertTrue(classify(503, "").isMaybeExecuted());
    }

    @Test
    void rateLimitedWithRetryAfter() {
        assertEquals(new MomoResult.RateLimited<Void>(Optional.of(Duration.ofSeconds(7))),
                MomoResponseClassifier.classify(429, "", "7", null));
        assertEquals(new MomoResult.RateLimited<Void>(Optional.of(Duration.ofSeconds(3))),
                MomoResponseClassifier.classify(429,
                        "{\"statusCode\":429,\"message\":\"Rate limit is exceeded. Try again in 3 seconds.\"}", null,
                        null));
        assertEquals(new MomoResult.RateLimited<Void>(Optional.empty()), classify(429, ""));
    }

    @Test
    void redirectIsUnexpected() {
        assertEquals(AmbiguityKind.UNEXPECTED,
                assertInstanceOf(MomoResult.Ambiguous.class, classify(302, "")).kind());
    }

    // ---- transport failures ----

    @Test
    void connectionRefusedIsNotSent() {
        MomoResult<Void> r = MomoResponseClassifier.classifyFailure(
                new ProcessingException(new ConnectException("Connection refused: localhost/127.0.0.1:1")));
        assertInstanceOf(MomoResult.NotSent.class, r);
        assertFalse(r.isMaybeExecuted());
    }

    @Test
    void unknownHostIsNotSent() {
        assertInstanceOf(MomoResult.NotSent.class,
                MomoResponseClassifier.classifyFailure(new VertxException(new UnknownHostException("nowhere"))));
    }

    @Test
    void poolAcquisitionTimeoutIsNotSent() {
        assertInstanceOf(MomoResult.NotSent.class, MomoResponseClassifier.classifyFailure(new ProcessingException(
                new NoStackTraceTimeoutException("The timeout of 30000 ms has been exceeded when getting a connection to localhost:8080"))));
    }

    @Test
    void responseTimeoutIsAmbiguousReadTimeout() {
        MomoResult<Void> r = MomoResponseClassifier.classifyFailure(new ProcessingException(
                new NoStackTraceTimeoutException("The timeout period of 500ms has been exceeded while executing POST /x for server localhost:1")));
        assertEquals(AmbiguityKind.READ_TIMEOUT, assertInstanceOf(MomoResult.Ambiguous.class, r).kind());
    }

    @Test
    void closedConnectionIsAmbiguousReset() {
        assertEquals(AmbiguityKind.CONNECTION_RESET, assertInstanceOf(MomoResult.Ambiguous.class,
                MomoResponseClassifier.classifyFailure(new ProcessingException(new HttpClosedException("Connection was closed")))).kind());
        assertEquals(AmbiguityKind.CONNECTION_RESET, assertInstanceOf(MomoResult.Ambiguous.class,
                MomoResponseClassifier.classifyFailure(new SocketException("Connection reset"))).kind());
        assertEquals(AmbiguityKind.CONNECTION_RESET, assertInstanceOf(MomoResult.Ambiguous.class,
                MomoResponseClassifier.classifyFailure(new IOException("Connection reset by peer"))).kind());
    }

    @Test
    void anythingElseIsAmbiguousUnexpected() {
        assertEquals(AmbiguityKind.UNEXPECTED, assertInstanceOf(MomoResult.Ambiguous.class,
                MomoResponseClassifier.classifyFailure(new IllegalStateException("boom"))).kind());
    }
}
