package dev.momopay.payout.momo;

import dev.momopay.payout.momo.dto.AccessToken;
import dev.momopay.payout.momo.dto.AccountHolderIdType;
import dev.momopay.payout.momo.dto.Balance;
import dev.momopay.payout.momo.dto.BasicUserInfo;
import dev.momopay.payout.momo.dto.RefundRequest;
import dev.momopay.payout.momo.dto.TransferRequest;
import dev.momopay.payout.momo.dto.TransferStatus;
import dev.momopay.payout.momo.dto.UserInfoWithConsent;
import io.smallrye.mutiny.Uni;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;

/**
 * The MoMo Disbursement API of one named account. All methods are non-blocking; the returned {@link Uni} never
 * fails for an HTTP or transport outcome: it completes with a {@link MomoResult}. Product calls carry the
 * account's bearer token; a 401 invalidates it, refreshes it once and retries the same request (the same
 * {@code X-Reference-Id}) once.
 *
 * <p>The caller owns every reference id: the client never mints one, so a retry after an ambiguous outcome can
 * (and must) reuse it.
 */
public interface MomoDisbursementClient {

    String accountName();

    /** The raw token call ({@code POST /disbursement/token/}, Basic auth). The token cache uses it. */
    Uni<MomoResult<AccessToken>> createAccessToken();

    Uni<MomoResult<Balance>> getAccountBalance();

    Uni<MomoResult<Balance>> getAccountBalanceIn(String currency);

    Uni<MomoResult<BasicUserInfo>> getBasicUserInfo(String msisdn);

    /**
     * The whole consent (CIBA) flow: bc-authorize for {@code ID:<msisdn>/MSISDN} with {@code scope} and
     * {@code access_type=offline}, then the CIBA token grant (polled while MoMo answers
     * {@code authorization_pending}, within the authorisation's {@code expires_in}), then userinfo with that
     * token.
     */
    Uni<MomoResult<UserInfoWithConsent>> askUserInfo(String msisdn, String scope);

    /** Deposit-V2 ({@code POST /disbursement/v2_0/deposit}); {@code referenceId} is the X-Reference-Id. */
    Uni<MomoResult<Void>> deposit(UUID referenceId, TransferRequest request, Optional<URI> callbackUrl);

    /** Transfer ({@code POST /disbursement/v1_0/transfer}). */
    Uni<MomoResult<Void>> transfer(UUID referenceId, TransferRequest request, Optional<URI> callbackUrl);

    /** Refund-V2 ({@code POST /disbursement/v2_0/refund}); {@code referenceId} is the refund's own id. */
    Uni<MomoResult<Void>> refund(UUID referenceId, RefundRequest request, Optional<URI> callbackUrl);

    Uni<MomoResult<TransferStatus>> getDepositStatus(UUID referenceId);

    Uni<MomoResult<TransferStatus>> getTransferStatus(UUID referenceId);

    Uni<MomoResult<TransferStatus>> getRefundStatus(UUID referenceId);

    /** {@code GET .../accountholder/{type}/{id}/active}: Ok(true|false), or NotFound for an unknown holder. */
    Uni<MomoResult<Boolean>> isAccountHolderActive(AccountHolderIdType type, String id);
}
