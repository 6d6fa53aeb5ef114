package dev.momopay.payout.application;

import dev.momopay.payout.persistence.ClaimedPayout;
import dev.momopay.payout.persistence.RateBucketRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * Leases one account's due payouts for a round of MoMo calls, within the account's bulkhead on this instance and a
 * rate limit shared by all replicas (a token bucket in PostgreSQL). Counting, taking permits and leasing happen in one
 * transaction, so permits are only spent on payouts actually leased.
 */
@ApplicationScoped
public class RateLimitedLeases {

    private final RateBucketRepository buckets;
    private final InFlightCalls inFlight;

    public RateLimitedLeases(RateBucketRepository buckets, InFlightCalls inFlight) {
        this.buckets = buckets;
        this.inFlight = inFlight;
    }

    /**
     * What a round leased ({@code result}, as the in-transaction step made it), how many payouts, and whether due
     * payouts were left waiting (for permits or capacity).
     */
    public record Round<R>(R result, int leased, boolean dueLeft) {
    }

    /** Leases payouts up to a limit, fenced by the claim token. */
    public interface Claimer {
        List<ClaimedPayout> claim(int limit, UUID claimToken);
    }

    /** One rate limit: a named bucket refilling at {@code perSecond}, holding half a second's worth at most. */
    public record RateLimit(String bucket, double perSecond) {
        double burst() {
            return Math.max(1, Math.ceil(perSecond / 2));
        }

        /** Takes one permit now, in the caller's transaction; false when the bucket is empty. */
        boolean takeOne(RateBucketRepository buckets) {
            return buckets.take(bucket, 1, perSecond, burst()) == 1;
        }
    }

    /**
     * Leases up to {@code wanted} due payouts of {@code account}. The in-flight permits of the leased payouts stay
     * taken: the caller gives each back when its call is over. {@code inTransaction} runs in the leasing transaction
     * (history lines, float reservations, POST intents) and makes the round's result.
     */
    public <R> Round<R> lease(String account, int wanted, RateLimit limit, IntUnaryOperator due, Claimer claimer,
            Function<List<ClaimedPayout>, R> inTransaction) {
        int permits = inFlight.tryTake(account, wanted);
        if (permits == 0) {
            return new Round<>(inTransaction.apply(List.of()), 0, true);
        }
        Round<R> round;
        try {
            round = QuarkusTransaction.requiringNew().call(() -> leaseWithin(permits, limit, due, claimer,
                    inTransaction));
        } catch (RuntimeException e) {
            inFlight.giveBack(account, permits);
            throw e;
        }
        inFlight.giveBack(account, permits - round.leased());
        return round;
    }

    /**
     * Takes one permit of a rate limit and, in the same transaction, runs {@code inTransaction} (a re-POST decided
     * after a status GET commits its intent this way); empty when the bucket has no permit now.
     */
    public <R> Optional<R> withPermit(RateLimit limit, Supplier<R> inTransaction) {
        return QuarkusTransaction.requiringNew().call(() -> limit.takeOne(buckets)
                ? Optional.ofNullable(inTransaction.get()) : Optional.<R>empty());
    }

    private <R> Round<R> leaseWithin(int wanted, RateLimit limit, IntUnaryOperator due, Claimer claimer,
            Function<List<ClaimedPayout>, R> inTransaction) {
        int dueNow = due.applyAsInt(wanted + 1);
        if (dueNow == 0) {
            return new Round<>(inTransaction.apply(List.of()), 0, false);
        }
        int permits = buckets.take(limit.bucket(), Math.min(dueNow, wanted), limit.perSecond(), limit.burst());
        if (permits == 0) {
            return new Round<>(inTransaction.apply(List.of()), 0, true);
        }
        List<ClaimedPayout> claimed = claimer.claim(permits, UUID.randomUUID());
        buckets.giveBack(limit.bucket(), permits - claimed.size(), limit.burst());
        return new Round<>(inTransaction.apply(claimed), claimed.size(), dueNow > claimed.size());
    }
}
