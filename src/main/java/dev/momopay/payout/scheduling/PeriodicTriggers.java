package dev.momopay.payout.scheduling;

import dev.momopay.payout.application.GiveUpService;
import dev.momopay.payout.application.RetentionService;
import dev.momopay.payout.application.controls.ApprovalService;
import dev.momopay.payout.application.controls.SubmissionControls;
import dev.momopay.payout.application.safeguards.FloatGuard;
import dev.momopay.payout.application.SubmissionDispatcher;
import dev.momopay.payout.http.ops.OpsKeys;
import dev.momopay.payout.messaging.OutboxRelay;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Thin periodic triggers of the work that is not a loop's own: give-up, float refresh, approval expiry, retention,
 * key reload. The loops time themselves (an account with payouts waiting is looked at every 0.5 s, an idle one every
 * {@code payout.sweep-interval}) and are woken when this instance takes in work or gets a callback.
 */
@ApplicationScoped
public class PeriodicTriggers {

    private final SubmissionDispatcher submissions;
    private final OutboxRelay relay;
    private final GiveUpService giveUp;
    private final FloatGuard floatGuard;
    private final OpsKeys opsKeys;
    private final ApprovalService approvals;
    private final SubmissionControls submissionControls;
    private final RetentionService retention;

    public PeriodicTriggers(SubmissionDispatcher submissions, OutboxRelay relay,
            GiveUpService giveUp, FloatGuard floatGuard, OpsKeys opsKeys, ApprovalService approvals,
            SubmissionControls submissionControls, RetentionService retention) {
        this.retention = retention;
        this.approvals = approvals;
        this.submissionControls = submissionControls;
        this.floatGuard = floatGuard;
        this.opsKeys = opsKeys;
        this.submissions = submissions;
        this.relay = relay;
        this.giveUp = giveUp;
    }

    @Scheduled(every = "${payout.safeguards.float-guard.refresh-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshFloats() {
        if (floatGuard.refresh()) {
            submissions.wakeUp();
        }
    }

    @Scheduled(every = "${payout.give-up-check-interval:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void parkOverduePayouts() {
        giveUp.parkOverduePayouts();
    }

    @Scheduled(every = "${payout.controls.approval.expiry-check-interval:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void moneyControls() {
        if (approvals.expireOverdue() > 0) {
            relay.wakeUp();
        }
        submissionControls.forgetOld();
    }

    @Scheduled(every = "${payout.retention.check-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retention() {
        retention.compactDue();
    }

    @Scheduled(every = "${payout.ops.key-reload-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reloadOpsKeys() {
        opsKeys.reloadDirectory();
    }
}
