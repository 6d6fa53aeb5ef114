package dev.momopay.payout.application;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.Operation;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.momo.MomoDisbursementClient;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.momo.dto.Party;
import dev.momopay.payout.momo.dto.RefundRequest;
import dev.momopay.payout.momo.dto.TransferRequest;
import dev.momopay.payout.momo.dto.TransferStatus;
import dev.momopay.payout.persistence.ClaimedPayout;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Optional;

/**
 * Turns a stored payout into the right MoMo call. The X-Reference-Id is always the payout's own reference; no other
 * reference is ever minted. Everything sent comes from the database row, never from a newer copy of the command.
 */
@ApplicationScoped
public class MomoGateway {

    private final MomoClients clients;
    private final Optional<URI> callbackBase;

    public MomoGateway(MomoClients clients, PayoutConfig config) {
        this.clients = clients;
        this.callbackBase = config.callbackBaseUrl();
    }

    public Uni<MomoResult<Void>> submit(ClaimedPayout payout) {
        MomoDisbursementClient client = clients.forAccount(payout.account());
        Optional<URI> callback = callbackUrl(payout);
        return switch (Operation.valueOf(payout.operation())) {
            case DEPOSIT -> client.deposit(payout.referenceId(), transferRequest(payout), callback);
            case TRANSFER -> client.transfer(payout.referenceId(), transferRequest(payout), callback);
            case REFUND -> client.refund(payout.referenceId(), new RefundRequest(payout.amount(), payout.currency(),
                    payout.externalId(), payout.payerMessage(), payout.payeeNote(), payout.referenceIdToRefund()),
                    callback);
        };
    }

    public Uni<MomoResult<TransferStatus>> status(ClaimedPayout payout) {
        MomoDisbursementClient client = clients.forAccount(payout.account());
        return switch (Operation.valueOf(payout.operation())) {
            case DEPOSIT -> client.getDepositStatus(payout.referenceId());
            case TRANSFER -> client.getTransferStatus(payout.referenceId());
            case REFUND -> client.getRefundStatus(payout.referenceId());
        };
    }

    private static TransferRequest transferRequest(ClaimedPayout payout) {
        return new TransferRequest(payout.amount(), payout.currency(), payout.externalId(),
                new Party(payout.payeeType(), payout.payeeId()), payout.payerMessage(), payout.payeeNote());
    }

    /** The per-payout callback URL: its last segment is a secret only MoMo and this worker know. */
    private Optional<URI> callbackUrl(ClaimedPayout payout) {
        return callbackBase.map(base -> {
            String root = base.toString().endsWith("/") ? base.toString() : base + "/";
            return URI.create(root + "callbacks/momo/" + payout.referenceId() + "/" + payout.callbackToken());
        });
    }
}
