package dev.momopay.payout.domain;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Exponential back-off with a cap and a symmetric random spread, so that many payouts never retry in lockstep. */
public record Backoff(Duration initial, Duration max, double jitter) {

    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 <= initial <= max");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
    }

    /**
     * The wait before attempt {@code attempt} (0 = the first wait): initial x 2^attempt, capped at max, then spread
     * by plus or minus {@code jitter}, never above max.
     *
     * @param random a source of values in [0, 1)
     */
    public Duration delay(int attempt, DoubleSupplier random) {
        double base = initial.toMillis() * Math.pow(2, Math.min(Math.max(attempt, 0), 40));
        double capped = Math.min(base, max.toMillis());
        double spread = capped * (1 + jitter * (2 * random.getAsDouble() - 1));
        return Duration.ofMillis(Math.round(Math.min(spread, max.toMillis())));
    }
}
