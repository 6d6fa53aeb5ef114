package dev.momopay.payout.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Property-based tests of the state machine and the back-off. */
class PayoutStatusPropertiesTest {

    /**
     * Applies an arbitrary sequence of proposed transitions the way the worker does (a transition happens only when
     * the rules allow it): once a payout is terminal, no later event moves it, and every step taken was allowed.
     */
    @Property(tries = 2000)
    void noSequenceOfEventsMovesATerminalPayout(@ForAll @Size(max = 30) List<PayoutStatus> proposed) {
        PayoutStatus current = PayoutStatus.RECEIVED;
        PayoutStatus terminalReached = null;
        for (PayoutStatus next : proposed) {
            if (current.canMoveTo(next)) {
                assertFalse(current.isTerminal(), "left terminal " + current + " for " + next);
                current = next;
            }
            if (terminalReached != null) {
                assertEquals(terminalReached, current, "a terminal payout moved");
            }
            if (current.isTerminal()) {
                terminalReached = current;
            }
        }
    }

    @Property
    void terminalStatusesAllowNoTransitionAtAll(@ForAll PayoutStatus from, @ForAll PayoutStatus to) {
        if (from.isTerminal()) {
            assertFalse(from.canMoveTo(to));
        }
        if (to == PayoutStatus.RECEIVED && from != PayoutStatus.AWAITING_APPROVAL) {
            assertFalse(from.canMoveTo(to), "nothing goes back to RECEIVED (only an approval releases a payout)");
        }
    }

    /**
     * REJECTED and CANCELLED are only reachable before MoMo was called (from RECEIVED or AWAITING_APPROVAL, or a
     * payee check, limit or cancel while SUBMITTING before any attempt).
     */
    @Property
    void rejectedOrCancelledOnlyBeforeAnyMoneyCall(@ForAll PayoutStatus from) {
        for (PayoutStatus end : new PayoutStatus[] {PayoutStatus.REJECTED, PayoutStatus.CANCELLED}) {
            if (from.canMoveTo(end)) {
                assertTrue(from == PayoutStatus.RECEIVED || from == PayoutStatus.AWAITING_APPROVAL
                        || from == PayoutStatus.SUBMITTING, from + " -> " + end);
            }
        }
    }

    @Property(tries = 1000)
    void backoffNeverExceedsItsMaximumNorGoesNegative(@ForAll @LongRange(min = 0, max = 600_000) long initialMs,
            @ForAll @LongRange(min = 0, max = 3_600_000) long extraMs,
            @ForAll @DoubleRange(min = 0.0, max = 0.99) double jitter,
            @ForAll @IntRange(min = -5, max = 10_000) int attempt, @ForAll("unitRandom") double random) {
        Backoff backoff = new Backoff(Duration.ofMillis(initialMs), Duration.ofMillis(initialMs + extraMs), jitter);
        Duration delay = backoff.delay(attempt, () -> random);
        assertFalse(delay.isNegative(), delay.toString());
        assertTrue(delay.compareTo(backoff.max()) <= 0, delay + " > " + backoff.max());
    }

    @Property(tries = 200)
    void backoffGrowsUntilTheCapWithoutJitter(@ForAll @LongRange(min = 1, max = 10_000) long initialMs,
            @ForAll @IntRange(min = 0, max = 60) int attempt) {
        Backoff backoff = new Backoff(Duration.ofMillis(initialMs), Duration.ofMinutes(5), 0);
        Random none = new Random(0);
        assertTrue(backoff.delay(attempt + 1, none::nextDouble).compareTo(backoff.delay(attempt, none::nextDouble)) >= 0);
    }

    @Provide
    Arbitrary<Double> unitRandom() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(0.0, true, 1.0, false), Arbitraries.of(0.0, 0.9999999));
    }
}
