package dev.momopay.payout.application.controls;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.PayoutStateMachine;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.domain.Reason;
import dev.momopay.payout.domain.RejectionCode;
import dev.momopay.payout.observability.PayoutMetrics;
import dev.momopay.payout.persistence.HistoryLine;
import dev.momopay.payout.persistence.HistoryRepository;
import dev.momopay.payout.persistence.MoneyControlsRepository;
import dev.momopay.payout.persistence.MoneyControlsRepository.AwaitingApproval;
import dev.momopay.payout.persistence.MoneyControlsRepository.Ended;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Maker-checker for payouts held in AWAITING_APPROVAL: operators approve (one, or two distinct ones above the second
 * threshold) or reject them, and payouts no approval came for in time are REJECTED with APPROVAL_EXPIRED. Each
 * decision locks the payout's row, so two operators (or an operator and the expiry sweep) never both decide.
 */
@ApplicationScoped
public class ApprovalService {

    private static final int EXPIRY_BATCH = 200;

    /** What an approval action led to. */
    public enum Result {
        /** Enough distinct approvers: the payout is RECEIVED and will be submitted. */
        APPROVED,
        /** Recorded; the payout waits for another, distinct approver. */
        PARTLY_APPROVED,
        /** The approver rejected it: REJECTED with its outcome event. */
        REJECTED,
        /** The payout is not AWAITING_APPROVAL, or this person approved it already. */
        NOT_APPLICABLE,
        NOT_FOUND
    }

    public record ApprovalOutcome(Result result, PayoutStatus status, String message) {
    }

    private final MoneyControlsRepository controls;
    private final HistoryRepository history;
    private final EndedPayouts ended;
    private final Duration expiry;
    private final PayoutMetrics metrics;

    public ApprovalService(MoneyControlsRepository controls, HistoryRepository history, EndedPayouts ended,
            PayoutConfig config, PayoutMetrics metrics) {
        this.metrics = metrics;
        this.controls = controls;
        this.history = history;
        this.ended = ended;
        this.expiry = config.controls().approval().expiry();
    }

    @Transactional
    public ApprovalOutcome approve(UUID referenceId, String approver) {
        Optional<AwaitingApproval> payout = controls.lockForApproval(referenceId);
        if (payout.isEmpty()) {
            return new ApprovalOutcome(Result.NOT_FOUND, null, "no payout with this referenceId");
        }
        PayoutStatus status = payout.get().status();
        if (status != PayoutStatus.AWAITING_APPROVAL) {
            return new ApprovalOutcome(Result.NOT_APPLICABLE, status, "the payout is " + status
                    + ", not AWAITING_APPROVAL");
        }
        int approvals = controls.approve(referenceId, approver);
        if (approvals < 0) {
            return new ApprovalOutcome(Result.NOT_APPLICABLE, status, approver + " approved this payout already; "
                    + "it needs a different approver");
        }
        int required = Math.max(1, payout.get().approvalsRequired());
        String detail = "approved by " + approver + " (" + approvals + " of " + required + ")";
        if (approvals < required) {
            history.append(List.of(new HistoryLine(referenceId, status,
                    PayoutStateMachine.require(status, PayoutStatus.AWAITING_APPROVAL), null, null,
                    detail + "; waits for another, distinct approver")));
            return new ApprovalOutcome(Result.PARTLY_APPROVED, status, detail
                    + "; the payout waits for another, distinct approver");
        }
        controls.release(referenceId);
        history.append(List.of(new HistoryLine(referenceId, status,
                PayoutStateMachine.require(status, PayoutStatus.RECEIVED), null, null, detail)));
        return new ApprovalOutcome(Result.APPROVED, PayoutStatus.RECEIVED, detail
                + "; the payout will be submitted (at its notBefore, if that is later)");
    }

    @Transactional
    public ApprovalOutcome reject(UUID referenceId, String approver, String why) {
        Reason reason = new Reason(RejectionCode.REJECTED_BY_APPROVER.name(), "rejected by approver " + approver
                + ": " + why);
        Optional<Ended> rejected = controls.rejectAwaiting(referenceId, reason);
        if (rejected.isPresent()) {
            ended.record(List.of(rejected.get()), PayoutStatus.REJECTED, reason, reason.message());
            return new ApprovalOutcome(Result.REJECTED, PayoutStatus.REJECTED, reason.message());
        }
        Optional<AwaitingApproval> payout = controls.lockForApproval(referenceId);
        return payout.isEmpty() ? new ApprovalOutcome(Result.NOT_FOUND, null, "no payout with this referenceId")
                : new ApprovalOutcome(Result.NOT_APPLICABLE, payout.get().status(), "the payout is "
                        + payout.get().status() + ", not AWAITING_APPROVAL");
    }

    /** Ends every payout whose approval did not come within the expiry; returns how many. */
    public int expireOverdue() {
        Reason reason = new Reason(RejectionCode.APPROVAL_EXPIRED.name(), "no approval came within " + expiry);
        int total = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> {
                List<Ended> expired = controls.expireApprovals(reason, EXPIRY_BATCH);
                ended.record(expired, PayoutStatus.REJECTED, reason, reason.message());
                return expired.size();
            });
            total += batch;
            metrics.controlActions("approval_expired", batch);
        } while (batch == EXPIRY_BATCH);
        return total;
    }
}
