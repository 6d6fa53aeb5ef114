package dev.momopay.payout.momo;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The classified outcome of one MoMo call. Every HTTP status and every transport failure ends up as exactly one
 * of these records; the client never throws for an HTTP outcome.
 *
 * <p>For a money-moving POST (deposit, transfer, refund) the classes mean:
 * <ul>
 *   <li>{@link Ok}: MoMo accepted the request (202); the transaction is now PENDING, poll its status.</li>
 *   <li>{@link AlreadyExists}: the reference was used before (409); the first attempt reached MoMo, poll it.</li>
 *   <li>{@link BadRequest}, {@link Unauthorized}, {@link Refused}: MoMo definitely did not execute it.</li>
 *   <li>{@link RateLimited}: not executed; retry the same reference later.</li>
 *   <li>{@link Unavailable}, {@link Ambiguous}: maybe executed; check the status of the same reference,
 *       retry only with the same reference.</li>
 *   <li>{@link NotSent}: nothing reached MoMo (connect failure, missing credentials, no token); retry the same
 *       reference.</li>
 * </ul>
 *
 * @param <T> the success body type ({@link Void} for POSTs that answer 202 with no body)
 */
public sealed interface MomoResult<T> permits MomoResult.Ok, MomoResult.AlreadyExists,
        MomoResult.NotFound, MomoResult.BadRequest, MomoResult.Unauthorized, MomoResult.Refused,
        MomoResult.RateLimited, MomoResult.Unavailable, MomoResult.Ambiguous, MomoResult.NotSent {

    /**
     * Success (2xx). For GETs and token calls {@code body} is the parsed response (never null: a 2xx whose body
     * cannot be read is {@link Ambiguous}). For deposit, transfer and refund it is the 202 Accepted, and
     * {@code body} is null ({@code Void}).
     */
    record Ok<T>(T body) implements MomoResult<T> {
        /** The success of a bodiless POST (202 Accepted). */
        public static <T> Ok<T> accepted() {
            return new Ok<>(null);
        }
    }

    /** 409, normally code {@code RESOURCE_ALREADY_EXIST}: the reference id is already used. */
    record AlreadyExists<T>(String code, String message) implements MomoResult<T> {
    }

    /** 404, normally code {@code RESOURCE_NOT_FOUND} (unknown reference, unknown account holder). */
    record NotFound<T>(String code, String message) implements MomoResult<T> {
    }

    /**
     * 400 (or another 4xx that is not 401/403/404/408/409/429): the request is invalid; MoMo did not execute it.
     * {@code status} is 400 unless another 4xx was received.
     */
    record BadRequest<T>(int status, String code, String message) implements MomoResult<T> {
        public BadRequest(String code, String message) {
            this(400, code, message);
        }
    }

    /**
     * 401 or 403 (after the one token refresh and retry for 401), or the access token could not be obtained
     * because the credentials were rejected (the token call answering 401, or 500 {@code login_failed}).
     */
    record Unauthorized<T>(int status, String message) implements MomoResult<T> {
    }

    /**
     * A synchronous refusal with a definitive MoMo code (normally HTTP 500 with {@code INVALID_CURRENCY},
     * {@code NOT_ALLOWED}, {@code NOT_ALLOWED_TARGET_ENVIRONMENT}, {@code INVALID_CALLBACK_URL_HOST}, or a business
     * code such as {@code PAYEE_NOT_FOUND}). Never used for {@code INTERNAL_PROCESSING_ERROR}.
     */
    record Refused<T>(int status, String code, String message) implements MomoResult<T> {
    }

    /** 429. {@code retryAfter} from the {@code Retry-After} header (or the gateway's message) when given. */
    record RateLimited<T>(Optional<Duration> retryAfter) implements MomoResult<T> {
    }

    /**
     * 503 (or 500 with code {@code SERVICE_UNAVAILABLE}). For a POST treat it as "maybe executed": check the
     * status of the same reference and retry only with the same reference.
     */
    record Unavailable<T>(int status, String code, String message) implements MomoResult<T> {
    }

    /** Maybe sent, maybe executed. See {@link AmbiguityKind}. */
    record Ambiguous<T>(AmbiguityKind kind, String detail) implements MomoResult<T> {
    }

    /**
     * Nothing reached MoMo: connection refused, connect timeout, DNS failure, TLS handshake failure, no
     * connection obtained from the pool, missing credentials, or no access token available.
     */
    record NotSent<T>(String detail) implements MomoResult<T> {
    }

    /** True for {@link Ok}. */
    default boolean isSuccess() {
        return this instanceof Ok;
    }

    /**
     * True when MoMo may have executed the request although no success was seen ({@link Ambiguous} and
     * {@link Unavailable}). For a POST the caller must resolve it through the status of the same reference.
     */
    default boolean isMaybeExecuted() {
        return this instanceof Ambiguous || this instanceof Unavailable;
    }

    /** The body of an {@link Ok}, empty otherwise. */
    default Optional<T> optionalBody() {
        return this instanceof Ok<T> ok ? Optional.ofNullable(ok.body()) : Optional.empty();
    }

    /**
     * The HTTP status MoMo answered with, if the outcome came from an HTTP response; empty for {@link Ambiguous}
     * and {@link NotSent}, which have no (classifiable) response. An {@link Ok} reports 200, or 202 when it has no
     * body (a POST acceptance).
     */
    default OptionalInt httpStatus() {
        if (this instanceof Ok<T> ok) {
            return OptionalInt.of(ok.body() == null ? 202 : 200);
        } else if (this instanceof AlreadyExists) {
            return OptionalInt.of(409);
        } else if (this instanceof NotFound) {
            return OptionalInt.of(404);
        } else if (this instanceof BadRequest<T> b) {
            return OptionalInt.of(b.status());
        } else if (this instanceof Unauthorized<T> u) {
            return OptionalInt.of(u.status());
        } else if (this instanceof Refused<T> r) {
            return OptionalInt.of(r.status());
        } else if (this instanceof RateLimited) {
            return OptionalInt.of(429);
        } else if (this instanceof Unavailable<T> u) {
            return OptionalInt.of(u.status());
        }
        return OptionalInt.empty();
    }

    /**
     * The MoMo error code carried by the outcome, if any (e.g. {@code RESOURCE_ALREADY_EXIST}, {@code
     * INVALID_CURRENCY}).
     */
    default Optional<String> errorCode() {
        String code = null;
        if (this instanceof AlreadyExists<T> a) {
            code = a.code();
        } else if (this instanceof NotFound<T> n) {
            code = n.code();
        } else if (this instanceof BadRequest<T> b) {
            code = b.code();
        } else if (this instanceof Refused<T> r) {
            code = r.code();
        } else if (this instanceof Unavailable<T> u) {
            code = u.code();
        }
        return Optional.ofNullable(code);
    }

    /**
     * Re-types a non-success outcome (they carry no body). Throws for {@link Ok}, whose body has the old type.
     */
    @SuppressWarnings("unchecked")
    default <U> MomoResult<U> castFailure() {
        if (this instanceof Ok) {
            throw new IllegalStateException("an Ok result carries a body and cannot be re-typed");
        }
        return (MomoResult<U>) this;
    }
}
