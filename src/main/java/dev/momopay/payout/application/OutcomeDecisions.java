package dev.momopay.payout.application;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.Backoff;
import dev.momopay.payout.domain.Decision;
import dev.momopay.payout.domain.DecisionPolicy;
import dev.momopay.payout.domain.PayoutDecider;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.domain.ProviderAnswer;
import dev.momopay.payout.domain.Reason;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.momo.ProviderAnswers;
import dev.momopay.payout.persistence.ClaimedPayout;
import dev.momopay.payout.persistence.OutcomeEventRecord;
import dev.momopay.payout.persistence.PayoutUpdate;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns MoMo's answers into fenced updates: the domain's {@link PayoutDecider} decides, this class converts the
 * answer on the way in and attaches the outcome event on the way out. No money rule lives here.
 */
@ApplicationScoped
public class OutcomeDecisions {

    /** Reason code of an outcome an operator decided (with a reason, recorded in the history). */
    public static final String OPERATOR_OVERRIDE = "OPERATOR_OVERRIDE";

    private final OutcomeEventFactory events;
    private final PayoutDecider decider;

    public OutcomeDecisions(OutcomeEventFactory events, PayoutConfig config) {
        this.events = events;
        this.decider = new PayoutDecider(new DecisionPolicy(
                new Backoff(config.poll().initialDelay(), config.poll().maxDelay(), config.poll().jitter()),
                new Backoff(config.submission().retryInitialDelay(), config.submission().retryMaxDelay(),
                        config.poll().jitter()),
                config.submission().ambiguousGrace(), config.submission().refusalConfirmationWindow(),
                () -> ThreadLocalRandom.current().nextDouble()));
    }

    public PayoutDecider decider() {
        return decider;
    }

    /** The payout's update after a POST; {@code payout} carries the committed intent of this attempt. */
    public PayoutUpdate afterPost(ClaimedPayout payout, MomoResult<?> result) {
        return update(payout, decider.afterPost(payout.snapshot(), ProviderAnswers.of(result)), false);
    }

    /** The decision after a status GET (a {@link Decision.Post} on the submission path is the caller's to carry out). */
    public Decision afterStatus(ClaimedPayout payout, MomoResult<?> result) {
        return decider.afterStatus(payout.snapshot(), ProviderAnswers.of(result));
    }

    /** The update a decision makes, with the outcome event when it concludes the payout. */
    public PayoutUpdate update(ClaimedPayout payout, Decision decision, boolean statusChecked) {
        OutcomeEventRecord event = null;
        if (decision instanceof Decision.Conclude conclusion) {
            event = events.create(payout.eventSubject(), conclusion.status(), conclusion.financialTransactionId(),
                    conclusion.reason());
        }
        return PayoutUpdate.of(payout, decision, statusChecked, event);
    }

    /**
     * An operator's decision for an UNRESOLVED payout: the one terminal outcome, with reason
     * {@link #OPERATOR_OVERRIDE} and the operator's words, and a history line naming who decided and why.
     */
    public PayoutUpdate operatorOverride(ClaimedPayout payout, PayoutStatus status, String financialTransactionId,
            String actor, String reason, String momoAnswer, boolean forced) {
        if (status != PayoutStatus.SUCCESSFUL && status != PayoutStatus.FAILED) {
            throw new IllegalArgumentException("an override decides SUCCESSFUL or FAILED, not " + status);
        }
        return update(payout, new Decision.Conclude(status, new Reason(OPERATOR_OVERRIDE, reason),
                financialTransactionId, (forced ? "forced operator override by " : "operator override by ") + actor
                        + ": " + reason + " (MoMo answered: " + momoAnswer + ")"), false);
    }

    /** A safeguard refused the payout before any money call (payee not active, name mismatch). */
    public PayoutUpdate rejectBeforeMoney(ClaimedPayout payout, String code, String message) {
        return update(payout, new Decision.Conclude(PayoutStatus.REJECTED, new Reason(code, message), null,
                "rejected before any money call: " + code), false);
    }

    /** The payout waits without any money call (the float guard); no history line. */
    public PayoutUpdate hold(ClaimedPayout payout, Duration wait) {
        return update(payout, new Decision.RetryLater(wait, null, false), false);
    }

    /** The payout waits for an answer that decides nothing yet (a payee check); the wait grows each round. */
    public PayoutUpdate postpone(ClaimedPayout payout, String detail) {
        return update(payout, new Decision.RetryLater(decider.policy().retry().delay(
                payout.snapshot().failedRounds(), ThreadLocalRandom.current()::nextDouble), detail, false), false);
    }

    /** Hands a payout back to its loop at once, unchanged (an operator's look found nothing to decide). */
    public PayoutUpdate handBack(ClaimedPayout payout) {
        return update(payout, new Decision.CheckStatus(Duration.ZERO, null, false, false), false);
    }

    /** A human description of a MoMo answer (for history lines and operators). */
    public static String describeAnswer(MomoResult<?> result) {
        return PayoutDecider.describeAnswer(ProviderAnswers.of(result));
    }

    public static ProviderAnswer answer(MomoResult<?> result) {
        return ProviderAnswers.of(result);
    }
}
