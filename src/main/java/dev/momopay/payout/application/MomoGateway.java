package dev.momopay.payout.application;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.Operation;
import dev.momopay.payout.domain.PayoutCommand;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.momo.MomoDisbursementClient;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.momo.dto.Party;
import dev.momopay.payout.momo.dto.RefundRequest;
import dev.momopay.payout.momo.dto.TransferRequest;
import dev.momopay.payout.momo.dto.TransferStatus;
import dev.momopay.payout.persistence.ClaimedPayout;
import dev.momopay.payout.observability.PayoutTracing;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a stored payout into the right MoMo call. The X-Reference-Id is always the payout's own reference; no other
 * reference is ever minted. Everything sent comes from the database row, never from a newer copy of the command.
 */
@ApplicationScoped
public class MomoGateway {

    private final MomoClients clients;
    private final Optional<URI> callbackBase;
    private final PayoutTracing tracing;

    public MomoGateway(MomoClients clients, PayoutConfig config, PayoutTracing tracing) {
        this.clients = clients;
        this.callbackBase = config.callbackBaseUrl();
        this.tracing = tracing;
    }

    /** The payout's POST, in a span of the payout's trace (the REST client's span is its child). */
    public Uni<MomoResult<Void>> submit(ClaimedPayout payout) {
        return tracing.traced("momo submit " + payout.operation().name().toLowerCase(Locale.ROOT),
                payout.referenceId(), Optional.ofNullable(payout.trace()), () -> post(payout), MomoGateway::named);
    }

    /** The payout's status GET, in a span of the payout's trace. */
    public Uni<MomoResult<TransferStatus>> status(ClaimedPayout payout) {
        return tracing.traced("momo status " + payout.operation().name().toLowerCase(Locale.ROOT),
                payout.referenceId(), Optional.ofNullable(payout.trace()), () -> get(payout), MomoGateway::named);
    }

    private static String named(MomoResult<?> result) {
        return result == null ? "none" : result.getClass().getSimpleName();
    }

    private Uni<MomoResult<Void>> post(ClaimedPayout payout) {
        MomoDisbursementClient client = clients.forAccount(payout.account());
        Optional<URI> callback = callbackUrl(payout);
        PayoutCommand command = payout.command();
        return switch (command.operation()) {
            case DEPOSIT -> client.deposit(payout.referenceId(), transferRequest(command), callback);
            case TRANSFER -> client.transfer(payout.referenceId(), transferRequest(command), callback);
            case REFUND -> client.refund(payout.referenceId(), new RefundRequest(command.amount(),
                    command.currency(), command.externalId(), command.payerMessage(), command.payeeNote(),
                    command.referenceIdToRefund()), callback);
        };
    }

    private Uni<MomoResult<TransferStatus>> get(ClaimedPayout payout) {
        return statusOf(payout.account(), payout.operation(), payout.referenceId());
    }

    /** MoMo's status of a reference, asked of the operation's own endpoint (a deposit is not found as a transfer). */
    public Uni<MomoResult<TransferStatus>> statusOf(String account, Operation operation, UUID referenceId) {
        MomoDisbursementClient client = clients.forAccount(account);
        return switch (operation) {
            case DEPOSIT -> client.getDepositStatus(referenceId);
            case TRANSFER -> client.getTransferStatus(referenceId);
            case REFUND -> client.getRefundStatus(referenceId);
        };
    }

    private static TransferRequest transferRequest(PayoutCommand command) {
        return new TransferRequest(command.amount(), command.currency(), command.externalId(),
                new Party(command.payee().partyIdType().name(), command.payee().partyId()), command.payerMessage(),
                command.payeeNote());
    }

    /** The per-payout callback URL: its last segment is a secret only MoMo and this worker know. */
    private Optional<URI> callbackUrl(ClaimedPayout payout) {
        return callbackBase.map(base -> {
            String root = base.toString().endsWith("/") ? base.toString() : base + "/";
            return URI.create(root + "callbacks/momo/" + payout.referenceId() + "/" + payout.callbackToken());
        });
    }
}
