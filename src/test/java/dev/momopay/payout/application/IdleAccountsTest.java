package dev.momopay.payout.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An account with payouts waiting is looked at every busy interval, as always; one with nothing waiting sleeps the
 * sweep interval without a question to the database, unless this instance takes in work.
 */
class IdleAccountsTest {

    private static final Duration BUSY = Duration.ofMillis(500);
    private static final Duration LONGEST = Duration.ofSeconds(2);

    private final Map<String, Optional<Duration>> next = new HashMap<>();
    private final AtomicInteger looks = new AtomicInteger();
    private final IdleAccounts idle = new IdleAccounts(BUSY, LONGEST, account -> {
        looks.incrementAndGet();
        return next.getOrDefault(account, Optional.empty());
    });

    /** The empty rounds in a row after which an account is asked whether anything waits. */
    private Duration emptyRounds(String account) {
        assertEquals(BUSY, idle.foundNothing(account));
        assertEquals(BUSY, idle.foundNothing(account));
        return idle.foundNothing(account);
    }

    @Test
    void aBusyAccountIsLeasedWithoutAnExtraQuestion() {
        assertEquals(Optional.empty(), idle.sleepFor("a"));
        assertEquals(0, looks.get());
    }

    @Test
    void anAccountWithPayoutsWaitingLaterIsLookedAtEveryBusyInterval() {
        next.put("a", Optional.of(Duration.ofSeconds(5)));
        assertEquals(BUSY, emptyRounds("a"));
        assertEquals(1, looks.get(), "asked once, after three empty rounds");
        assertEquals(Optional.empty(), idle.sleepFor("a"), "not idle: leased at its next round, as always");
    }

    @Test
    void anAccountWithNothingWaitingSleepsTheSweepIntervalWithoutQuestions() {
        assertEquals(LONGEST, emptyRounds("a"));
        int before = looks.get();
        Optional<Duration> sleep = idle.sleepFor("a");
        assertTrue(sleep.isPresent() && sleep.get().compareTo(LONGEST) <= 0
                && sleep.get().compareTo(Duration.ofSeconds(1)) > 0, "sleeps the rest of the interval: " + sleep);
        assertEquals(before, looks.get(), "no question to the database while it sleeps");
    }

    @Test
    void workTakenInMakesAnIdleAccountLookAgainAndBeLeasedIfAnythingWaits() {
        emptyRounds("a");
        idle.lookAgain();
        assertEquals(Optional.of(LONGEST), idle.sleepFor("a"), "looked: still nothing waits");
        next.put("a", Optional.of(Duration.ZERO));
        idle.lookAgain();
        assertEquals(Optional.empty(), idle.sleepFor("a"), "a payout waits: leased this round");
        int before = looks.get();
        assertEquals(Optional.empty(), idle.sleepFor("a"), "busy again: leased without a look");
        assertEquals(before, looks.get());
    }

    @Test
    void aRoundThatLeasedStartsTheCountAgain() {
        idle.foundNothing("a");
        idle.foundNothing("a");
        idle.leased("a");
        assertEquals(BUSY, idle.foundNothing("a"));
        assertEquals(BUSY, idle.foundNothing("a"));
        assertEquals(0, looks.get(), "a busy account between bursts is never asked");
    }

    @Test
    void accountsAreIdleEachOnTheirOwn() {
        emptyRounds("a");
        assertEquals(Optional.empty(), idle.sleepFor("b"));
    }
}
