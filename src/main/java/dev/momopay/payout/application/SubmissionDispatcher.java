package dev.momopay.payout.application;

import dev.momopay.payout.observability.PayoutLogContext;
import dev.momopay.payout.application.controls.SubmissionControls;
import dev.momopay.payout.application.safeguards.AccountBreakers;
import dev.momopay.payout.application.safeguards.ConfigurationHolds;
import dev.momopay.payout.application.safeguards.FloatGuard;
import dev.momopay.payout.application.safeguards.PayeeCheck;
import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.Decision;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.momo.AmbiguityKind;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.persistence.ClaimedPayout;
import dev.momopay.payout.persistence.HistoryLine;
import dev.momopay.payout.persistence.HistoryRepository;
import dev.momopay.payout.persistence.PayoutRepository;
import dev.momopay.payout.persistence.PayoutRepository.SubmissionKind;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Drives submissions from the database, one MoMo account at a time, within the account's circuit breaker,
 * configuration hold and bulkhead. Two leases per round:
 * <ul>
 *   <li>payouts no earlier attempt of which may have executed, within the account's POST rate: the float is
 *       reserved and the intent to POST (one more attempt, its time) is committed in the lease transaction, then each
 *       is POSTed; a payee check, where configured, runs first and its payout's intent is committed after it;</li>
 *   <li>payouts an earlier attempt of which may have executed (an ambiguous answer, or a lease taken over from a
 *       replica that may have POSTed), within the account's status-check rate: MoMo is asked for the status first,
 *       and the same reference is POSTed again (its intent committed, with a POST permit) only when the decisions
 *       say so.</li>
 * </ul>
 * MoMo is called outside any transaction, always with the payout's own reference.
 */
@Singleton
public class SubmissionDispatcher extends WorkLoop {

    private static final Logger LOG = Logger.getLogger(SubmissionDispatcher.class);
    /** The next round after one that leased work, or while a breaker or hold keeps an account waiting. */
    private static final Duration BUSY_WAIT = Duration.ofMillis(500);

    private final PayoutRepository payouts;
    private final HistoryRepository history;
    private final RateLimitedLeases leases;
    private final MomoClients clients;
    private final MomoGateway gateway;
    private final OutcomeDecisions decisions;
    private final CallCompletion completion;
    private final AccountBreakers breakers;
    private final ConfigurationHolds holds;
    private final PayeeCheck payeeCheck;
    private final FloatGuard floatGuard;
    private final SubmissionControls submissionControls;
    private final PayoutConfig.Submission settings;
    private final double postRate;
    private final double statusRate;
    private final IdleAccounts idle;

    public SubmissionDispatcher(PayoutRepository payouts, HistoryRepository history, RateLimitedLeases leases,
            MomoClients clients, MomoGateway gateway, OutcomeDecisions decisions, CallCompletion completion,
            AccountBreakers breakers, ConfigurationHolds holds, PayeeCheck payeeCheck, FloatGuard floatGuard,
            SubmissionControls submissionControls, PayoutConfig config) {
        super("payout-submission");
        this.submissionControls = submissionControls;
        this.payouts = payouts;
        this.history = history;
        this.leases = leases;
        this.clients = clients;
        this.gateway = gateway;
        this.decisions = decisions;
        this.completion = completion;
        this.breakers = breakers;
        this.holds = holds;
        this.payeeCheck = payeeCheck;
        this.floatGuard = floatGuard;
        this.settings = config.submission();
        this.postRate = config.safeguards().protection().postRateLimit();
        this.statusRate = config.statusRateLimit();
        this.idle = new IdleAccounts(BUSY_WAIT, config.sweepInterval(), payouts::untilNextSubmission);
    }

    /** What a first-attempt lease hands over: payouts to POST now, to check the payee of, and held by the float. */
    private record FirstRound(List<ClaimedPayout> post, List<ClaimedPayout> checkPayee, List<ClaimedPayout> held) {
        int size() {
            return post.size() + checkPayee.size() + held.size();
        }
    }

    @Override
    protected Duration runRound() {
        if (completion.backlogged()) {
            return Duration.ofMillis(200);
        }
        boolean dueLeft = false;
        Duration wait = idle.longest();
        for (String account : clients.accountNames()) {
            Optional<Duration> idleFor = idle.sleepFor(account);
            if (idleFor.isPresent()) {
                wait = shorter(wait, idleFor.get());
                continue;
            }
            int allowed = breakers.submissionAllowance(account, settings.batchSize());
            if (allowed > 0) {
                allowed = holds.submissionAllowance(account, allowed);
                if (allowed == 0) {
                    breakers.probeUnused(account);
                }
            }
            if (allowed == 0) {
                wait = shorter(wait, BUSY_WAIT); // a breaker or a hold: look again soon
                continue;
            }
            RateLimitedLeases.Round<FirstRound> first = leases.lease(account, allowed,
                    new RateLimitedLeases.RateLimit("post:" + account, postRate),
                    limit -> payouts.countDueSubmissions(account, SubmissionKind.FIRST, limit),
                    (limit, token) -> payouts.claimForSubmission(account, SubmissionKind.FIRST, limit,
                            settings.lease(), token),
                    claimed -> firstAttemptsInLease(account, claimed));
            int left = allowed - first.leased();
            RateLimitedLeases.Round<List<ClaimedPayout>> followUps = left == 0
                    ? new RateLimitedLeases.Round<>(List.of(), 0, true)
                    : leases.lease(account, left, statusLimit(account),
                            limit -> payouts.countDueSubmissions(account, SubmissionKind.FOLLOW_UP, limit),
                            (limit, token) -> payouts.claimForSubmission(account, SubmissionKind.FOLLOW_UP, limit,
                                    settings.lease(), token),
                            claimed -> claimed);
            dueLeft |= first.dueLeft() || followUps.dueLeft();
            if (first.leased() + followUps.leased() == 0) {
                breakers.probeUnused(account);
                holds.probeUnused(account);
                if (!first.dueLeft() && !followUps.dueLeft()) {
                    wait = shorter(wait, idle.foundNothing(account));
                }
            } else {
                idle.leased(account);
                wait = shorter(wait, BUSY_WAIT);
            }
            first.result().held().forEach(p -> completion.finish(p, null,
                    decisions.hold(p, floatGuard.holdRecheck())));
            first.result().post().forEach(p -> run(p, post(p)));
            first.result().checkPayee().forEach(p -> run(p, checkPayeeThenPost(p)));
            followUps.result().forEach(p -> run(p, followUp(p)));
        }
        return dueLeft ? Duration.ofMillis(Math.max(5, (long) (1000 / postRate))) : wait;
    }

    /** Whatever woke the loop (new work taken in, a callback, a float refresh) may concern an idle account. */
    @Override
    public void wakeUp() {
        idle.lookAgain();
        super.wakeUp();
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private RateLimitedLeases.RateLimit statusLimit(String account) {
        return new RateLimitedLeases.RateLimit("status:" + account, statusRate);
    }

    /**
     * In the lease transaction: history lines for payouts now SUBMITTING, the velocity limits and duplicate hold, the
     * float reservation, and the POST intent of every payout that goes out without a payee check.
     */
    private FirstRound firstAttemptsInLease(String account, List<ClaimedPayout> claimed) {
        if (claimed.isEmpty()) {
            return new FirstRound(List.of(), List.of(), List.of());
        }
        history.append(claimed.stream()
                .filter(p -> p.previousStatus() != p.status())
                .map(p -> new HistoryLine(p.referenceId(), p.previousStatus(), p.status(), null, null,
                        "leased for submission"))
                .toList());
        Set<UUID> stopped = submissionControls.holdBack(account, claimed);
        List<ClaimedPayout> direct = new ArrayList<>();
        List<ClaimedPayout> checkPayee = new ArrayList<>();
        for (ClaimedPayout payout : claimed) {
            if (!stopped.contains(payout.referenceId())) {
                (needsPayeeCheck(payout) ? checkPayee : direct).add(payout);
            }
        }
        Set<UUID> heldRefs = floatGuard.reserve(account, direct);
        List<ClaimedPayout> held = direct.stream().filter(p -> heldRefs.contains(p.referenceId())).toList();
        List<ClaimedPayout> post = payouts.recordPostIntents(
                direct.stream().filter(p -> !heldRefs.contains(p.referenceId())).toList());
        return new FirstRound(post, checkPayee, held);
    }

    /** The payee is checked once, before the first attempt; a parked (UNRESOLVED) payout is left to MoMo's answer. */
    private boolean needsPayeeCheck(ClaimedPayout payout) {
        return payout.snapshot().postAttempts() == 0 && payout.status() != PayoutStatus.UNRESOLVED
                && payeeCheck.appliesTo(payout);
    }

    private void run(ClaimedPayout payout, Uni<Runnable> work) {
        work.subscribe().with(Runnable::run, failure -> {
            try (PayoutLogContext context = PayoutLogContext.of(payout.referenceId(), payout.account())) {
                LOG.errorf("unexpected failure while submitting payout %s: %s", payout.referenceId(), failure);
            }
            completion.finish(payout, null, decisions.update(payout, new Decision.CheckStatus(
                    decisions.decider().policy().ambiguousGrace(), "unexpected failure in the worker: " + failure,
                    false, true), false));
        });
    }

    /** POSTs a payout whose intent is committed, and finishes the call with the decision on MoMo's answer. */
    private Uni<Runnable> post(ClaimedPayout payout) {
        return gateway.submit(payout)
                .onFailure().recoverWithItem(f -> new MomoResult.Ambiguous<>(AmbiguityKind.SERVER_ERROR, f.toString()))
                .map(result -> () -> completion.finish(payout, result, decisions.afterPost(payout, result)));
    }

    private Uni<Runnable> checkPayeeThenPost(ClaimedPayout payout) {
        return payeeCheck.check(payout).onItem().transformToUni(verdict -> {
            if (verdict instanceof PayeeCheck.Verdict.Reject reject) {
                return done(() -> completion.finish(payout, null,
                        decisions.rejectBeforeMoney(payout, reject.code().name(), reject.message())));
            }
            if (verdict instanceof PayeeCheck.Verdict.Postpone postpone) {
                return done(() -> completion.finish(payout, null, decisions.postpone(payout, postpone.detail())));
            }
            Optional<ClaimedPayout> withIntent = QuarkusTransaction.requiringNew().call(() -> {
                if (!floatGuard.reserve(payout.account(), List.of(payout)).isEmpty()) {
                    return Optional.<ClaimedPayout>empty();
                }
                return payouts.recordPostIntents(List.of(payout)).stream().findFirst();
            });
            if (withIntent.isPresent()) {
                return post(withIntent.get());
            }
            return done(() -> completion.finish(payout, null, decisions.hold(payout, floatGuard.holdRecheck())));
        });
    }

    /** An earlier attempt may have executed: ask MoMo first, and POST again only when the decisions say so. */
    private Uni<Runnable> followUp(ClaimedPayout payout) {
        return gateway.status(payout).onItem().transformToUni(result -> {
            Decision decision = decisions.afterStatus(payout, result);
            if (!(decision instanceof Decision.Post)) {
                return done(() -> completion.finish(payout, result, decisions.update(payout, decision, true)));
            }
            Optional<List<ClaimedPayout>> intent = leases.withPermit(
                    new RateLimitedLeases.RateLimit("post:" + payout.account(), postRate),
                    () -> payouts.recordPostIntents(List.of(payout)));
            if (intent.isEmpty()) {
                // No POST permit now: come back shortly; the 404 run goes on.
                return done(() -> completion.finish(payout, result, decisions.update(payout,
                        new Decision.CheckStatus(Duration.ofMillis(Math.max(5, (long) (1000 / postRate))), null,
                                true, false), true)));
            }
            if (intent.get().isEmpty()) {
                return done(() -> completion.abandon(payout)); // the lease was taken over: the new owner decides
            }
            return post(intent.get().get(0));
        });
    }

    private static Uni<Runnable> done(Runnable finish) {
        return Uni.createFrom().item(finish);
    }
}
