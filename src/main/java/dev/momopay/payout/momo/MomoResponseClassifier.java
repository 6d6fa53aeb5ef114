package dev.momopay.payout.momo;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;

/**
 * The only place where MoMo HTTP responses and transport failures are turned into a {@link MomoResult}. Pure
 * functions, unit-testable without HTTP.
 *
 * <p>The guiding rule: {@link MomoResult.NotSent} only when it is certain that no request bytes reached MoMo,
 * {@link MomoResult.Refused} only for codes that are documented as definitive refusals, and everything else
 * that might have been executed is {@link MomoResult.Ambiguous} or {@link MomoResult.Unavailable}.
 */
public final class MomoResponseClassifier {

    /**
     * Codes that, on a synchronous 500 (or other 5xx), mean MoMo definitively refused the request and did not
     * execute it. INTERNAL_PROCESSING_ERROR is deliberately absent (it is ambiguous).
     */
    static final Set<String> DEFINITIVE_REFUSAL_CODES = Set.of(
            "INVALID_CURRENCY",
            "NOT_ALLOWED",
            "NOT_ALLOWED_TARGET_ENVIRONMENT",
            "INVALID_CALLBACK_URL_HOST",
            "PAYEE_NOT_FOUND",
            "PAYER_NOT_FOUND",
            "NOT_ENOUGH_FUNDS",
            "PAYER_LIMIT_REACHED",
            "PAYEE_NOT_ALLOWED_TO_RECEIVE",
            "PAYMENT_NOT_APPROVED",
            "APPROVAL_REJECTED",
            "UNSUPPORTED_SCOPE",
            "UNSUPPORTED_SCOPE_COMBINATION",
            "MORE_THAN_ONE_FINANCIAL_SCOPE_NOT_SUPPORTED",
            "MISSING_SCOPE_INSTRUCTION",
            "CONSENT_MISMATCH");

    /** Codes that mean "temporarily unavailable" whatever the 5xx status. */
    static final Set<String> UNAVAILABLE_CODES = Set.of("SERVICE_UNAVAILABLE");

    /** Error text of the token endpoints for rejected API user / API key. */
    static final String LOGIN_FAILED = "login_failed";

    private static final Pattern TRY_AGAIN_IN = Pattern.compile("(?i)try again in (\\d+) seconds?");

    /** Reads a 2xx body into the success type; may throw (the result is then {@link AmbiguityKind#UNEXPECTED}). */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(String body) throws Exception;
    }

    private MomoResponseClassifier() {
    }

    /**
     * Classifies an HTTP response.
     *
     * @param status the HTTP status
     * @param body the body as text, may be null or empty
     * @param retryAfterHeader the {@code Retry-After} header, may be null
     * @param reader reads a 2xx body; null for operations whose success has no body (202 Accepted), which then
     *     give {@code Ok(null)}
     */
    public static <T> MomoResult<T> classify(int status, String body, String retryAfterHeader, BodyReader<T> reader) {
        if (status >= 200 && status < 300) {
            if (reader == null) {
                return MomoResult.Ok.accepted();
            }
            try {
                T value = reader.read(body);
                if (value == null) {
                    return new MomoResult.Ambiguous<>(AmbiguityKind.UNEXPECTED, "HTTP " + status + " without a body");
                }
                return new MomoResult.Ok<>(value);
            } catch (Exception e) {
                return new MomoResult.Ambiguous<>(AmbiguityKind.UNEXPECTED,
                        "HTTP " + status + " with an unreadable body: " + e.getMessage());
            }
        }
        MomoError error = MomoError.parse(body);
        if (status == 400) {
            return new MomoResult.BadRequest<>(400, error.code(), error.message());
        }
        if (status == 401 || status == 403) {
            return new MomoResult.Unauthorized<>(status, error.describe());
        }
        if (status == 404) {
            return new MomoResult.NotFound<>(error.code(), error.message());
        }
        if (status == 409) {
            return new MomoResult.AlreadyExists<>(error.code(), error.message());
        }
        if (status == 429) {
            return new MomoResult.RateLimited<>(retryAfter(retryAfterHeader, error.message()));
        }
        if (status == 408) {
            // The server gave up reading the request; we cannot know how much of it was acted on.
            return new MomoResult.Ambiguous<>(AmbiguityKind.SERVER_ERROR, "HTTP 408 " + error.describe());
        }
        if (status >= 400 && status < 500) {
            return new MomoResult.BadRequest<>(status, error.code(), error.message());
        }
        if (status >= 500 && status < 600) {
            String code = error.code() == null ? null : error.code().strip().toUpperCase(Locale.ROOT);
            if (status == 503 || (code != null && UNAVAILABLE_CODES.contains(code))) {
                return new MomoResult.Unavailable<>(status, error.code(), error.message());
            }
            if (code != null && DEFINITIVE_REFUSAL_CODES.contains(code)) {
                return new MomoResult.Refused<>(status, error.code(), error.message());
            }
            if (LOGIN_FAILED.equalsIgnoreCase(error.code())) {
                // Token endpoints answer 500 {"error":"login_failed"} for a wrong API user or key.
                return new MomoResult.Unauthorized<>(status, error.describe());
            }
            return new MomoResult.Ambiguous<>(AmbiguityKind.SERVER_ERROR, "HTTP " + status + " " + error.describe());
        }
        return new MomoResult.Ambiguous<>(AmbiguityKind.UNEXPECTED, "unexpected HTTP " + status);
    }

    /**
     * Classifies a failure where no HTTP response was obtained. Only connect-phase failures are
     * {@link MomoResult.NotSent}; everything after the connection was made is {@link MomoResult.Ambiguous}.
     */
    public static <T> MomoResult<T> classifyFailure(Throwable failure) {
        String detail = describe(failure);
        // Connect phase first: any of these anywhere in the chain means the request was never written.
        for (Throwable t : chain(failure)) {
            if (isConnectPhase(t)) {
                return new MomoResult.NotSent<>(detail);
            }
        }
        for (Throwable t : chain(failure)) {
            if (isTimeout(t)) {
                return new MomoResult.Ambiguous<>(AmbiguityKind.READ_TIMEOUT, detail);
            }
        }
        for (Throwable t : chain(failure)) {
            if (isConnectionLoss(t)) {
                return new MomoResult.Ambiguous<>(AmbiguityKind.CONNECTION_RESET, detail);
            }
        }
        return new MomoResult.Ambiguous<>(AmbiguityKind.UNEXPECTED, detail);
    }

    static boolean isConnectPhase(Throwable t) {
        if (t instanceof ConnectException // includes netty's ConnectTimeoutException and AnnotatedConnectException
                || t instanceof UnknownHostException
                || t instanceof UnresolvedAddressException
                || t instanceof NoRouteToHostException
                || t instanceof SSLHandshakeException
                || t instanceof java.net.http.HttpConnectTimeoutException) {
            return true;
        }
        String name = t.getClass().getName();
        if (name.equals("io.netty.resolver.dns.DnsNameResolverException")
                || name.equals("io.netty.resolver.dns.DnsNameResolverTimeoutException")
                || name.equals("io.netty.channel.ConnectTimeoutException")) {
            return true;
        }
        // Vert.x: the pool could not hand out a connection in time; the request was never written.
        return t instanceof TimeoutException && t.getMessage() != null
                && t.getMessage().contains("when getting a connection");
    }

    static boolean isTimeout(Throwable t) {
        if (t instanceof TimeoutException // Vert.x NoStackTraceTimeoutException ("timeout period ... exceeded")
                || t instanceof SocketTimeoutException
                || t instanceof java.net.http.HttpTimeoutException) {
            return true;
        }
        String name = t.getClass().getName();
        return name.equals("io.netty.handler.timeout.ReadTimeoutException")
                || name.equals("io.netty.handler.timeout.IdleStateException")
                || name.equals("io.smallrye.mutiny.TimeoutException");
    }

    static boolean isConnectionLoss(Throwable t) {
        String name = t.getClass().getName();
        if (name.equals("io.vertx.core.http.HttpClosedException")
                || name.equals("io.vertx.core.http.StreamResetException")
                || name.equals("io.netty.handler.codec.PrematureChannelClosureException")
                || name.startsWith("io.netty.channel.unix.Errors$NativeIoException")) {
            return true;
        }
        if (t instanceof ClosedChannelException || t instanceof EOFException || t instanceof SocketException) {
            return true;
        }
        if (t instanceof IOException) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            return m.contains("reset") || m.contains("closed") || m.contains("broken pipe")
                    || m.contains("header parser received no bytes");
        }
        return false;
    }

    static Optional<Duration> retryAfter(String header, String message) {
        if (header != null && !header.isBlank()) {
            String h = header.strip();
            try {
                long seconds = Long.parseLong(h);
                return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                    return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (DateTimeParseException notDate) {
                    // fall through to the message
                }
            }
        }
        if (message != null) {
            Matcher m = TRY_AGAIN_IN.matcher(message);
            if (m.find()) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(m.group(1))));
            }
        }
        return Optional.empty();
    }

    private static Iterable<Throwable> chain(Throwable failure) {
        java.util.List<Throwable> list = new java.util.ArrayList<>();
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            list.add(t);
        }
        return list;
    }

    static String describe(Throwable failure) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t : chain(failure)) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                String m = t.getMessage();
                sb.append(": ").append(m.length() > 200 ? m.substring(0, 200) + "..." : m);
            }
            if (sb.length() > 600) {
                break;
            }
        }
        return sb.toString();
    }
}
