package dev.momopay.payout.application;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.messaging.OutboxRelay;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.momo.dto.MomoTransactionStatus;
import dev.momopay.payout.momo.dto.TransferStatus;
import dev.momopay.payout.persistence.ClaimedPayout;
import dev.momopay.payout.persistence.OutboxRepository;
import dev.momopay.payout.persistence.PayoutQueries;
import dev.momopay.payout.persistence.PayoutRepository;
import dev.momopay.payout.persistence.PayoutUpdate;
import dev.momopay.payout.persistence.RateBucketRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What an operator may do to a payout, under the worker's money rules. "Poll now" and "resolve" lease the payout
 * like a worker round does (so no round decides at the same time), ask MoMo for a FRESH status with the payout's own
 * reference (taking a permit from the account's shared status rate limit), and write the result through the same
 * decisions and fenced update as the worker. A terminal status is never invented: only MoMo's final status, or an
 * operator override of an UNRESOLVED payout that MoMo could not settle, with a reason recorded in its history.
 * Republishing queues the STORED outcome event, never a rebuilt one.
 */
@ApplicationScoped
public class OperatorActions {

    private static final Set<String> POLLABLE = Set.of(PayoutStatus.SUBMITTED.name(), PayoutStatus.UNRESOLVED.name());
    private static final Duration LEASE = Duration.ofMinutes(1);

    /** How an operator action ended. */
    public enum Result {
        /** MoMo answered and the answer was written (the payout may or may not be final now). */
        CHECKED,
        /** MoMo's final status concluded the payout. */
        RESOLVED_BY_MOMO,
        /** The operator's override concluded the payout. */
        OVERRIDDEN,
        /** Nothing changed: MoMo gave no final status and no override was asked for, or it was refused. */
        NOT_RESOLVED,
        /** The payout is not in a state this action applies to, or a worker round holds it right now. */
        NOT_APPLICABLE,
        /** The account's status-check rate limit has no permit left now; try again in a second. */
        RATE_LIMITED,
        NOT_FOUND,
        /** Republish: the stored event was queued again. */
        QUEUED
    }

    /** The outcome of an action: what happened, what MoMo said, and a sentence for the operator. */
    public record ActionOutcome(Result result, String momoAnswer, String message, UUID eventId) {
    }

    /** An override asked for by an operator: the final status they decided and why. */
    public record Override(PayoutStatus status, String reason, String financialTransactionId) {
    }

    private final PayoutRepository payouts;
    private final PayoutQueries queries;
    private final RateBucketRepository buckets;
    private final MomoGateway gateway;
    private final OutcomeDecisions decisions;
    private final ResultWriter writer;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final double ratePerSecond;
    private final double burst;
    private final Duration callTimeout;

    public OperatorActions(PayoutRepository payouts, PayoutQueries queries, RateBucketRepository buckets,
            MomoGateway gateway, OutcomeDecisions decisions, ResultWriter writer, OutboxRepository outbox,
            OutboxRelay relay, PayoutConfig config,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "momo.read-timeout",
                    defaultValue = "30s") Duration readTimeout) {
        this.payouts = payouts;
        this.queries = queries;
        this.buckets = buckets;
        this.gateway = gateway;
        this.decisions = decisions;
        this.writer = writer;
        this.outbox = outbox;
        this.relay = relay;
        this.ratePerSecond = config.statusRateLimit();
        this.burst = Math.max(1, Math.ceil(ratePerSecond / 2));
        this.callTimeout = readTimeout.multipliedBy(3).plusSeconds(5);
    }

    /** Asks MoMo for the status of a SUBMITTED or UNRESOLVED payout now and applies the answer as a round would. */
    public ActionOutcome pollNow(UUID referenceId) {
        return act(referenceId, POLLABLE, null, false);
    }

    /**
     * Resolves an UNRESOLVED payout: from a fresh MoMo status when MoMo has a final one; otherwise, only when
     * {@code override} is given and MoMo does not report PENDING, with the operator's status and reason.
     */
    public ActionOutcome resolve(UUID referenceId, String actor, Optional<Override> override) {
        return act(referenceId, Set.of(PayoutStatus.UNRESOLVED.name()), actor, true, override);
    }

    private ActionOutcome act(UUID referenceId, Set<String> statuses, String actor, boolean resolving) {
        return act(referenceId, statuses, actor, resolving, Optional.empty());
    }

    private record Lease(ClaimedPayout payout, boolean rateLimited) {
    }

    private ActionOutcome act(UUID referenceId, Set<String> statuses, String actor, boolean resolving,
            Optional<Override> override) {
        Optional<String> account = queries.find(referenceId).map(p -> p.account());
        if (account.isEmpty()) {
            return new ActionOutcome(Result.NOT_FOUND, null, "no payout with this referenceId", null);
        }
        String bucket = "status:" + account.get();
        Lease lease = QuarkusTransaction.requiringNew().call(() -> {
            if (buckets.take(bucket, 1, ratePerSecond, burst) == 0) {
                return new Lease(null, true);
            }
            Optional<ClaimedPayout> claimed = payouts.claimForOperator(referenceId, statuses, LEASE,
                    UUID.randomUUID());
            if (claimed.isEmpty()) {
                buckets.giveBack(bucket, 1, burst);
            }
            return new Lease(claimed.orElse(null), false);
        });
        if (lease.rateLimited()) {
            return new ActionOutcome(Result.RATE_LIMITED, null, "the status-check rate limit of account "
                    + account.get() + " has no permit left; try again in a second", null);
        }
        ClaimedPayout payout = lease.payout();
        if (payout == null) {
            return new ActionOutcome(Result.NOT_APPLICABLE, null, "the payout is not " + String.join(" or ",
                    statuses.stream().sorted().toList()) + ", or a worker round holds it right now", null);
        }

        MomoResult<TransferStatus> answer;
        try {
            answer = gateway.status(payout).await().atMost(callTimeout);
        } catch (RuntimeException e) {
            answer = new MomoResult.Ambiguous<>(dev.momopay.payout.momo.AmbiguityKind.READ_TIMEOUT,
                    "no answer within " + callTimeout.toSeconds() + " s");
        }
        String momoAnswer = OutcomeDecisions.describeAnswer(answer);
        MomoTransactionStatus momoStatus = answer instanceof MomoResult.Ok<TransferStatus> ok && ok.body() != null
                ? ok.body().status() : null;
        boolean finalAtMomo = momoStatus == MomoTransactionStatus.SUCCESSFUL
                || momoStatus == MomoTransactionStatus.FAILED;

        PayoutUpdate update;
        Result result;
        String message;
        if (finalAtMomo || momoStatus == MomoTransactionStatus.PENDING || payout.momoAccepted()) {
            update = decisions.afterStatus(payout, answer);
            result = finalAtMomo ? Result.RESOLVED_BY_MOMO : resolving ? Result.NOT_RESOLVED : Result.CHECKED;
            message = finalAtMomo ? "MoMo reports " + momoStatus + "; the payout is concluded"
                    : "MoMo gave no final status (" + momoAnswer + ")";
        } else {
            // MoMo has not acknowledged this reference: hand it straight back to the submission path, which
            // decides (after its grace period) whether to POST the same reference again.
            update = new PayoutUpdate(payout.referenceId(), payout.claimToken(), payout.status(), payout.status(),
                    false, null, null, null, null, Duration.ZERO, false, false, false, null, null);
            result = resolving ? Result.NOT_RESOLVED : Result.CHECKED;
            message = "MoMo gave no final status (" + momoAnswer + ")";
        }
        if (resolving && finalAtMomo && actor != null) {
            update = withDetail(update, update.historyDetail() + " (resolve asked by " + actor + ")");
        }
        if (resolving && !finalAtMomo && override.isPresent()) {
            if (momoStatus == MomoTransactionStatus.PENDING) {
                message = "MoMo reports PENDING: money may still move, so no override is allowed; nothing changed";
            } else {
                Override decided = override.get();
                update = decisions.operatorOverride(payout, decided.status(), decided.financialTransactionId(),
                        actor, decided.reason(), momoAnswer);
                result = Result.OVERRIDDEN;
                message = "concluded " + decided.status() + " by operator override (MoMo answered: " + momoAnswer
                        + ")";
            }
        } else if (resolving && !finalAtMomo) {
            message += "; nothing changed (an override needs a status and a reason)";
        }
        boolean eventStored = writer.write(List.of(update));
        if (eventStored) {
            relay.wakeUp();
        }
        return new ActionOutcome(result, momoAnswer, message, update.event() == null ? null
                : update.event().eventId());
    }

    private static PayoutUpdate withDetail(PayoutUpdate u, String detail) {
        return new PayoutUpdate(u.referenceId(), u.claimToken(), u.expectedStatus(), u.newStatus(), u.momoAccepted(),
                u.momoStatus(), u.reasonCode(), u.reasonMessage(), u.financialTransactionId(), u.nextActionIn(),
                u.postSent(), u.statusChecked(), u.terminal(), detail, u.event());
    }

    /** Queues the payout's stored terminal outcome event for publishing again (same eventId, same body). */
    public ActionOutcome republish(UUID referenceId) {
        if (queries.find(referenceId).isEmpty()) {
            return new ActionOutcome(Result.NOT_FOUND, null, "no payout with this referenceId", null);
        }
        Optional<UUID> eventId = queries.outcomeEventId(referenceId);
        if (eventId.isEmpty()) {
            return new ActionOutcome(Result.NOT_APPLICABLE, null, "the payout has no terminal outcome event yet",
                    null);
        }
        QuarkusTransaction.requiringNew().run(() -> outbox.queue(List.of(eventId.get())));
        relay.wakeUp();
        return new ActionOutcome(Result.QUEUED, null, "the stored outcome event was queued again", eventId.get());
    }
}
