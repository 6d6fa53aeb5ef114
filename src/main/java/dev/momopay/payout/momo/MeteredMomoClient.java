package dev.momopay.payout.momo;

import dev.momopay.payout.momo.dto.AccessToken;
import dev.momopay.payout.momo.dto.AccountHolderIdType;
import dev.momopay.payout.momo.dto.Balance;
import dev.momopay.payout.momo.dto.BasicUserInfo;
import dev.momopay.payout.momo.dto.RefundRequest;
import dev.momopay.payout.momo.dto.TransferRequest;
import dev.momopay.payout.momo.dto.TransferStatus;
import dev.momopay.payout.momo.dto.UserInfoWithConsent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Times every MoMo call of one account: {@code momo.calls{account, endpoint, result}}, where {@code result} is the
 * class of the {@link MomoResult} (Ok, AlreadyExists, NotFound, BadRequest, Unauthorized, Refused,
 * RateLimited, Unavailable, Ambiguous, NotSent). The endpoint is a fixed name per operation, never a URL, so the
 * tags stay few and carry no reference or personal data.
 */
final class MeteredMomoClient implements MomoDisbursementClient {

    static final String CALLS = "momo.calls";
    private static final Duration[] SLOS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final MomoDisbursementClient delegate;
    private final MeterRegistry registry;

    private final AtomicInteger reachable = new AtomicInteger(1);

    MeteredMomoClient(MomoDisbursementClient delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
        io.micrometer.core.instrument.Gauge.builder("momo.reachable", reachable, AtomicInteger::get)
                .description("1 while the account's last MoMo call got an answer from MoMo, 0 after a connect "
                        + "failure, a timeout, a reset or a 503")
                .tag("account", delegate.accountName()).register(registry);
    }

    boolean lastCallAnswered() {
        return reachable.get() == 1;
    }

    /** Whether a call's result shows that MoMo answered (whatever it answered). */
    private static boolean answered(MomoResult<?> result) {
        return !(result instanceof MomoResult.NotSent<?> || result instanceof MomoResult.Unavailable<?>
                || result instanceof MomoResult.Ambiguous<?> a && a.kind() != AmbiguityKind.UNEXPECTED);
    }

    private <T> Uni<MomoResult<T>> timed(String endpoint, Uni<MomoResult<T>> call) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return call.onItemOrFailure().invoke((result, failure) -> {
                String outcome = failure != null ? "Error" : result == null ? "None" : result.getClass().getSimpleName();
                reachable.set(failure == null && result != null && answered(result) ? 1 : 0);
                Timer.builder(CALLS)
                        .description("MoMo API calls by endpoint and result")
                        .tag("account", delegate.accountName())
                        .tag("endpoint", endpoint)
                        .tag("result", outcome)
                        .serviceLevelObjectives(SLOS)
                        .register(registry)
                        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            });
        });
    }

    @Override
    public String accountName() {
        return delegate.accountName();
    }

    @Override
    public Uni<MomoResult<AccessToken>> createAccessToken() {
        return timed("token", delegate.createAccessToken());
    }

    @Override
    public Uni<MomoResult<Balance>> getAccountBalance() {
        return timed("balance", delegate.getAccountBalance());
    }

    @Override
    public Uni<MomoResult<Balance>> getAccountBalanceIn(String currency) {
        return timed("balance_in_currency", delegate.getAccountBalanceIn(currency));
    }

    @Override
    public Uni<MomoResult<BasicUserInfo>> getBasicUserInfo(String msisdn) {
        return timed("basic_user_info", delegate.getBasicUserInfo(msisdn));
    }

    @Override
    public Uni<MomoResult<UserInfoWithConsent>> askUserInfo(String msisdn, String scope) {
        return timed("user_info_with_consent", delegate.askUserInfo(msisdn, scope));
    }

    @Override
    public Uni<MomoResult<Void>> deposit(UUID referenceId, TransferRequest request, Optional<URI> callbackUrl) {
        return timed("deposit", delegate.deposit(referenceId, request, callbackUrl));
    }

    @Override
    public Uni<MomoResult<Void>> transfer(UUID referenceId, TransferRequest request, Optional<URI> callbackUrl) {
        return timed("transfer", delegate.transfer(referenceId, request, callbackUrl));
    }

    @Override
    public Uni<MomoResult<Void>> refund(UUID referenceId, RefundRequest request, Optional<URI> callbackUrl) {
        return timed("refund", delegate.refund(referenceId, request, callbackUrl));
    }

    @Override
    public Uni<MomoResult<TransferStatus>> getDepositStatus(UUID referenceId) {
        return timed("deposit_status", delegate.getDepositStatus(referenceId));
    }

    @Override
    public Uni<MomoResult<TransferStatus>> getTransferStatus(UUID referenceId) {
        return timed("transfer_status", delegate.getTransferStatus(referenceId));
    }

    @Override
    public Uni<MomoResult<TransferStatus>> getRefundStatus(UUID referenceId) {
        return timed("refund_status", delegate.getRefundStatus(referenceId));
    }

    @Override
    public Uni<MomoResult<Boolean>> isAccountHolderActive(AccountHolderIdType type, String id) {
        return timed("account_holder_active", delegate.isAccountHolderActive(type, id));
    }
}
