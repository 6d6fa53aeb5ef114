package dev.momopay.payout.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.domain.ProviderAnswer.MomoState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The decisions against a model of MoMo that misbehaves at random: a status view that lags, refusals checked before
 * the duplicate check, dropped or hung answers after executing, 5xx, 429, configuration refusals, late answers. The
 * worker is driven exactly as the dispatchers drive it (intent before each POST, status first once an attempt may
 * have executed). Whatever happens: MoMo never executes twice, no FAILED while MoMo executed a transaction that did
 * not fail, no SUCCESSFUL that MoMo did not report, and once MoMo behaves the payout ends terminal. The model's
 * status lag stays below the confirmation window: a lag longer than the window is exactly what the window's setting
 * must exceed (see the README's guarantees).
 */
class PayoutDeciderPropertiesTest {

    static final Duration GRACE = Duration.ofSeconds(10);
    static final Duration WINDOW = Duration.ofMinutes(5);

    /** MoMo as the model sees it: one reference, executed at most once. */
    static final class MomoModel {
        final Random random;
        final Duration lag;
        final MomoState outcome;
        boolean misbehaving = true;
        Instant executedAt;
        int executions;

        MomoModel(Random random, Duration lag, MomoState outcome) {
            this.random = random;
            this.lag = lag;
            this.outcome = outcome;
        }

        boolean executed() {
            return executedAt != null;
        }

        private void execute(Instant now) {
            if (!executed()) {
                executedAt = now;
                executions++;
            }
        }

        ProviderAnswer post(Instant now) {
            int roll = misbehaving ? random.nextInt(9) : 0;
            if (executed()) {
                return switch (roll) {
                    case 1, 2 -> new ProviderAnswer.Refused(new Reason("NOT_ENOUGH_FUNDS", null)); // before dup check
                    case 3 -> new ProviderAnswer.Unknown("READ_TIMEOUT");
                    case 4 -> new ProviderAnswer.RateLimited(Optional.empty());
                    case 5 -> new ProviderAnswer.ConfigurationRefused(ConfigurationCause.CALLBACK_HOST, "500");
                    case 6 -> new ProviderAnswer.NotSent("connect");
                    default -> new ProviderAnswer.AlreadyExists();
                };
            }
            return switch (roll) {
                case 1 -> {
                    execute(now);
                    yield new ProviderAnswer.Unknown("CONNECTION_RESET"); // executed, answer dropped
                }
                case 2 -> new ProviderAnswer.Unknown("HTTP 500"); // not executed, unknown to the worker
                case 3 -> new ProviderAnswer.RateLimited(Optional.of(Duration.ofSeconds(1)));
                case 4 -> new ProviderAnswer.ConfigurationRefused(ConfigurationCause.CREDENTIALS, "401");
                case 5 -> new ProviderAnswer.NotSent("connect");
                case 6 -> {
                    execute(now);
                    yield new ProviderAnswer.Unknown("READ_TIMEOUT"); // executed, hung
                }
                case 7 -> new ProviderAnswer.Refused(new Reason("PAYER_LIMIT_REACHED", null)); // definitive
                default -> {
                    execute(now);
                    yield new ProviderAnswer.Accepted();
                }
            };
        }

        ProviderAnswer status(Instant now) {
            int roll = misbehaving ? random.nextInt(6) : 0;
            switch (roll) {
                case 1:
                    return new ProviderAnswer.Unknown("HTTP 503");
                case 2:
                    return new ProviderAnswer.RateLimited(Optional.empty());
                case 3:
                    return new ProviderAnswer.ConfigurationRefused(ConfigurationCause.CREDENTIALS, "401");
                default:
                    break;
            }
            if (!executed() || now.isBefore(executedAt.plus(lag))) {
                return new ProviderAnswer.NotFound();
            }
            boolean done = !misbehaving || random.nextBoolean();
            return new ProviderAnswer.Status(done ? outcome : MomoState.PENDING,
                    done && outcome == MomoState.SUCCESSFUL ? "42" : null,
                    done && outcome == MomoState.FAILED ? new Reason("PAYEE_NOT_FOUND", null) : null);
        }
    }

    /** The payout row as the fenced updates leave it (the columns UpdateColumns writes). */
    static PayoutSnapshot apply(PayoutSnapshot s, Decision d, boolean statusChecked) {
        PayoutStatus to = PayoutStateMachine.next(s.status(), d);
        Duration in = Duration.ZERO;
        boolean accepted = s.momoAccepted();
        int notExecuted = s.attemptsNotExecuted();
        Reason refusal = s.pendingRefusal();
        Instant notFound = null;
        if (d instanceof Decision.Accept a) {
            in = a.checkIn();
            accepted = true;
            refusal = null;
        } else if (d instanceof Decision.CheckStatus c) {
            in = c.in();
            notFound = c.notFound() ? (s.notFoundSince() == null ? s.now() : s.notFoundSince()) : null;
        } else if (d instanceof Decision.RetryLater r) {
            in = r.in();
            notExecuted += r.attemptNotExecuted() ? 1 : 0;
        } else if (d instanceof Decision.Hold h) {
            in = h.in();
            notExecuted += h.attemptNotExecuted() ? 1 : 0;
        } else if (d instanceof Decision.AwaitConfirmation a) {
            in = a.in();
            refusal = a.refusal();
            notFound = s.now();
        }
        return new PayoutSnapshot(to, s.postAttempts(), notExecuted, s.lastPostAt(), accepted, refusal, notFound,
                s.statusChecks() + (statusChecked ? 1 : 0), d.failedRound() ? s.failedRounds() + 1 : 0,
                s.now().plus(in.plusMillis(1)));
    }

    @Property(tries = 3000)
    void noFabricatedOutcomeAndEveryPayoutEnds(@ForAll long seed, @ForAll @LongRange(min = 0, max = 299) long lagSeconds,
            @ForAll @IntRange(min = 0, max = 40) int misbehavingSteps, @ForAll boolean momoFails) {
        Random random = new Random(seed);
        PayoutDecider decider = new PayoutDecider(new DecisionPolicy(
                new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5), 0.2),
                new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1), 0.2), GRACE, WINDOW, random::nextDouble));
        MomoModel momo = new MomoModel(random, Duration.ofSeconds(lagSeconds),
                momoFails ? MomoState.FAILED : MomoState.SUCCESSFUL);
        PayoutSnapshot payout = new PayoutSnapshot(PayoutStatus.SUBMITTING, 0, 0, null, false, null, null, 0, 0,
                Instant.parse("2026-12-01T00:00:00Z"));
        for (int step = 0; step < 400 && !payout.status().isTerminal(); step++) {
            momo.misbehaving = step < misbehavingSteps;
            Decision decision;
            boolean statusChecked = false;
            if (PayoutStateMachine.awaitsStatusCheck(payout.status(), payout.momoAccepted())
                    || decider.mustCheckStatusFirst(payout)) {
                decision = decider.afterStatus(payout, momo.status(payout.now()));
                statusChecked = true;
                if (decision instanceof Decision.Post) {
                    payout = payout.withPostIntent();
                    decision = decider.afterPost(payout, momo.post(payout.now()));
                    statusChecked = false;
                }
            } else {
                payout = payout.withPostIntent();
                decision = decider.afterPost(payout, momo.post(payout.now()));
            }
            assertTrue(momo.executions <= 1, "MoMo executed twice");
            payout = apply(payout, decision, statusChecked);
            if (payout.status() == PayoutStatus.FAILED) {
                assertTrue(!momo.executed() || momo.outcome == MomoState.FAILED,
                        "FAILED although MoMo executed a payout that did not fail: " + payout);
            }
            if (payout.status() == PayoutStatus.SUCCESSFUL) {
                assertTrue(momo.executed() && momo.outcome == MomoState.SUCCESSFUL, "SUCCESSFUL from nothing");
            }
            assertTrue(payout.status() != PayoutStatus.REJECTED, "REJECTED after a money call");
        }
        assertTrue(payout.status().isTerminal(), "not concluded once MoMo behaved: " + payout);
        if (momo.executed()) {
            assertEquals(momo.outcome.name(), payout.status().name(), "the outcome is MoMo's");
        }
    }

    @Property(tries = 200)
    void theStateMachineAllowsEveryMoveTheDecisionsMake(@ForAll long seed) {
        // The walk above goes through PayoutStateMachine.next, which throws on a forbidden move; this one starts
        // parked (UNRESOLVED) to cover the parked paths too.
        Random random = new Random(seed);
        PayoutDecider decider = new PayoutDecider(new DecisionPolicy(
                new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5), 0.2),
                new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1), 0.2), GRACE, WINDOW, random::nextDouble));
        MomoModel momo = new MomoModel(random, Duration.ofSeconds(random.nextInt(600)), MomoState.SUCCESSFUL);
        PayoutSnapshot payout = new PayoutSnapshot(PayoutStatus.UNRESOLVED, 1, 0,
                Instant.parse("2026-12-01T00:00:00Z"), false, null, null, 0, 0, Instant.parse("2026-12-02T00:00:00Z"));
        for (int step = 0; step < 200 && !payout.status().isTerminal(); step++) {
            momo.misbehaving = step < 20;
            Decision decision = decider.afterStatus(payout, momo.status(payout.now()));
            if (decision instanceof Decision.Post) {
                payout = payout.withPostIntent();
                decision = decider.afterPost(payout, momo.post(payout.now()));
            }
            payout = apply(payout, decision, true);
            assertTrue(List.of(PayoutStatus.UNRESOLVED, PayoutStatus.SUCCESSFUL, PayoutStatus.FAILED)
                    .contains(payout.status()), payout.status().name());
        }
    }
}
