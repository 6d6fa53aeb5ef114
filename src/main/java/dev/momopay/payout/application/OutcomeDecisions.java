package dev.momopay.payout.application;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.Backoff;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.domain.Reason;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.momo.dto.MomoReason;
import dev.momopay.payout.momo.dto.TransferStatus;
import dev.momopay.payout.persistence.ClaimedPayout;
import dev.momopay.payout.persistence.OutcomeEventRecord;
import dev.momopay.payout.persistence.PayoutUpdate;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The rules that turn what MoMo answered into the payout's next state. The worker's money rules live here:
 * 202 and 409 mean MoMo has the payout (poll it); only a definitive refusal or a FAILED status fails it; anything
 * ambiguous keeps it open and is resolved by asking MoMo with the same reference; nothing terminal is decided from a
 * timeout.
 */
@ApplicationScoped
public class OutcomeDecisions {

    /** Reason code of a FAILED outcome when MoMo reported FAILED without saying why. */
    public static final String FAILED_WITHOUT_REASON = "MOMO_FAILED_WITHOUT_REASON";
    /** Reason code of a FAILED outcome when MoMo answered 400 to the POST without a code. */
    public static final String BAD_REQUEST = "BAD_REQUEST";

    private final OutcomeEventFactory events;
    private final Backoff pollBackoff;
    private final Backoff retryBackoff;
    private final Duration ambiguousGrace;

    public OutcomeDecisions(OutcomeEventFactory events, PayoutConfig config) {
        this.events = events;
        this.pollBackoff = new Backoff(config.poll().initialDelay(), config.poll().maxDelay(), config.poll().jitter());
        this.retryBackoff = new Backoff(config.submission().retryInitialDelay(), config.submission().retryMaxDelay(),
                config.poll().jitter());
        this.ambiguousGrace = config.submission().ambiguousGrace();
    }

    public Duration ambiguousGrace() {
        return ambiguousGrace;
    }

    /** The payout's state after a POST. */
    public PayoutUpdate afterPost(ClaimedPayout payout, MomoResult<Void> result) {
        int attempt = payout.postAttempts();
        if (result instanceof MomoResult.Ok<Void>) {
            return accepted(payout, true, "POST accepted by MoMo (202)");
        }
        if (result instanceof MomoResult.AlreadyExists<Void>) {
            return accepted(payout, true, "POST answered 409 RESOURCE_ALREADY_EXIST: MoMo has this reference");
        }
        if (result instanceof MomoResult.Refused<Void> refused) {
            return terminal(payout, PayoutStatus.FAILED, null, new Reason(refused.code(), refused.message()), true,
                    false, "POST refused by MoMo: " + refused.code());
        }
        if (result instanceof MomoResult.BadRequest<Void> bad) {
            String code = bad.code() == null || bad.code().isBlank() ? BAD_REQUEST : bad.code();
            return terminal(payout, PayoutStatus.FAILED, null, new Reason(code, bad.message()), true, false,
                    "POST rejected by MoMo with 400: " + code);
        }
        if (result instanceof MomoResult.NotSent<Void> notSent) {
            return retry(payout, retryBackoff.delay(attempt, ThreadLocalRandom.current()::nextDouble), false,
                    "POST not sent (" + notSent.detail() + "); will retry with the same reference");
        }
        if (result instanceof MomoResult.RateLimited<Void> limited) {
            Duration wait = limited.retryAfter().orElse(retryBackoff.delay(attempt,
                    ThreadLocalRandom.current()::nextDouble));
            return retry(payout, wait, false, "POST rate limited by MoMo (429); will retry with the same reference");
        }
        if (result instanceof MomoResult.Unauthorized<Void> unauthorized) {
            return retry(payout, retryBackoff.delay(attempt, ThreadLocalRandom.current()::nextDouble), false,
                    "POST unauthorised (" + unauthorized.status() + ") after a token refresh; check the MoMo "
                            + "credentials; will retry with the same reference");
        }
        // Ambiguous, Unavailable, an unexpected 404 and anything else: MoMo may have it. Ask before POSTing again.
        return retry(payout, ambiguousGrace, true,
                "POST outcome unknown (" + describe(result) + "); MoMo will be asked for the status");
    }

    /**
     * The payout's state after a status GET that found the transaction (200), or null when the answer does not
     * decide anything and the caller must handle it (a 404 on the submission path means "POST again").
     */
    public PayoutUpdate afterStatus(ClaimedPayout payout, MomoResult<TransferStatus> result) {
        if (result instanceof MomoResult.Ok<TransferStatus> ok && ok.body() != null && ok.body().status() != null) {
            TransferStatus status = ok.body();
            return switch (status.status()) {
                case SUCCESSFUL -> terminal(payout, PayoutStatus.SUCCESSFUL, status.financialTransactionId(), null,
                        false, true, "MoMo status SUCCESSFUL");
                case FAILED -> terminal(payout, PayoutStatus.FAILED, status.financialTransactionId(),
                        failureReason(status.reason()), false, true,
                        "MoMo status FAILED: " + failureReason(status.reason()).code());
                case PENDING -> pending(payout);
                default -> checkAgain(payout, "MoMo answered an unknown status; will check again");
            };
        }
        if (result instanceof MomoResult.RateLimited<TransferStatus> limited) {
            return new PayoutUpdate(payout.referenceId(), payout.claimToken(), payout.status(), payout.status(),
                    false, null, null, null, null,
                    limited.retryAfter().orElse(pollBackoff.delay(0, ThreadLocalRandom.current()::nextDouble)),
                    false, false, false, null, null);
        }
        return checkAgain(payout, null);
    }

    /** Reason code of an outcome an operator decided (with a reason, recorded in the history). */
    public static final String OPERATOR_OVERRIDE = "OPERATOR_OVERRIDE";

    /**
     * An operator's decision for an UNRESOLVED payout that MoMo could not settle (no final status from a fresh GET):
     * the one terminal outcome, with reason {@link #OPERATOR_OVERRIDE} and the operator's words, and a history line
     * naming who decided and why. Only the ops service calls this, after such a GET.
     */
    public PayoutUpdate operatorOverride(ClaimedPayout payout, PayoutStatus status, String financialTransactionId,
            String actor, String reason, String momoAnswer) {
        if (status != PayoutStatus.SUCCESSFUL && status != PayoutStatus.FAILED) {
            throw new IllegalArgumentException("an override decides SUCCESSFUL or FAILED, not " + status);
        }
        return terminal(payout, status, financialTransactionId, new Reason(OPERATOR_OVERRIDE, reason), false, false,
                "operator override by " + actor + ": " + reason + " (MoMo answered: " + momoAnswer + ")");
    }

    /** A human description of a MoMo answer (for history lines and operators). */
    public static String describeAnswer(MomoResult<?> result) {
        if (result instanceof MomoResult.Ok<?> ok && ok.body() instanceof TransferStatus status) {
            return "status " + status.status();
        }
        return describe(result);
    }

    /** A status check that did not conclude: check again later, following the back-off. */
    public PayoutUpdate checkAgain(ClaimedPayout payout, String detail) {
        Duration next = pollBackoff.delay(payout.statusChecks(), ThreadLocalRandom.current()::nextDouble);
        return new PayoutUpdate(payout.referenceId(), payout.claimToken(), payout.status(), payout.status(), false,
                null, null, null, null, next, false, true, false, detail, null);
    }

    /** A safeguard refused the payout before any money call (payee not active, name mismatch). */
    public PayoutUpdate rejectBeforeMoney(ClaimedPayout payout, String code, String message) {
        return terminal(payout, PayoutStatus.REJECTED, null, new Reason(code, message), false, false,
                "rejected before any money call: " + code);
    }

    /** The payout waits without any money call (float guard, an unanswered payee check); no history line. */
    public PayoutUpdate hold(ClaimedPayout payout, Duration wait) {
        return new PayoutUpdate(payout.referenceId(), payout.claimToken(), payout.status(), payout.status(), false,
                null, null, null, null, wait, false, false, false, null, null);
    }

    /** The payout waits for an answer that decides nothing yet; recorded in the history. */
    public PayoutUpdate postpone(ClaimedPayout payout, String detail) {
        return retry(payout, retryBackoff.delay(payout.statusChecks(), ThreadLocalRandom.current()::nextDouble), false,
                detail);
    }

    /** The status GET of a payout whose POST may not have landed answered 404 too soon to trust: wait. */
    public PayoutUpdate waitForGrace(ClaimedPayout payout, Duration remaining) {
        return new PayoutUpdate(payout.referenceId(), payout.claimToken(), payout.status(), payout.status(), false,
                null, null, null, null, remaining, false, true, false, null, null);
    }

    private PayoutUpdate pending(ClaimedPayout payout) {
        boolean firstAcceptance = !payout.momoAccepted();
        PayoutStatus next = PayoutStatus.valueOf(payout.status()) == PayoutStatus.UNRESOLVED
                ? PayoutStatus.UNRESOLVED : PayoutStatus.SUBMITTED;
        Duration delay = pollBackoff.delay(payout.statusChecks(), ThreadLocalRandom.current()::nextDouble);
        String detail = firstAcceptance || !next.name().equals(payout.status())
                ? "MoMo status PENDING: MoMo has this reference" : null;
        return new PayoutUpdate(payout.referenceId(), payout.claimToken(), payout.status(), next.name(), true,
                "PENDING", null, null, null, delay, false, true, false, detail, null);
    }

    private PayoutUpdate accepted(ClaimedPayout payout, boolean postSent, String detail) {
        PayoutStatus next = PayoutStatus.valueOf(payout.status()) == PayoutStatus.UNRESOLVED
                ? PayoutStatus.UNRESOLVED : PayoutStatus.SUBMITTED;
        return new PayoutUpdate(payout.referenceId(), payout.claimToken(), payout.status(), next.name(), true,
                "PENDING", null, null, null, pollBackoff.delay(0, ThreadLocalRandom.current()::nextDouble),
                postSent, false, false, detail, null);
    }

    private PayoutUpdate retry(ClaimedPayout payout, Duration wait, boolean postSent, String detail) {
        return new PayoutUpdate(payout.referenceId(), payout.claimToken(), payout.status(), payout.status(), false,
                null, null, null, null, wait, postSent, false, false, detail, null);
    }

    private PayoutUpdate terminal(ClaimedPayout payout, PayoutStatus status, String financialTransactionId,
            Reason reason, boolean postSent, boolean statusChecked, String detail) {
        OutcomeEventRecord event = events.create(payout.referenceId(), payout.operation(), status.name(),
                payout.amount(), payout.currency(), payout.externalId(), financialTransactionId, reason);
        return new PayoutUpdate(payout.referenceId(), payout.claimToken(), payout.status(), status.name(),
                statusChecked, statusChecked ? status.name() : null, reason == null ? null : reason.code(),
                reason == null ? null : reason.message(), financialTransactionId, null, postSent, statusChecked,
                true, detail, event);
    }

    private static Reason failureReason(MomoReason reason) {
        if (reason == null || reason.code() == null || reason.code().isBlank()) {
            return new Reason(FAILED_WITHOUT_REASON, "MoMo reported FAILED without a reason");
        }
        return new Reason(reason.code(), reason.message());
    }

    static String describe(MomoResult<?> result) {
        if (result instanceof MomoResult.Ambiguous<?> ambiguous) {
            return ambiguous.kind() + (ambiguous.detail() == null ? "" : ": " + ambiguous.detail());
        }
        if (result instanceof MomoResult.Unavailable<?> unavailable) {
            return "HTTP " + unavailable.status() + (unavailable.code() == null ? "" : " " + unavailable.code());
        }
        return result.getClass().getSimpleName();
    }
}
