package dev.momopay.payout.application;

import dev.momopay.payout.persistence.PayoutRepository;
import dev.momopay.payout.persistence.PayoutRepository.CallbackMatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Handles MoMo callbacks as hints only: a callback whose reference and secret match a payout still waiting for MoMo
 * makes that payout due for a status check now. The body is never trusted to decide an outcome; an unknown or forged
 * callback changes nothing, and a late one for a finished payout is acknowledged and ignored.
 */
@ApplicationScoped
public class CallbackService {

    private final PayoutRepository payouts;
    private final StatusCheckDispatcher statusChecks;
    private final SubmissionDispatcher submissions;

    public CallbackService(PayoutRepository payouts, StatusCheckDispatcher statusChecks,
            SubmissionDispatcher submissions) {
        this.payouts = payouts;
        this.statusChecks = statusChecks;
        this.submissions = submissions;
    }

    /** Returns what the callback matched; only a waiting payout is affected (it gets checked at once). */
    public CallbackMatch hint(UUID referenceId, String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 64) {
            return CallbackMatch.NONE;
        }
        CallbackMatch match = payouts.expediteStatusCheck(referenceId, secret);
        if (match == CallbackMatch.WAITING) {
            statusChecks.wakeUp();
            submissions.wakeUp();
        }
        return match;
    }
}
