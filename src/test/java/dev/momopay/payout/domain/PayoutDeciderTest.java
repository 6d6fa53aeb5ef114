package dev.momopay.payout.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.domain.ProviderAnswer.MomoState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision function, row by row: for each (status, attempts, answer) what it decides. Every row names the
 * decision's kind and, for a conclusion, the status; the last test runs every combination and checks the rules that
 * hold for all of them.
 */
class PayoutDeciderTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final Duration GRACE = Duration.ofSeconds(10);
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final PayoutDecider DECIDER = new PayoutDecider(new DecisionPolicy(
            new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5), 0),
            new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1), 0), GRACE, WINDOW, () -> 0.5));
    static final Reason FUNDS = new Reason("NOT_ENOUGH_FUNDS", null);

    enum Call { POST, STATUS }

    /** A payout as the decisions see it; {@code attempts}/{@code notExecuted} after the attempt being judged. */
    static PayoutSnapshot payout(PayoutStatus status, int attempts, int notExecuted, boolean accepted,
            Reason refusal, Duration notFoundFor, Duration sincePost) {
        return new PayoutSnapshot(status, attempts, notExecuted, attempts == 0 ? null : NOW.minus(sincePost),
                accepted, refusal, notFoundFor == null ? null : NOW.minus(notFoundFor), 0, 0, NOW);
    }

    static PayoutSnapshot fresh(PayoutStatus status, int attempts, int notExecuted) {
        return payout(status, attempts, notExecuted, false, null, null, Duration.ZERO);
    }

    static final ProviderAnswer ACCEPTED = new ProviderAnswer.Accepted();
    static final ProviderAnswer CONFLICT = new ProviderAnswer.AlreadyExists();
    static final ProviderAnswer REFUSED = new ProviderAnswer.Refused(FUNDS);
    static final ProviderAnswer CALLBACK_HOST = new ProviderAnswer.ConfigurationRefused(
            ConfigurationCause.CALLBACK_HOST, "HTTP 500 INVALID_CALLBACK_URL_HOST");
    static final ProviderAnswer CREDENTIALS = new ProviderAnswer.ConfigurationRefused(ConfigurationCause.CREDENTIALS,
            "HTTP 401");
    static final ProviderAnswer LIMITED = new ProviderAnswer.RateLimited(Optional.empty());
    static final ProviderAnswer NOT_SENT = new ProviderAnswer.NotSent("connection refused");
    static final ProviderAnswer UNKNOWN = new ProviderAnswer.Unknown("READ_TIMEOUT");
    static final ProviderAnswer NOT_FOUND = new ProviderAnswer.NotFound();
    static final ProviderAnswer PENDING = new ProviderAnswer.Status(MomoState.PENDING, null, null);
    static final ProviderAnswer SUCCESSFUL = new ProviderAnswer.Status(MomoState.SUCCESSFUL, "123", null);
    static final ProviderAnswer FAILED_NO_REASON = new ProviderAnswer.Status(MomoState.FAILED, null, null);
    static final ProviderAnswer FAILED_CODE_ONLY = new ProviderAnswer.Status(MomoState.FAILED, null,
            new Reason("PAYEE_NOT_FOUND", null));
    static final ProviderAnswer ODD = new ProviderAnswer.Status(MomoState.OTHER, null, null);

    static Arguments row(String name, Call call, PayoutSnapshot payout, ProviderAnswer answer,
            Class<? extends Decision> kind, PayoutStatus to) {
        return Arguments.of(name, call, payout, answer, kind, to);
    }

    static Stream<Arguments> table() {
        PayoutStatus sub = PayoutStatus.SUBMITTING;
        PayoutStatus unr = PayoutStatus.UNRESOLVED;
        PayoutSnapshot firstAttempt = fresh(sub, 1, 0);
        PayoutSnapshot afterNotSent = fresh(sub, 2, 1);
        PayoutSnapshot rePost = fresh(sub, 2, 0);
        PayoutSnapshot parkedRePost = fresh(unr, 2, 0);
        return Stream.of(
                row("202 on the first attempt", Call.POST, firstAttempt, ACCEPTED, Decision.Accept.class,
                        PayoutStatus.SUBMITTED),
                row("409 on a re-POST means MoMo has it", Call.POST, rePost, CONFLICT, Decision.Accept.class,
                        PayoutStatus.SUBMITTED),
                row("202 keeps a parked payout parked", Call.POST, parkedRePost, ACCEPTED, Decision.Accept.class, unr),
                row("refusal of the only attempt fails", Call.POST, firstAttempt, REFUSED, Decision.Conclude.class,
                        PayoutStatus.FAILED),
                row("refusal after a not-sent attempt fails", Call.POST, afterNotSent, REFUSED,
                        Decision.Conclude.class, PayoutStatus.FAILED),
                row("refusal of a re-POST is unknown (#1)", Call.POST, rePost, REFUSED,
                        Decision.AwaitConfirmation.class, sub),
                row("refusal of a parked re-POST is unknown", Call.POST, parkedRePost, REFUSED,
                        Decision.AwaitConfirmation.class, unr),
                row("callback host refused: held (#3)", Call.POST, firstAttempt, CALLBACK_HOST, Decision.Hold.class,
                        sub),
                row("credentials refused: held (#3)", Call.POST, rePost, CREDENTIALS, Decision.Hold.class, sub),
                row("429: retry, not executed", Call.POST, firstAttempt, LIMITED, Decision.RetryLater.class, sub),
                row("not sent: retry, not executed", Call.POST, firstAttempt, NOT_SENT, Decision.RetryLater.class,
                        sub),
                row("timeout: ask for the status", Call.POST, firstAttempt, UNKNOWN, Decision.CheckStatus.class, sub),
                row("a 404 to a POST: ask for the status", Call.POST, firstAttempt, NOT_FOUND,
                        Decision.CheckStatus.class, sub),

                row("SUCCESSFUL concludes", Call.STATUS, rePost, SUCCESSFUL, Decision.Conclude.class,
                        PayoutStatus.SUCCESSFUL),
                row("SUCCESSFUL concludes a parked payout", Call.STATUS, parkedRePost, SUCCESSFUL,
                        Decision.Conclude.class, PayoutStatus.SUCCESSFUL),
                row("FAILED without a reason concludes with a text (#11)", Call.STATUS, rePost, FAILED_NO_REASON,
                        Decision.Conclude.class, PayoutStatus.FAILED),
                row("FAILED with only a code concludes with a text (#11)", Call.STATUS, rePost, FAILED_CODE_ONLY,
                        Decision.Conclude.class, PayoutStatus.FAILED),
                row("PENDING: MoMo has it", Call.STATUS, rePost, PENDING, Decision.Accept.class,
                        PayoutStatus.SUBMITTED),
                row("PENDING during a confirmation window", Call.STATUS,
                        payout(sub, 2, 0, false, FUNDS, Duration.ofMinutes(1), Duration.ofMinutes(1)), PENDING,
                        Decision.Accept.class, PayoutStatus.SUBMITTED),
                row("an unknown status decides nothing", Call.STATUS, rePost, ODD, Decision.CheckStatus.class, sub),
                row("404 within the grace: wait", Call.STATUS,
                        payout(sub, 1, 0, false, null, null, Duration.ofSeconds(3)), NOT_FOUND,
                        Decision.CheckStatus.class, sub),
                row("404 after the grace: POST again", Call.STATUS,
                        payout(sub, 1, 0, false, null, null, Duration.ofSeconds(11)), NOT_FOUND,
                        Decision.Post.class, sub),
                row("404 and nothing ever executed: POST", Call.STATUS, fresh(sub, 1, 1), NOT_FOUND,
                        Decision.Post.class, sub),
                row("404 for a reference MoMo acknowledged: check again", Call.STATUS,
                        payout(PayoutStatus.SUBMITTED, 1, 0, true, null, null, Duration.ofHours(1)), NOT_FOUND,
                        Decision.CheckStatus.class, PayoutStatus.SUBMITTED),
                row("404 inside the confirmation window: check again, no POST", Call.STATUS,
                        payout(sub, 2, 0, false, FUNDS, Duration.ofMinutes(4), Duration.ofMinutes(4)), NOT_FOUND,
                        Decision.CheckStatus.class, sub),
                row("404 for the whole window: the refusal stands", Call.STATUS,
                        payout(sub, 2, 0, false, FUNDS, Duration.ofMinutes(5), Duration.ofMinutes(5)), NOT_FOUND,
                        Decision.Conclude.class, PayoutStatus.FAILED),
                row("a first 404 after other answers starts the window", Call.STATUS,
                        payout(sub, 2, 0, false, FUNDS, null, Duration.ofHours(1)), NOT_FOUND,
                        Decision.CheckStatus.class, sub),
                row("timeout during the window decides nothing", Call.STATUS,
                        payout(sub, 2, 0, false, FUNDS, Duration.ofMinutes(6), Duration.ofMinutes(6)), UNKNOWN,
                        Decision.CheckStatus.class, sub),
                row("429 on a status GET", Call.STATUS, rePost, LIMITED, Decision.CheckStatus.class, sub),
                row("401 on a status GET: held", Call.STATUS, rePost, CREDENTIALS, Decision.Hold.class, sub),
                row("not sent on a status GET", Call.STATUS, rePost, NOT_SENT, Decision.CheckStatus.class, sub));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String name, Call call, PayoutSnapshot payout, ProviderAnswer answer,
            Class<? extends Decision> kind, PayoutStatus to) {
        Decision decision = decide(call, payout, answer);
        assertInstanceOf(kind, decision, name + ": " + decision);
        assertEquals(to, PayoutStateMachine.next(payout.status(), decision), name);
    }

    @Test
    void aRefusalAfterAMaybeExecutedAttemptIsKeptWithAHumanMessage() {
        Decision decision = DECIDER.afterPost(fresh(PayoutStatus.SUBMITTING, 3, 1), REFUSED);
        Decision.AwaitConfirmation waiting = assertInstanceOf(Decision.AwaitConfirmation.class, decision);
        assertEquals("NOT_ENOUGH_FUNDS", waiting.refusal().code());
        assertFalse(waiting.refusal().message().isBlank());
    }

    @Test
    void failedOutcomesAlwaysCarryAHumanMessage() {
        for (ProviderAnswer answer : List.of(FAILED_NO_REASON, FAILED_CODE_ONLY)) {
            Decision.Conclude failed = assertInstanceOf(Decision.Conclude.class,
                    DECIDER.afterStatus(fresh(PayoutStatus.SUBMITTED, 1, 0), answer));
            assertNotNull(failed.reason().message());
            assertFalse(failed.reason().message().isBlank());
        }
        Decision.Conclude refused = assertInstanceOf(Decision.Conclude.class,
                DECIDER.afterPost(fresh(PayoutStatus.SUBMITTING, 1, 0),
                        new ProviderAnswer.Refused(new Reason("SOME_NEW_CODE", null))));
        assertTrue(refused.reason().message().contains("SOME_NEW_CODE"));
    }

    @Test
    void theRetryBackOffGrowsWithEveryRoundWithoutProgress() {
        Duration previous = Duration.ZERO;
        for (int rounds = 0; rounds < 5; rounds++) {
            PayoutSnapshot payout = new PayoutSnapshot(PayoutStatus.SUBMITTING, rounds + 1, rounds + 1, NOW, false,
                    null, null, 0, rounds, NOW);
            Decision.RetryLater retry = assertInstanceOf(Decision.RetryLater.class, DECIDER.afterPost(payout,
                    NOT_SENT));
            assertTrue(retry.in().compareTo(previous) > 0, "round " + rounds + ": " + retry.in());
            previous = retry.in();
        }
    }

    /** Every combination: allowed transitions only, and FAILED never follows a refusal that proves nothing. */
    @Test
    void everyCombinationRespectsTheMoneyRules() {
        List<ProviderAnswer> answers = List.of(ACCEPTED, CONFLICT, REFUSED, CALLBACK_HOST, CREDENTIALS, LIMITED,
                NOT_SENT, UNKNOWN, NOT_FOUND, PENDING, SUCCESSFUL, FAILED_NO_REASON, FAILED_CODE_ONLY, ODD);
        List<PayoutSnapshot> payouts = new ArrayList<>();
        for (PayoutStatus status : List.of(PayoutStatus.SUBMITTING, PayoutStatus.SUBMITTED,
                PayoutStatus.UNRESOLVED)) {
            for (int attempts = 1; attempts <= 3; attempts++) {
                for (int notExecuted = 0; notExecuted < attempts; notExecuted++) {
                    for (Reason refusal : new Reason[] {null, FUNDS}) {
                        for (Duration notFound : new Duration[] {null, Duration.ofMinutes(1), Duration.ofMinutes(6)}) {
                            boolean accepted = status == PayoutStatus.SUBMITTED;
                            payouts.add(payout(status, attempts, notExecuted, accepted, refusal, notFound,
                                    Duration.ofMinutes(7)));
                        }
                    }
                }
            }
        }
        int checked = 0;
        for (PayoutSnapshot payout : payouts) {
            for (ProviderAnswer answer : answers) {
                for (Call call : Call.values()) {
                    Decision decision = decide(call, payout, answer);
                    PayoutStatus to = PayoutStateMachine.next(payout.status(), decision);
                    if (to == PayoutStatus.FAILED && call == Call.POST) {
                        assertTrue(payout.attemptsMaybeExecuted() <= 1 && answer == REFUSED,
                                "FAILED from a POST answer only for the only maybe-executed attempt: " + payout);
                    }
                    if (to == PayoutStatus.FAILED && call == Call.STATUS && answer == NOT_FOUND) {
                        assertTrue(payout.pendingRefusal() != null && payout.notFoundSince() != null
                                && !Duration.between(payout.notFoundSince(), NOW).minus(WINDOW).isNegative(),
                                "FAILED from 404s only after the whole window: " + payout);
                    }
                    if (to.isTerminal() && to != PayoutStatus.FAILED) {
                        assertEquals(PayoutStatus.SUCCESSFUL, to);
                        assertEquals(SUCCESSFUL, answer);
                    }
                    if (decision instanceof Decision.Post) {
                        assertEquals(Call.STATUS, call);
                        assertFalse(payout.momoAccepted(), "never re-POST what MoMo acknowledged");
                        assertEquals(null, payout.pendingRefusal(), "no re-POST while a refusal is confirmed");
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked > 1000, "checked " + checked);
    }

    static Decision decide(Call call, PayoutSnapshot payout, ProviderAnswer answer) {
        return call == Call.POST ? DECIDER.afterPost(payout, answer) : DECIDER.afterStatus(payout, answer);
    }
}
