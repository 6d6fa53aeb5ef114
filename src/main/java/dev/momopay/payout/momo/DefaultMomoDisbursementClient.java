package dev.momopay.payout.momo;

import dev.momopay.payout.momo.MomoResponseClassifier.BodyReader;
import dev.momopay.payout.momo.dto.AccessToken;
import dev.momopay.payout.momo.dto.AccountHolderActive;
import dev.momopay.payout.momo.dto.AccountHolderIdType;
import dev.momopay.payout.momo.dto.Balance;
import dev.momopay.payout.momo.dto.BasicUserInfo;
import dev.momopay.payout.momo.dto.CibaAuthorization;
import dev.momopay.payout.momo.dto.MomoTransactionStatus;
import dev.momopay.payout.momo.dto.OAuth2Token;
import dev.momopay.payout.momo.dto.RefundRequest;
import dev.momopay.payout.momo.dto.TransferRequest;
import dev.momopay.payout.momo.dto.TransferStatus;
import dev.momopay.payout.momo.dto.UserInfoWithConsent;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

/** The client of one MoMo account: REST client + token cache + classification. */
final class DefaultMomoDisbursementClient implements MomoDisbursementClient, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DefaultMomoDisbursementClient.class);
    static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";
    static final String CIBA_ACCESS_TYPE = "offline";
    private static final Duration DEFAULT_CIBA_INTERVAL = Duration.ofSeconds(5);
    private static final Duration DEFAULT_CIBA_EXPIRY = Duration.ofMinutes(2);

    private final MomoAccountSettings settings;
    private final List<String> problems;
    private final MomoDisbursementApi api;
    private final TokenCache tokens;
    private final Clock clock;
    private final String basicAuthorization;

    DefaultMomoDisbursementClient(MomoAccountSettings settings, Runnable onTokenRefresh, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.problems = settings.problems();
        if (problems.isEmpty()) {
            this.api = buildApi(settings);
            this.basicAuthorization = "Basic " + Base64.getEncoder().encodeToString(
                    (settings.apiUser() + ":" + settings.apiKey()).getBytes(StandardCharsets.UTF_8));
            LOG.infof("MoMo account '%s' ready: %s", settings.accountName(), settings);
        } else {
            this.api = null;
            this.basicAuthorization = null;
            LOG.warnf("MoMo account '%s' is not usable until configured: %s", settings.accountName(), problems);
        }
        this.tokens = new TokenCache(settings.accountName(), this::createAccessToken, settings.tokenRefreshMargin(),
                clock, onTokenRefresh);
    }

    private static MomoDisbursementApi buildApi(MomoAccountSettings s) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(s.baseUrl()))
                .connectTimeout(s.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(s.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, s.connectionPoolSize())
                .property(QuarkusRestClientProperties.KEEP_ALIVE_ENABLED, s.keepAlive())
                .property(QuarkusRestClientProperties.NAME, "momo-" + s.accountName())
                .followRedirects(false)
                .disableDefaultMapper(true)
                .register(new MomoHeadersFilter(s.subscriptionKey(), s.targetEnvironment()))
                .build(MomoDisbursementApi.class);
    }

    @Override
    public String accountName() {
        return settings.accountName();
    }

    List<String> problems() {
        return problems;
    }

    TokenCache tokenCache() {
        return tokens;
    }

    // ---- token ---------------------------------------------------------------------------------------------

    @Override
    public Uni<MomoResult<AccessToken>> createAccessToken() {
        if (!problems.isEmpty()) {
            return notConfigured();
        }
        return call(() -> api.createAccessToken(basicAuthorization), body -> MomoJson.read(body, AccessToken.class));
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    @Override
    public Uni<MomoResult<Balance>> getAccountBalance() {
        return authorized(bearer -> call(() -> api.getAccountBalance(bearer), DefaultMomoDisbursementClient::balance));
    }

    @Override
    public Uni<MomoResult<Balance>> getAccountBalanceIn(String currency) {
        Objects.requireNonNull(currency, "currency");
        return authorized(bearer -> call(() -> api.getAccountBalanceIn(bearer, currency),
                DefaultMomoDisbursementClient::balance));
    }

    @Override
    public Uni<MomoResult<BasicUserInfo>> getBasicUserInfo(String msisdn) {
        Objects.requireNonNull(msisdn, "msisdn");
        return authorized(bearer -> call(() -> api.getBasicUserInfo(bearer, AccountHolderIdType.MSISDN.pathValue(),
                msisdn), body -> MomoJson.read(body, BasicUserInfo.class)));
    }

    @Override
    public Uni<MomoResult<Boolean>> isAccountHolderActive(AccountHolderIdType type, String id) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        return authorized(bearer -> call(() -> api.isAccountHolderActive(bearer, type.pathValue(), id), body -> {
            if (body == null || body.isBlank()) {
                return Boolean.TRUE; // the newest spec documents a bodiless 200 for an active holder
            }
            Boolean result = MomoJson.read(body, AccountHolderActive.class).result();
            if (result == null) {
                throw new IllegalArgumentException("no 'result' field");
            }
            return result;
        }));
    }

    @Override
    public Uni<MomoResult<TransferStatus>> getDepositStatus(UUID referenceId) {
        return status("deposit", referenceId);
    }

    @Override
    public Uni<MomoResult<TransferStatus>> getTransferStatus(UUID referenceId) {
        return status("transfer", referenceId);
    }

    @Override
    public Uni<MomoResult<TransferStatus>> getRefundStatus(UUID referenceId) {
        return status("refund", referenceId);
    }

    private Uni<MomoResult<TransferStatus>> status(String kind, UUID referenceId) {
        Objects.requireNonNull(referenceId, "referenceId");
        String ref = referenceId.toString();
        return authorized(bearer -> call(() -> api.getStatus(bearer, kind, ref), body -> {
            TransferStatus s = MomoJson.read(body, TransferStatus.class);
            if (s.status() == null) {
                s = new TransferStatus(s.amount(), s.currency(), s.financialTransactionId(), s.externalId(),
                        s.payee(), s.payerMessage(), s.payeeNote(), MomoTransactionStatus.UNKNOWN, s.reason());
            }
            return s;
        }));
    }

    // ---- money-moving POSTs --------------------------------------------------------------------------------

    @Override
    public Uni<MomoResult<Void>> deposit(UUID referenceId, TransferRequest request, Optional<URI> callbackUrl) {
        return post(referenceId, request, callbackUrl, api == null ? null
                : (bearer, ref, cb, body) -> api.depositV2(bearer, ref, cb, body));
    }

    @Override
    public Uni<MomoResult<Void>> transfer(UUID referenceId, TransferRequest request, Optional<URI> callbackUrl) {
        return post(referenceId, request, callbackUrl, api == null ? null
                : (bearer, ref, cb, body) -> api.transfer(bearer, ref, cb, body));
    }

    @Override
    public Uni<MomoResult<Void>> refund(UUID referenceId, RefundRequest request, Optional<URI> callbackUrl) {
        return post(referenceId, request, callbackUrl, api == null ? null
                : (bearer, ref, cb, body) -> api.refundV2(bearer, ref, cb, body));
    }

    @FunctionalInterface
    private interface PostCall {
        Uni<RestResponse<String>> send(String bearer, String referenceId, String callbackUrl, String body);
    }

    private Uni<MomoResult<Void>> post(UUID referenceId, Object request, Optional<URI> callbackUrl, PostCall send) {
        Objects.requireNonNull(referenceId, "referenceId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(callbackUrl, "callbackUrl (use Optional.empty())");
        if (referenceId.version() != 4) {
            // MoMo answers 400 for it anyway; refuse before sending so nothing is ever half-sent.
            return Uni.createFrom().item(new MomoResult.BadRequest<>(400, "INVALID_REFERENCE_ID",
                    "X-Reference-Id must be a UUID version 4, got version " + referenceId.version()));
        }
        String ref = referenceId.toString();
        // A present-but-empty X-Callback-Url is a 400 at MoMo: omit the header unless there is a URL.
        String callback = callbackUrl.map(URI::toString).filter(s -> !s.isBlank()).orElse(null);
        String body = MomoJson.write(request);
        // The same reference, body and callback are sent again if a 401 forces one token refresh.
        return authorized(bearer -> call(() -> send.send(bearer, ref, callback, body), null));
    }

    // ---- consent (CIBA) ------------------------------------------------------------------------------------

    @Override
    public Uni<MomoResult<UserInfoWithConsent>> askUserInfo(String msisdn, String scope) {
        Objects.requireNonNull(msisdn, "msisdn");
        Objects.requireNonNull(scope, "scope");
        String loginHint = "ID:" + msisdn + "/MSISDN";
        Uni<MomoResult<CibaAuthorization>> authorize = authorized(bearer -> call(
                () -> api.bcAuthorize(bearer, null, loginHint, scope, CIBA_ACCESS_TYPE),
                body -> MomoJson.read(body, CibaAuthorization.class)));
        return authorize.flatMap(auth -> {
            if (!(auth instanceof MomoResult.Ok<CibaAuthorization> ok) || ok.body().authReqId() == null) {
                return Uni.createFrom().item(auth.isSuccess()
                        ? new MomoResult.Ambiguous<>(AmbiguityKind.UNEXPECTED, "bc-authorize without auth_req_id")
                        : auth.<UserInfoWithConsent>castFailure());
            }
            CibaAuthorization ciba = ok.body();
            Duration interval = ciba.interval() == null || ciba.interval() <= 0 ? DEFAULT_CIBA_INTERVAL
                    : Duration.ofSeconds(ciba.interval());
            Duration validity = ciba.expiresIn() == null || ciba.expiresIn() <= 0 ? DEFAULT_CIBA_EXPIRY
                    : Duration.ofSeconds(ciba.expiresIn());
            Instant deadline = clock.instant().plus(validity);
            return cibaToken(ciba.authReqId(), interval, deadline).flatMap(token -> {
                if (!(token instanceof MomoResult.Ok<OAuth2Token> tok) || tok.body().accessToken() == null) {
                    return Uni.createFrom().item(token.isSuccess()
                            ? new MomoResult.Ambiguous<>(AmbiguityKind.UNEXPECTED, "oauth2 token without access_token")
                            : token.<UserInfoWithConsent>castFailure());
                }
                String oauthBearer = "Bearer " + tok.body().accessToken();
                return call(() -> api.getUserInfoWithConsent(oauthBearer),
                        body -> MomoJson.read(body, UserInfoWithConsent.class));
            });
        });
    }

    private Uni<MomoResult<OAuth2Token>> cibaToken(String authReqId, Duration interval, Instant deadline) {
        return call(() -> api.createOAuth2Token(basicAuthorization, CIBA_GRANT, authReqId),
                body -> MomoJson.read(body, OAuth2Token.class))
                .flatMap(result -> {
                    String code = result instanceof MomoResult.BadRequest<OAuth2Token> b ? b.code() : null;
                    boolean pending = "authorization_pending".equals(code);
                    boolean slowDown = "slow_down".equals(code);
                    if (!pending && !slowDown) {
                        return Uni.createFrom().item(result);
                    }
                    Duration next = slowDown ? interval.plusSeconds(5) : interval;
                    if (!clock.instant().plus(next).isBefore(deadline)) {
                        return Uni.createFrom().item(result); // consent not given in time: BadRequest(pending)
                    }
                    return Uni.createFrom().voidItem().onItem().delayIt().by(next)
                            .flatMap(ignored -> cibaToken(authReqId, next, deadline));
                });
    }

    // ---- plumbing ------------------------------------------------------------------------------------------

    /**
     * Runs {@code call} with a bearer token. A 401 invalidates the token (if still current), refreshes once and
     * runs the identical call once more. When no token can be obtained the product call is not sent.
     */
    private <T> Uni<MomoResult<T>> authorized(Function<String, Uni<MomoResult<T>>> call) {
        if (!problems.isEmpty()) {
            return notConfigured();
        }
        return tokens.token().flatMap(first -> {
            if (!first.ok()) {
                return Uni.createFrom().item(tokenUnavailable(first.failure()));
            }
            return call.apply("Bearer " + first.accessToken()).flatMap(result -> {
                if (!(result instanceof MomoResult.Unauthorized<T> u) || u.status() != 401) {
                    return Uni.createFrom().item(result);
                }
                tokens.invalidate(first.accessToken());
                return tokens.token().flatMap(second -> second.ok()
                        ? call.apply("Bearer " + second.accessToken())
                        : Uni.createFrom().item(tokenUnavailable(second.failure())));
            });
        });
    }

    private static <T> MomoResult<T> tokenUnavailable(MomoResult<AccessToken> failure) {
        if (failure instanceof MomoResult.Unauthorized<AccessToken> u) {
            return new MomoResult.Unauthorized<>(u.status(), "access token request rejected: " + u.message());
        }
        if (failure instanceof MomoResult.RateLimited<AccessToken> r) {
            return new MomoResult.RateLimited<>(r.retryAfter());
        }
        return new MomoResult.NotSent<>("no access token (request not sent): " + failure);
    }

    private <T> Uni<MomoResult<T>> notConfigured() {
        return Uni.createFrom().item(new MomoResult.NotSent<>(
                "MoMo account '" + settings.accountName() + "' is not configured: " + String.join("; ", problems)));
    }

    private static <T> Uni<MomoResult<T>> call(Supplier<Uni<RestResponse<String>>> request, BodyReader<T> reader) {
        return Uni.createFrom().<RestResponse<String>>deferred(request::get)
                .onItem().transform(response -> MomoResponseClassifier.<T>classify(response.getStatus(),
                        bodyOf(response), response.getHeaderString("Retry-After"), reader))
                .onFailure().recoverWithItem(MomoResponseClassifier::<T>classifyFailure);
    }

    /**
     * The response body as text. With the default exception mapper disabled, the client reads 2xx bodies into
     * the declared String but leaves error bodies as the buffered raw stream; both are handled here.
     */
    static String bodyOf(RestResponse<?> response) {
        Object entity = response.getEntity();
        if (entity == null) {
            return null;
        }
        if (entity instanceof String text) {
            return text;
        }
        if (entity instanceof InputStream in) {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the response body", e);
            }
        }
        if (entity instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return entity.toString();
    }

    private static Balance balance(String body) {
        return MomoJson.read(body, Balance.class);
    }

    @Override
    public void close() {
        if (api instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debugf("closing MoMo client of '%s': %s", settings.accountName(), e.toString());
            }
        }
    }
}
