package dev.momopay.payout.application;

import dev.momopay.payout.persistence.ClaimedPayout;
import dev.momopay.payout.persistence.RateBucketRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;

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

    /** What a round leased, and whether due payouts were left waiting (for permits or capacity). */
    public record Round(List<ClaimedPayout> claimed, boolean dueLeft) {
    }

    /** Leases payouts; {@code due} counts due payouts up to a limit, {@code claimer} leases up to a limit. */
    public interface Claimer {
        List<ClaimedPayout> claim(int limit, UUID claimToken);
    }

    /** One rate limit: a named bucket refilling at {@code perSecond}, holding half a second's worth at most. */
    public record RateLimit(String bucket, double perSecond) {
        double burst() {
            return Math.max(1, Math.ceil(perSecond / 2));
        }
    }

    /**
     * Leases up to {@code wanted} due payouts of {@code account}. The in-flight permits of the leased payouts stay
     * taken: the caller gives each back when its call is over. {@code inTransaction} runs in the leasing
     * transaction (to write history lines with the lease).
     */
    public Round lease(String account, int wanted, RateLimit limit, IntUnaryOperator due, Claimer claimer,
            Consumer<List<ClaimedPayout>> inTransaction) {
        int permits = inFlight.tryTake(account, wanted);
        if (permits == 0) {
            return new Round(List.of(), true);
        }
        Round round;
        try {
            round = QuarkusTransaction.requiringNew().call(() -> leaseWithin(permits, limit, due, claimer,
                    inTransaction));
        } catch (RuntimeException e) {
            inFlight.giveBack(account, permits);
            throw e;
        }
        inFlight.giveBack(account, permits - round.claimed().size());
        return round;
    }

    private Round leaseWithin(int wanted, RateLimit limit, IntUnaryOperator due, Claimer claimer,
            Consumer<List<ClaimedPayout>> inTransaction) {
        int dueNow = due.applyAsInt(wanted + 1);
        if (dueNow == 0) {
            return new Round(List.of(), false);
        }
        int permits = buckets.take(limit.bucket(), Math.min(dueNow, wanted), limit.perSecond(), limit.burst());
        if (permits == 0) {
            return new Round(List.of(), true);
        }
        List<ClaimedPayout> claimed = claimer.claim(permits, UUID.randomUUID());
        buckets.giveBack(limit.bucket(), permits - claimed.size(), limit.burst());
        inTransaction.accept(claimed);
        return new Round(claimed, dueNow > claimed.size());
    }
}
