package dev.momopay.payout.application;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The accounts of one loop whose last round found nothing due. Such an account is not leased again (no transaction,
 * no counting, no rate bucket) until one indexed look at its next due time says work is due; until then the loop
 * sleeps until that time, or at most {@code longest} for work it cannot know of yet (another replica's new payouts).
 * So an instance with nothing to do asks one cheap question per account per interval, and still acts the moment a
 * payout it knows of falls due (a poll delay, a retry, a scheduled payout, a crashed replica's lease running out).
 */
final class IdleAccounts {

    /** The shortest wait computed from a due time. */
    private static final Duration SHORTEST = Duration.ofMillis(20);
    private static final Duration STUCK = Duration.ofMillis(500);

    private final Set<String> idle = ConcurrentHashMap.newKeySet();
    private final Duration longest;
    private final Function<String, Optional<Duration>> untilNext;

    /**
     * @param untilNext how long until an account's next payout is due (zero or less: due now); empty when none waits
     */
    IdleAccounts(Duration longest, Function<String, Optional<Duration>> untilNext) {
        this.longest = longest;
        this.untilNext = untilNext;
    }

    Duration longest() {
        return longest;
    }

    /**
     * Empty when the account is to be leased this round; otherwise how long the loop may sleep for its sake. An idle
     * account whose next payout is due now stops being idle.
     */
    Optional<Duration> sleepFor(String account) {
        if (!idle.contains(account)) {
            return Optional.empty();
        }
        Optional<Duration> next = untilNext.apply(account);
        if (next.isPresent() && (next.get().isZero() || next.get().isNegative())) {
            idle.remove(account);
            return Optional.empty();
        }
        return Optional.of(bounded(next));
    }

    /**
     * The account's round found nothing due: from now on it is looked at before it is leased. A payout due now that
     * the round could not lease (locked by another replica's round) is looked at again after {@code STUCK}.
     */
    Duration foundNothing(String account) {
        idle.add(account);
        Optional<Duration> next = untilNext.apply(account);
        if (next.isPresent() && next.get().compareTo(SHORTEST) < 0) {
            return STUCK;
        }
        return bounded(next);
    }

    private Duration bounded(Optional<Duration> next) {
        if (next.isEmpty()) {
            return longest;
        }
        Duration wait = next.get().compareTo(SHORTEST) < 0 ? SHORTEST : next.get();
        return wait.compareTo(longest) > 0 ? longest : wait;
    }
}
