package dev.momopay.payout.persistence;

import dev.momopay.payout.domain.Decision;
import dev.momopay.payout.domain.PayoutStateMachine;
import dev.momopay.payout.domain.PayoutStatus;
import java.util.Objects;
import java.util.UUID;

/**
 * One fenced change of a leased payout: applied only if the row still has {@code from} and {@code claimToken}.
 * The columns it writes follow from the {@link Decision}; the status from the state machine.
 *
 * @param statusChecked true when the decision followed a status GET (the check is counted)
 * @param historyDetail the history line's text; null when the round is routine and the status does not change
 * @param event         the outcome event to publish with the change, if it decides one
 */
public record PayoutUpdate(UUID referenceId, UUID claimToken, PayoutStatus from, PayoutStatus to,
        Decision decision, boolean statusChecked, String historyDetail, OutcomeEventRecord event) {

    public PayoutUpdate {
        Objects.requireNonNull(referenceId, "referenceId");
        Objects.requireNonNull(decision, "decision");
        PayoutStateMachine.require(from, to);
        if (decision instanceof Decision.Post) {
            throw new IllegalArgumentException("a POST decision is carried out, not written");
        }
    }

    /** The update a decision makes of a leased payout. */
    public static PayoutUpdate of(ClaimedPayout payout, Decision decision, boolean statusChecked,
            OutcomeEventRecord event) {
        return new PayoutUpdate(payout.referenceId(), payout.claimToken(), payout.status(),
                PayoutStateMachine.next(payout.status(), decision), decision, statusChecked, decision.detail(), event);
    }

    public boolean terminal() {
        return to.isTerminal();
    }

    public PayoutUpdate withHistoryDetail(String detail) {
        return new PayoutUpdate(referenceId, claimToken, from, to, decision, statusChecked, detail, event);
    }

    /** The MoMo status the update records: PENDING on acceptance, MoMo's final status when MoMo reported it. */
    public String momoStatus() {
        if (decision instanceof Decision.Accept) {
            return "PENDING";
        }
        return decision instanceof Decision.Conclude c && c.reportedByMomo() ? c.status().name() : null;
    }

    /** Whether the update shows that MoMo has the reference (it accepted it, or reported its status). */
    public boolean momoAcknowledged() {
        return decision instanceof Decision.Accept || decision instanceof Decision.Conclude c && c.reportedByMomo();
    }

    /** The reason code the update stores (of a conclusion), or null. */
    public String reasonCode() {
        return decision instanceof Decision.Conclude c && c.reason() != null ? c.reason().code() : null;
    }
}
