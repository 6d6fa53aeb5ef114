package dev.momopay.payout.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An idle account sleeps until its next due payout (never longer than the sweep interval) and is leased once due. */
class IdleAccountsTest {

    private static final Duration LONGEST = Duration.ofSeconds(2);

    private final Map<String, Optional<Duration>> next = new HashMap<>();
    private final AtomicInteger looks = new AtomicInteger();
    private final IdleAccounts idle = new IdleAccounts(LONGEST, account -> {
        looks.incrementAndGet();
        return next.getOrDefault(account, Optional.empty());
    });

    @Test
    void anAccountIsLeasedUntilARoundFindsNothingAndIsNotLookedAtMeanwhile() {
        assertEquals(Optional.empty(), idle.sleepFor("a"));
        assertEquals(0, looks.get(), "a busy account costs no extra question");
    }

    @Test
    void anAccountWithNothingWaitingSleepsTheSweepInterval() {
        assertEquals(LONGEST, idle.foundNothing("a"));
        assertEquals(Optional.of(LONGEST), idle.sleepFor("a"));
    }

    @Test
    void anAccountSleepsExactlyUntilItsNextPayoutIsDue() {
        next.put("a", Optional.of(Duration.ofMillis(300)));
        assertEquals(Duration.ofMillis(300), idle.foundNothing("a"));
        next.put("a", Optional.of(Duration.ofMillis(120)));
        assertEquals(Optional.of(Duration.ofMillis(120)), idle.sleepFor("a"));
        next.put("a", Optional.of(Duration.ofMinutes(5)));
        assertEquals(Optional.of(LONGEST), idle.sleepFor("a"), "never longer than the sweep interval");
    }

    @Test
    void anIdleAccountWhosePayoutFallsDueIsLeasedAndStaysBusy() {
        idle.foundNothing("a");
        next.put("a", Optional.of(Duration.ZERO));
        assertEquals(Optional.empty(), idle.sleepFor("a"));
        int before = looks.get();
        assertEquals(Optional.empty(), idle.sleepFor("a"), "busy again: leased without a look");
        assertEquals(before, looks.get());
    }

    @Test
    void aPayoutDueButNotLeasableIsLookedAtAgainSoonNotInATightLoop() {
        next.put("a", Optional.of(Duration.ofMillis(-40)));
        Duration wait = idle.foundNothing("a");
        assertTrue(wait.compareTo(Duration.ofMillis(100)) >= 0, "no spinning on a locked due payout: " + wait);
        assertTrue(wait.compareTo(LONGEST) < 0, "but sooner than the sweep interval: " + wait);
    }

    @Test
    void accountsAreIdleEachOnTheirOwn() {
        idle.foundNothing("a");
        assertEquals(Optional.empty(), idle.sleepFor("b"));
    }
}
