package dev.momopay.payout.application;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The accounts of one loop that have no payout waiting for it at all, each with the time it sleeps until. While an
 * account has payouts waiting (due now or later), its loop looks every {@code busy} as it always did; once a round
 * finds none waiting, the account is not leased again (no transaction, no counting, no rate bucket) until
 * {@code longest} has passed or this instance takes in work ({@link #lookAgain}), and then one indexed look says
 * whether anything waits. So an instance with nothing to do asks one cheap question per account per interval, and
 * one with work behaves exactly as before.
 */
final class IdleAccounts {

    /** Rounds in a row that found nothing due before an account is asked whether anything waits at all. */
    private static final int EMPTY_ROUNDS_BEFORE_ASKING = 3;

    /** Per account, the rounds in a row that found nothing due. */
    private final Map<String, Integer> emptyRounds = new ConcurrentHashMap<>();
    /** Per idle account, the {@link System#nanoTime()} it sleeps until. */
    private final Map<String, Long> sleepingUntil = new ConcurrentHashMap<>();
    private final Duration busy;
    private final Duration longest;
    private final Function<String, Optional<Duration>> untilNext;

    /**
     * @param busy      the wait after a round that found nothing due while payouts are waiting
     * @param longest   the longest an idle account sleeps (for work only another replica can know of)
     * @param untilNext how long until an account's next payout is due; empty when none waits at all
     */
    IdleAccounts(Duration busy, Duration longest, Function<String, Optional<Duration>> untilNext) {
        this.busy = busy;
        this.longest = longest;
        this.untilNext = untilNext;
    }

    Duration longest() {
        return longest;
    }

    /**
     * Empty when the account is to be leased this round; otherwise how long the loop may sleep for its sake. An idle
     * account whose time has come is looked at once, and stops being idle if anything waits.
     */
    Optional<Duration> sleepFor(String account) {
        Long until = sleepingUntil.get(account);
        if (until == null) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        if (until - now > 0) {
            return Optional.of(Duration.ofNanos(until - now));
        }
        if (untilNext.apply(account).isPresent()) {
            sleepingUntil.remove(account);
            return Optional.empty();
        }
        sleepingUntil.put(account, now + longest.toNanos());
        return Optional.of(longest);
    }

    /**
     * The account's round found nothing due: the wait until its next round, {@code longest} once nothing waits. Only
     * a few empty rounds in a row make it ask, so a busy account (nothing due between two bursts) costs nothing extra.
     */
    Duration foundNothing(String account) {
        if (emptyRounds.merge(account, 1, Integer::sum) < EMPTY_ROUNDS_BEFORE_ASKING
                || untilNext.apply(account).isPresent()) {
            return busy;
        }
        emptyRounds.remove(account);
        sleepingUntil.put(account, System.nanoTime() + longest.toNanos());
        return longest;
    }

    /** The account's round leased work. */
    void leased(String account) {
        emptyRounds.remove(account);
    }

    /** Work may have appeared (this instance took it in, or a hint came): every idle account is looked at again. */
    void lookAgain() {
        long now = System.nanoTime();
        sleepingUntil.replaceAll((account, until) -> now);
    }
}
