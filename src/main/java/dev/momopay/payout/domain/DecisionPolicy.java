package dev.momopay.payout.domain;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The timing rules of the decisions.
 *
 * @param poll               back-off between status checks of a payout MoMo has
 * @param retry              back-off after rounds that made no progress
 * @param ambiguousGrace     how long after an attempt a 404 is too early to trust
 * @param confirmationWindow how long 404s must last after a refusal that followed a maybe-executed attempt before
 *                           the refusal stands
 * @param random             values in [0, 1) for the jitter
 */
public record DecisionPolicy(Backoff poll, Backoff retry, Duration ambiguousGrace, Duration confirmationWindow,
        DoubleSupplier random) {

    Duration pollDelay(int checks) {
        return poll.delay(checks, random);
    }

    Duration retryDelay(int failedRounds) {
        return retry.delay(failedRounds, random);
    }
}
