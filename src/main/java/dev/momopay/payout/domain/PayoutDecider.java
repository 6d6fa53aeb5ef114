package dev.momopay.payout.domain;

import dev.momopay.payout.domain.ProviderAnswer.MomoState;
import java.time.Duration;

/**
 * The payout's money rules, as pure functions from a snapshot and MoMo's answer to a {@link Decision}:
 * <ul>
 *   <li>202 and 409 mean MoMo has the payout; only MoMo's FAILED, or a refusal of the only attempt that may have
 *       executed, fails it;</li>
 *   <li>a refusal of an attempt that followed a maybe-executed one is unknown: the refusal stands only after status
 *       GETs have answered 404 for the whole confirmation window, and never while MoMo answers anything else;</li>
 *   <li>a timeout, a reset or a 5xx is unknown: the status of the same reference is asked, and the reference is
 *       POSTed again only when MoMo still does not know it after the grace period;</li>
 *   <li>a configuration refusal holds the payout, never fails it.</li>
 * </ul>
 * Nothing here touches a clock, a database or HTTP: the snapshot carries the time.
 */
public final class PayoutDecider {

    private final DecisionPolicy policy;

    public PayoutDecider(DecisionPolicy policy) {
        this.policy = policy;
    }

    public DecisionPolicy policy() {
        return policy;
    }

    /**
     * Before a submission round calls MoMo: POST at once when no earlier attempt may have executed, otherwise ask
     * for the status first (a lease taken over from another replica lands here too, since its intent was committed).
     */
    public boolean mustCheckStatusFirst(PayoutSnapshot payout) {
        return payout.attemptsMaybeExecuted() > 0;
    }

    /** The decision after a POST; {@code payout} already counts this attempt (its intent was committed). */
    public Decision afterPost(PayoutSnapshot payout, ProviderAnswer answer) {
        boolean earlierMayHaveExecuted = payout.attemptsMaybeExecuted() > 1;
        if (answer instanceof ProviderAnswer.Accepted) {
            return new Decision.Accept(policy.pollDelay(0), "POST accepted by MoMo (202)");
        }
        if (answer instanceof ProviderAnswer.AlreadyExists) {
            return new Decision.Accept(policy.pollDelay(0),
                    "POST answered 409 RESOURCE_ALREADY_EXIST: MoMo has this reference");
        }
        if (answer instanceof ProviderAnswer.Refused refused) {
            Reason reason = ReasonTexts.withText(refused.reason().code(), refused.reason().message());
            if (earlierMayHaveExecuted) {
                return new Decision.AwaitConfirmation(reason, policy.pollDelay(0), "POST attempt "
                        + payout.postAttempts() + " refused by MoMo (" + reason.code() + ") after an earlier attempt "
                        + "that may have executed: unknown until MoMo's status confirms it for "
                        + policy.confirmationWindow());
            }
            return new Decision.Conclude(PayoutStatus.FAILED, reason, null,
                    "POST refused by MoMo: " + reason.code());
        }
        if (answer instanceof ProviderAnswer.ConfigurationRefused refused) {
            return hold(payout, refused, true);
        }
        if (answer instanceof ProviderAnswer.RateLimited limited) {
            return new Decision.RetryLater(limited.retryAfter().orElse(policy.retryDelay(payout.failedRounds())),
                    "POST rate limited by MoMo (429); will retry with the same reference", true);
        }
        if (answer instanceof ProviderAnswer.NotSent notSent) {
            return new Decision.RetryLater(policy.retryDelay(payout.failedRounds()),
                    "POST not sent (" + notSent.detail() + "); will retry with the same reference", true);
        }
        // Unknown, and anything a POST should not get (a 404, a status body): MoMo may have it. Ask before POSTing.
        return new Decision.CheckStatus(policy.ambiguousGrace(),
                "POST outcome unknown (" + describe(answer) + "); MoMo will be asked for the status", false, true);
    }

    /** The decision after a status GET, on the submission path and the status-check path alike. */
    public Decision afterStatus(PayoutSnapshot payout, ProviderAnswer answer) {
        if (answer instanceof ProviderAnswer.Status status) {
            return afterReportedStatus(payout, status);
        }
        if (answer instanceof ProviderAnswer.NotFound) {
            return afterNotFound(payout);
        }
        if (answer instanceof ProviderAnswer.RateLimited limited) {
            return new Decision.CheckStatus(limited.retryAfter().orElse(policy.pollDelay(payout.statusChecks())),
                    null, false, false);
        }
        if (answer instanceof ProviderAnswer.ConfigurationRefused refused) {
            return hold(payout, refused, false);
        }
        Duration next = payout.momoAccepted() ? policy.pollDelay(payout.statusChecks())
                : policy.retryDelay(payout.failedRounds());
        return new Decision.CheckStatus(next, "status not answered (" + describe(answer) + "); will check again",
                false, true);
    }

    private Decision afterReportedStatus(PayoutSnapshot payout, ProviderAnswer.Status status) {
        return switch (status.state()) {
            case SUCCESSFUL -> new Decision.Conclude(PayoutStatus.SUCCESSFUL, null, status.financialTransactionId(),
                    "MoMo status SUCCESSFUL", true);
            case FAILED -> {
                Reason reason = status.reason() == null
                        ? ReasonTexts.withText(ReasonTexts.FAILED_WITHOUT_REASON, null)
                        : ReasonTexts.withText(status.reason().code(), status.reason().message());
                yield new Decision.Conclude(PayoutStatus.FAILED, reason, status.financialTransactionId(),
                        "MoMo status FAILED: " + reason.code(), true);
            }
            case PENDING -> new Decision.Accept(policy.pollDelay(payout.statusChecks()),
                    payout.momoAccepted() && payout.pendingRefusal() == null ? null
                            : "MoMo status PENDING: MoMo has this reference");
            case OTHER -> new Decision.CheckStatus(policy.pollDelay(payout.statusChecks()),
                    "MoMo answered a status this worker does not know; will check again", false, true);
        };
    }

    private Decision afterNotFound(PayoutSnapshot payout) {
        if (payout.momoAccepted()) {
            return new Decision.CheckStatus(policy.pollDelay(payout.statusChecks()),
                    "MoMo answered 404 for a reference it had acknowledged; will check again", true, false);
        }
        if (payout.pendingRefusal() != null) {
            Duration seen = payout.notFoundSince() == null ? Duration.ZERO
                    : Duration.between(payout.notFoundSince(), payout.now());
            Duration left = policy.confirmationWindow().minus(seen);
            if (left.isNegative() || left.isZero()) {
                Reason refusal = payout.pendingRefusal();
                return new Decision.Conclude(PayoutStatus.FAILED,
                        ReasonTexts.withText(refusal.code(), refusal.message()), null,
                        "MoMo kept answering 404 for " + policy.confirmationWindow() + " after refusing attempt "
                                + payout.postAttempts() + ": the refusal stands");
            }
            Duration next = policy.pollDelay(payout.statusChecks());
            return new Decision.CheckStatus(next.compareTo(left) < 0 ? next : left, null, true, false);
        }
        if (payout.attemptsMaybeExecuted() == 0) {
            return new Decision.Post("no earlier attempt was executed; POST with the same reference");
        }
        Duration since = payout.sinceLastPost();
        if (since.compareTo(policy.ambiguousGrace()) < 0) {
            return new Decision.CheckStatus(policy.ambiguousGrace().minus(since), null, true, false);
        }
        return new Decision.Post("MoMo does not know the reference " + policy.ambiguousGrace()
                + " after the last attempt; POST again with the same reference");
    }

    private Decision hold(PayoutSnapshot payout, ProviderAnswer.ConfigurationRefused refused, boolean onPost) {
        return new Decision.Hold(policy.retryDelay(payout.failedRounds()), refused.cause(),
                "held: MoMo refused the account's configuration (" + refused.detail() + "); check "
                        + refused.cause().settings(), onPost);
    }

    static String describe(ProviderAnswer answer) {
        if (answer instanceof ProviderAnswer.Unknown unknown) {
            return unknown.detail();
        }
        if (answer instanceof ProviderAnswer.NotSent notSent) {
            return "not sent: " + notSent.detail();
        }
        if (answer instanceof ProviderAnswer.Status status) {
            return "status " + status.state();
        }
        return answer.getClass().getSimpleName();
    }

    /** A human description of an answer, for operators and history lines. */
    public static String describeAnswer(ProviderAnswer answer) {
        return describe(answer);
    }

    /** True when the answer is MoMo's final status for the reference. */
    public static boolean isFinal(ProviderAnswer answer) {
        return answer instanceof ProviderAnswer.Status status
                && (status.state() == MomoState.SUCCESSFUL || status.state() == MomoState.FAILED);
    }
}
