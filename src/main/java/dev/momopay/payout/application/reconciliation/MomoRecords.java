package dev.momopay.payout.application.reconciliation;

import dev.momopay.payout.application.MomoGateway;
import dev.momopay.payout.domain.Operation;
import dev.momopay.payout.domain.reconciliation.MomoRecord;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.momo.dto.TransferStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Asks MoMo for its record of one payout and says what the answer means for a reconciliation. */
@ApplicationScoped
public class MomoRecords {

    private final MomoGateway gateway;

    public MomoRecords(MomoGateway gateway) {
        this.gateway = gateway;
    }

    /** Never fails: a transport failure or an unexpected exception is a {@link MomoRecord.NoAnswer}. */
    public Uni<MomoRecord> ask(String account, Operation operation, UUID referenceId) {
        Uni<MomoResult<TransferStatus>> call;
        try {
            call = gateway.statusOf(account, operation, referenceId);
        } catch (RuntimeException e) {
            return Uni.createFrom().item(new MomoRecord.NoAnswer(e.getClass().getSimpleName()));
        }
        return call.map(MomoRecords::meaning)
                .onFailure().recoverWithItem(e -> new MomoRecord.NoAnswer(e.getClass().getSimpleName()));
    }

    static MomoRecord meaning(MomoResult<TransferStatus> result) {
        if (result instanceof MomoResult.Ok<TransferStatus> ok && ok.body() != null) {
            TransferStatus body = ok.body();
            return new MomoRecord.Found(body.status() == null ? "UNKNOWN" : body.status().name(), body.amount(),
                    body.currency(), body.financialTransactionId());
        }
        if (result instanceof MomoResult.NotFound) {
            return new MomoRecord.NotFound();
        }
        return new MomoRecord.NoAnswer(result.getClass().getSimpleName()
                + result.httpStatus().stream().mapToObj(status -> " " + status).findFirst().orElse("")
                + result.errorCode().map(code -> " " + code).orElse(""));
    }
}
