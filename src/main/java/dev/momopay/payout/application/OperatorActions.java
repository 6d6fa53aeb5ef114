package dev.momopay.payout.application;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.Decision;
import dev.momopay.payout.domain.PayoutDecider;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.domain.ProviderAnswer;
import dev.momopay.payout.messaging.OutboxRelay;
import dev.momopay.payout.momo.AmbiguityKind;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.momo.ProviderAnswers;
import dev.momopay.payout.persistence.ClaimedPayout;
import dev.momopay.payout.persistence.OutboxRepository;
import dev.momopay.payout.persistence.PayoutQueries;
import dev.momopay.payout.persistence.PayoutRepository;
import dev.momopay.payout.persistence.PayoutUpdate;
import dev.momopay.payout.persistence.RateBucketRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What an operator may do to a payout, under the worker's money rules. "Poll now" and "resolve" lease the payout
 * like a worker round does (for longer than the call can take, so no round decides at the same time), ask MoMo for a
 * FRESH status with the payout's own reference (taking a permit from the account's shared status rate limit), and
 * write the result through the same decisions and fenced update as the worker. A terminal status is never invented:
 * MoMo's final status, or an operator's override of an UNRESOLVED payout, which needs MoMo's definitive answer (a 404
 * for a reference MoMo never acknowledged, and then only FAILED) or an explicit force, and is never allowed while
 * MoMo reports PENDING. What the answer says was stored is what was stored. Republishing queues the STORED outcome
 * event, never a rebuilt one.
 */
@ApplicationScoped
public class OperatorActions {

    private static final Set<PayoutStatus> POLLABLE = EnumSet.of(PayoutStatus.SUBMITTED, PayoutStatus.UNRESOLVED);

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
        /** A worker took the payout over while MoMo was asked: nothing was written. */
        NOT_STORED,
        /** The account's status-check rate limit has no permit left now; try again in a second. */
        RATE_LIMITED,
        NOT_FOUND,
        /** Republish: the stored event was queued again. */
        QUEUED
    }

    /** The outcome of an action: what happened, what MoMo said, and a sentence for the operator. */
    public record ActionOutcome(Result result, String momoAnswer, String message, UUID eventId) {
    }

    /** An override asked for by an operator: the final status they decided, why, and whether they force it. */
    public record Override(PayoutStatus status, String reason, String financialTransactionId, boolean force) {
    }

    private final PayoutRepository payouts;
    private final PayoutQueries queries;
    private final RateBucketRepository buckets;
    private final MomoGateway gateway;
    private final OutcomeDecisions decisions;
    private final CallCompletion completion;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final double ratePerSecond;
    private final double burst;
    private final Duration callTimeout;
    private final Duration lease;

    public OperatorActions(PayoutRepository payouts, PayoutQueries queries, RateBucketRepository buckets,
            MomoGateway gateway, OutcomeDecisions decisions, CallCompletion completion, OutboxRepository outbox,
            OutboxRelay relay, PayoutConfig config,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "momo.read-timeout",
                    defaultValue = "30s") Duration readTimeout) {
        this.payouts = payouts;
        this.queries = queries;
        this.buckets = buckets;
        this.gateway = gateway;
        this.decisions = decisions;
        this.completion = completion;
        this.outbox = outbox;
        this.relay = relay;
        this.ratePerSecond = config.statusRateLimit();
        this.burst = Math.max(1, Math.ceil(ratePerSecond / 2));
        // A token refresh, the call and its one retry: the lease outlives the longest wait, so no worker takes over.
        this.callTimeout = readTimeout.multipliedBy(3).plusSeconds(5);
        this.lease = callTimeout.plusSeconds(30);
    }

    /** Asks MoMo for the status of a SUBMITTED or UNRESOLVED payout now and applies the answer as a round would. */
    public ActionOutcome pollNow(UUID referenceId) {
        return act(referenceId, POLLABLE, null, Optional.empty(), false);
    }

    /** Resolves an UNRESOLVED payout: from a fresh MoMo status when it is final; otherwise by an allowed override. */
    public ActionOutcome resolve(UUID referenceId, String actor, Optional<Override> override) {
        return act(referenceId, EnumSet.of(PayoutStatus.UNRESOLVED), actor, override, true);
    }

    private record Lease(ClaimedPayout payout, boolean rateLimited) {
    }

    private ActionOutcome act(UUID referenceId, Set<PayoutStatus> statuses, String actor, Optional<Override> override,
            boolean resolving) {
        Optional<String> account = queries.find(referenceId).map(p -> p.account());
        if (account.isEmpty()) {
            return new ActionOutcome(Result.NOT_FOUND, null, "no payout with this referenceId", null);
        }
        String bucket = "status:" + account.get();
        Lease leased = QuarkusTransaction.requiringNew().call(() -> {
            if (buckets.take(bucket, 1, ratePerSecond, burst) == 0) {
                return new Lease(null, true);
            }
            Optional<ClaimedPayout> claimed = payouts.claimForOperator(referenceId, statuses, lease,
                    UUID.randomUUID());
            if (claimed.isEmpty()) {
                buckets.giveBack(bucket, 1, burst);
            }
            return new Lease(claimed.orElse(null), false);
        });
        if (leased.rateLimited()) {
            return new ActionOutcome(Result.RATE_LIMITED, null, "the status-check rate limit of account "
                    + account.get() + " has no permit left; try again in a second", null);
        }
        ClaimedPayout payout = leased.payout();
        if (payout == null) {
            return new ActionOutcome(Result.NOT_APPLICABLE, null, "the payout is not " + String.join(" or ",
                    statuses.stream().map(Enum::name).sorted().toList()) + ", or a worker round holds it right now",
                    null);
        }

        MomoResult<?> result;
        try {
            result = gateway.status(payout).await().atMost(callTimeout);
        } catch (RuntimeException e) {
            result = new MomoResult.Ambiguous<>(AmbiguityKind.READ_TIMEOUT,
                    "no answer within " + callTimeout.toSeconds() + " s");
        }
        ProviderAnswer answer = ProviderAnswers.of(result);
        String momoAnswer = PayoutDecider.describeAnswer(answer);
        Decision decision = decisions.afterStatus(payout, result);
        if (decision instanceof Decision.Post) {
            // MoMo does not know the reference: hand it to the submission path, which may POST it again.
            decision = new Decision.CheckStatus(Duration.ZERO, null, true, false);
        }
        PayoutUpdate update = decisions.update(payout, decision, true);
        boolean finalAtMomo = PayoutDecider.isFinal(answer);
        Result result0;
        String message;
        if (finalAtMomo) {
            if (actor != null) {
                update = update.withHistoryDetail(update.historyDetail() + " (resolve asked by " + actor + ")");
            }
            result0 = Result.RESOLVED_BY_MOMO;
            message = "MoMo reports " + ((ProviderAnswer.Status) answer).state() + "; the payout is concluded";
        } else if (resolving && override.isPresent()) {
            Optional<String> refusal = overrideRefusal(payout, answer, override.get());
            if (refusal.isPresent()) {
                result0 = Result.NOT_RESOLVED;
                message = refusal.get() + "; nothing was concluded";
            } else {
                Override decided = override.get();
                update = decisions.operatorOverride(payout, decided.status(), decided.financialTransactionId(),
                        actor, decided.reason(), momoAnswer, decided.force());
                result0 = Result.OVERRIDDEN;
                message = "concluded " + decided.status() + " by " + (decided.force() ? "forced " : "")
                        + "operator override (MoMo answered: " + momoAnswer + ")";
            }
        } else {
            result0 = resolving ? Result.NOT_RESOLVED : Result.CHECKED;
            message = "MoMo gave no final status (" + momoAnswer + ")"
                    + (resolving ? "; nothing was concluded (an override needs a status and a reason)" : "");
        }
        if (!completion.finishNow(payout, result, update)) {
            return new ActionOutcome(Result.NOT_STORED, momoAnswer, "a worker took the payout over meanwhile; "
                    + "nothing was written, look at the payout again", null);
        }
        if (update.event() != null) {
            relay.wakeUp();
        }
        return new ActionOutcome(result0, momoAnswer, message, update.event() == null ? null
                : update.event().eventId());
    }

    /** Why an override may not be applied after this answer, if it may not. */
    private static Optional<String> overrideRefusal(ClaimedPayout payout, ProviderAnswer answer, Override override) {
        if (answer instanceof ProviderAnswer.Status status && status.state() == ProviderAnswer.MomoState.PENDING) {
            return Optional.of("MoMo reports PENDING: money may still move, so no override is allowed, forced or not");
        }
        boolean definitiveAbsence = answer instanceof ProviderAnswer.NotFound && !payout.snapshot().momoAccepted();
        if (definitiveAbsence && override.status() == PayoutStatus.FAILED) {
            return Optional.empty();
        }
        if (override.force()) {
            return Optional.empty();
        }
        return Optional.of(definitiveAbsence
                ? "MoMo does not know the reference, which supports FAILED only; SUCCESSFUL needs force=true"
                : "MoMo gave no definitive answer (" + PayoutDecider.describeAnswer(answer) + "); an override "
                        + "then needs force=true with a reason");
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
