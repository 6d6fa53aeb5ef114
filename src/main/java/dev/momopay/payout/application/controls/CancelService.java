package dev.momopay.payout.application.controls;

import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.domain.Reason;
import dev.momopay.payout.persistence.ExistingPayout;
import dev.momopay.payout.persistence.MoneyControlsRepository;
import dev.momopay.payout.persistence.MoneyControlsRepository.CancelRequest;
import dev.momopay.payout.persistence.MoneyControlsRepository.Ended;
import dev.momopay.payout.persistence.PayoutRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Cancel before submission, from the cancel topic or the ops API. A payout no POST was sent for ends CANCELLED with
 * its outcome event; a cancel for a reference not seen yet is kept, so that its command, when it comes, is ended
 * CANCELLED at intake and never paid. Once a POST may have been sent the cancel is refused: MoMo may pay it.
 */
@ApplicationScoped
public class CancelService {

    /** Reason code of a CANCELLED outcome. */
    public static final String CANCELLED_BEFORE_SUBMISSION = "CANCELLED_BEFORE_SUBMISSION";

    /** What a cancel led to. */
    public enum Result {
        /** The payout was ended CANCELLED now. */
        CANCELLED,
        /** No payout with this reference yet: the cancel is kept and ends its command at intake. */
        REMEMBERED,
        /** The payout was cancelled before (or its command was cancelled in advance): nothing changed. */
        ALREADY_CANCELLED,
        /** The payout is past the point where a cancel is safe, or already final: nothing changed. */
        REFUSED
    }

    public record CancelOutcome(Result result, PayoutStatus status, String message) {
    }

    private final MoneyControlsRepository controls;
    private final PayoutRepository payouts;
    private final EndedPayouts ended;

    public CancelService(MoneyControlsRepository controls, PayoutRepository payouts, EndedPayouts ended) {
        this.controls = controls;
        this.payouts = payouts;
        this.ended = ended;
    }

    /** The reason a CANCELLED payout carries. */
    public static Reason reason(CancelRequest request) {
        return new Reason(CANCELLED_BEFORE_SUBMISSION, "cancelled before submission by " + request.requestedBy()
                + ": " + request.reason());
    }

    @Transactional
    public CancelOutcome cancel(CancelRequest request) {
        controls.lockReferences(List.of(request.referenceId()));
        Reason reason = reason(request);
        Optional<Ended> cancelled = controls.cancel(request.referenceId(), reason);
        if (cancelled.isPresent()) {
            controls.rememberCancel(request);
            ended.record(List.of(cancelled.get()), PayoutStatus.CANCELLED, reason, reason.message());
            return new CancelOutcome(Result.CANCELLED, PayoutStatus.CANCELLED, "the payout was "
                    + cancelled.get().previousStatus() + " and no POST had been sent for it; it is CANCELLED");
        }
        Optional<ExistingPayout> existing = payouts.findExisting(List.of(request.referenceId())).stream()
                .findFirst();
        if (existing.isEmpty()) {
            controls.rememberCancel(request);
            return new CancelOutcome(Result.REMEMBERED, null, "no payout with this referenceId yet; the cancel is "
                    + "kept, and a command with this referenceId will be ended CANCELLED without any MoMo call");
        }
        PayoutStatus status = existing.get().status();
        if (status == PayoutStatus.CANCELLED) {
            return new CancelOutcome(Result.ALREADY_CANCELLED, status, "the payout is already CANCELLED");
        }
        return new CancelOutcome(Result.REFUSED, status, refusal(status));
    }

    private static String refusal(PayoutStatus status) {
        if (status.isTerminal()) {
            return "the payout is already " + status + "; a cancel can only end a payout before submission";
        }
        if (status == PayoutStatus.SUBMITTING) {
            return "a submission round holds the payout or a POST may have been sent (status SUBMITTING): MoMo may "
                    + "pay it, so it is followed to its final status instead";
        }
        return "a POST may have been sent (status " + status + "): MoMo may pay it, so it is followed to its final "
                + "status instead";
    }
}
