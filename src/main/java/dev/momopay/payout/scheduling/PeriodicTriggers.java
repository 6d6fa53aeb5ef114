package dev.momopay.payout.scheduling;

import dev.momopay.payout.application.GiveUpService;
import dev.momopay.payout.application.controls.ApprovalService;
import dev.momopay.payout.application.controls.SubmissionControls;
import dev.momopay.payout.application.safeguards.FloatGuard;
import dev.momopay.payout.application.StatusCheckDispatcher;
import dev.momopay.payout.application.SubmissionDispatcher;
import dev.momopay.payout.http.ops.OpsKeys;
import dev.momopay.payout.messaging.OutboxRelay;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Thin periodic triggers. The loops also wake themselves, and each other, when work appears in this instance; these
 * triggers make sure work written by other replicas (or left by a crashed one) is picked up too.
 */
@ApplicationScoped
public class PeriodicTriggers {

    private final SubmissionDispatcher submissions;
    private final StatusCheckDispatcher statusChecks;
    private final OutboxRelay relay;
    private final GiveUpService giveUp;
    private final FloatGuard floatGuard;
    private final OpsKeys opsKeys;
    private final ApprovalService approvals;
    private final SubmissionControls submissionControls;

    public PeriodicTriggers(SubmissionDispatcher submissions, StatusCheckDispatcher statusChecks, OutboxRelay relay,
            GiveUpService giveUp, FloatGuard floatGuard, OpsKeys opsKeys, ApprovalService approvals,
            SubmissionControls submissionControls) {
        this.approvals = approvals;
        this.submissionControls = submissionControls;
        this.floatGuard = floatGuard;
        this.opsKeys = opsKeys;
        this.submissions = submissions;
        this.statusChecks = statusChecks;
        this.relay = relay;
        this.giveUp = giveUp;
    }

    @Scheduled(every = "${payout.sweep-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        submissions.wakeUp();
        statusChecks.wakeUp();
        relay.wakeUp();
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

    @Scheduled(every = "${payout.ops.key-reload-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reloadOpsKeys() {
        opsKeys.reloadDirectory();
    }
}
