package dev.momopay.payout.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * The worker's state of a payout. SUCCESSFUL, FAILED, REJECTED and CANCELLED are terminal: once reached, nothing
 * moves the payout again. UNRESOLVED is not terminal: MoMo gave no final answer in time, but a later answer still
 * concludes it. AWAITING_APPROVAL waits for people, before any MoMo call.
 */
public enum PayoutStatus {
    RECEIVED,
    /** Held before any MoMo call until enough operators approve it (or it is rejected, expires or is cancelled). */
    AWAITING_APPROVAL,
    SUBMITTING,
    SUBMITTED,
    SUCCESSFUL,
    FAILED,
    REJECTED,
    UNRESOLVED,
    /** Ended by a cancel command before any POST could have been sent. */
    CANCELLED;

    private static final Set<PayoutStatus> TERMINAL = EnumSet.of(SUCCESSFUL, FAILED, REJECTED, CANCELLED);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Statuses in which the worker still has work to do with MoMo. */
    public boolean isInFlight() {
        return PayoutStateMachine.UNFINISHED.contains(this);
    }

    /**
     * The transition rules. A move to the same non-terminal status is allowed (a retry recorded in the history);
     * nothing leaves a terminal status.
     */
    public boolean canMoveTo(PayoutStatus next) {
        if (isTerminal()) {
            return false;
        }
        return switch (this) {
            // UNRESOLVED from RECEIVED: a payout never leased within the give-up time (held all along).
            case RECEIVED -> next == SUBMITTING || next == REJECTED || next == UNRESOLVED || next == CANCELLED;
            // RECEIVED once approved (itself while more approvers are needed); REJECTED by an approver or when no
            // approval came in time.
            case AWAITING_APPROVAL -> next == AWAITING_APPROVAL || next == RECEIVED || next == REJECTED
                    || next == CANCELLED;
            // REJECTED from SUBMITTING: a payee check or a limit refused the payout before any money call.
            // CANCELLED only while no attempt may have executed (PayoutStateMachine.cancellable); AWAITING_APPROVAL
            // when a limit or the duplicate hold stops it at its lease, before any attempt.
            case SUBMITTING -> next == SUBMITTING || next == SUBMITTED || next == SUCCESSFUL || next == FAILED
                    || next == UNRESOLVED || next == REJECTED || next == CANCELLED || next == AWAITING_APPROVAL;
            case SUBMITTED -> next == SUBMITTED || next == SUCCESSFUL || next == FAILED || next == UNRESOLVED;
            case UNRESOLVED -> next == UNRESOLVED || next == SUCCESSFUL || next == FAILED;
            default -> false;
        };
    }
}
