package dev.momopay.payout.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class PayoutStatusTest {

    @Test
    void nothingLeavesATerminalStatus() {
        for (PayoutStatus terminal : EnumSet.of(PayoutStatus.SUCCESSFUL, PayoutStatus.FAILED, PayoutStatus.REJECTED,
                PayoutStatus.CANCELLED)) {
            assertTrue(terminal.isTerminal());
            for (PayoutStatus next : PayoutStatus.values()) {
                assertFalse(terminal.canMoveTo(next), terminal + " -> " + next);
            }
        }
    }

    @Test
    void unresolvedIsNotTerminalAndALaterAnswerConcludesIt() {
        assertFalse(PayoutStatus.UNRESOLVED.isTerminal());
        assertTrue(PayoutStatus.UNRESOLVED.canMoveTo(PayoutStatus.SUCCESSFUL));
        assertTrue(PayoutStatus.UNRESOLVED.canMoveTo(PayoutStatus.FAILED));
        assertFalse(PayoutStatus.UNRESOLVED.canMoveTo(PayoutStatus.REJECTED));
    }

    @Test
    void theHappyPathAndRejection() {
        assertTrue(PayoutStatus.RECEIVED.canMoveTo(PayoutStatus.SUBMITTING));
        assertTrue(PayoutStatus.RECEIVED.canMoveTo(PayoutStatus.REJECTED));
        assertFalse(PayoutStatus.RECEIVED.canMoveTo(PayoutStatus.SUCCESSFUL));
        assertTrue(PayoutStatus.SUBMITTING.canMoveTo(PayoutStatus.SUBMITTED));
        assertTrue(PayoutStatus.SUBMITTED.canMoveTo(PayoutStatus.SUCCESSFUL));
        assertFalse(PayoutStatus.SUBMITTED.canMoveTo(PayoutStatus.RECEIVED));
    }

    @Test
    void aPayoutAwaitingApprovalIsReleasedRejectedOrCancelledButNeverSentFromThere() {
        assertFalse(PayoutStatus.AWAITING_APPROVAL.isTerminal());
        assertFalse(PayoutStatus.AWAITING_APPROVAL.isInFlight(), "no MoMo work while waiting for people");
        for (PayoutStatus next : PayoutStatus.values()) {
            boolean allowed = EnumSet.of(PayoutStatus.AWAITING_APPROVAL, PayoutStatus.RECEIVED, PayoutStatus.REJECTED,
                    PayoutStatus.CANCELLED).contains(next);
            assertEquals(allowed, PayoutStatus.AWAITING_APPROVAL.canMoveTo(next), "AWAITING_APPROVAL -> " + next);
        }
        assertTrue(PayoutStatus.RECEIVED.canMoveTo(PayoutStatus.CANCELLED));
        assertTrue(PayoutStatus.SUBMITTING.canMoveTo(PayoutStatus.AWAITING_APPROVAL));
        assertFalse(PayoutStatus.RECEIVED.canMoveTo(PayoutStatus.AWAITING_APPROVAL), "intake decides, not a move");
    }

    @Test
    void aCancelEndsOnlyAPayoutNoAttemptMayHaveExecutedFor() {
        assertTrue(PayoutStateMachine.cancellable(PayoutStatus.RECEIVED, 0, 0, false));
        assertTrue(PayoutStateMachine.cancellable(PayoutStatus.AWAITING_APPROVAL, 0, 0, false));
        assertTrue(PayoutStateMachine.cancellable(PayoutStatus.SUBMITTING, 2, 2, false), "held: nothing executed");
        assertFalse(PayoutStateMachine.cancellable(PayoutStatus.SUBMITTING, 1, 0, false), "a POST may have executed");
        assertFalse(PayoutStateMachine.cancellable(PayoutStatus.SUBMITTING, 0, 0, true), "a round holds it");
        for (PayoutStatus status : EnumSet.of(PayoutStatus.SUBMITTED, PayoutStatus.UNRESOLVED, PayoutStatus.SUCCESSFUL,
                PayoutStatus.FAILED, PayoutStatus.REJECTED, PayoutStatus.CANCELLED)) {
            assertFalse(PayoutStateMachine.cancellable(status, 0, 0, false), status.name());
            assertFalse(status.canMoveTo(PayoutStatus.CANCELLED), status + " -> CANCELLED");
        }
    }

    @Test
    void backoffDoublesUpToTheCapAndJittersWithinBounds() {
        Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5), 0.2);
        assertEquals(Duration.ofSeconds(5), backoff.delay(0, () -> 0.5));
        assertEquals(Duration.ofSeconds(20), backoff.delay(2, () -> 0.5));
        assertEquals(Duration.ofMinutes(5), backoff.delay(30, () -> 0.5));
        assertEquals(Duration.ofMinutes(5), backoff.delay(30, () -> 0.999), "never above the cap");
        assertEquals(Duration.ofSeconds(4), backoff.delay(0, () -> 0.0));
    }
}
