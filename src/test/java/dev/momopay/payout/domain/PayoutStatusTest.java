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
        for (PayoutStatus terminal : EnumSet.of(PayoutStatus.SUCCESSFUL, PayoutStatus.FAILED, PayoutStatus.REJECTED)) {
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
    void backoffDoublesUpToTheCapAndJittersWithinBounds() {
        Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5), 0.2);
        assertEquals(Duration.ofSeconds(5), backoff.delay(0, () -> 0.5));
        assertEquals(Duration.ofSeconds(20), backoff.delay(2, () -> 0.5));
        assertEquals(Duration.ofMinutes(5), backoff.delay(30, () -> 0.5));
        assertEquals(Duration.ofMinutes(5), backoff.delay(30, () -> 0.999), "never above the cap");
        assertEquals(Duration.ofSeconds(4), backoff.delay(0, () -> 0.0));
    }
}
