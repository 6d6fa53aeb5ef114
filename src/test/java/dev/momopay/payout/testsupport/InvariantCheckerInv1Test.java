package dev.momopay.payout.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** INV-1 can fail: its count half, fed MoMo's accepted-POST counts without a database or broker. */
class InvariantCheckerInv1Test {

    @Test
    void twoAcceptedPostsForOneReferenceAreAViolation() {
        UUID twice = UUID.randomUUID();
        List<String> violations = InvariantChecker.acceptedMoreThanOnce(Map.of(twice, 2, UUID.randomUUID(), 1));
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).startsWith(twice + " accepted 2 times"), violations.get(0));
    }

    @Test
    void oneAcceptedPostPerReferenceIsNone() {
        assertTrue(InvariantChecker.acceptedMoreThanOnce(Map.of(UUID.randomUUID(), 1, UUID.randomUUID(), 1)).isEmpty());
        assertTrue(InvariantChecker.acceptedMoreThanOnce(Map.of()).isEmpty());
    }
}
