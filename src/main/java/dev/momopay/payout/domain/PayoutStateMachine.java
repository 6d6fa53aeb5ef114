package dev.momopay.payout.domain;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one place that says which status a payout may move to. Every status write goes through it: the result
 * writer checks each fenced update with {@link #require}, decisions become statuses through {@link #next}, and the
 * SQL that moves payouts in bulk (leasing, giving up) is built from the sets below, which a test checks against
 * {@link PayoutStatus#canMoveTo}.
 */
public final class PayoutStateMachine {

    /** Statuses a submission lease moves to {@link PayoutStatus#SUBMITTING}. */
    public static final Set<PayoutStatus> LEASED_INTO_SUBMITTING = Collections.unmodifiableSet(
            EnumSet.of(PayoutStatus.RECEIVED));
    /** Statuses whose payouts wait for a POST (with UNRESOLVED ones MoMo never acknowledged). */
    public static final Set<PayoutStatus> AWAITING_SUBMISSION = Collections.unmodifiableSet(
            EnumSet.of(PayoutStatus.RECEIVED, PayoutStatus.SUBMITTING));
    /** Statuses whose payouts MoMo has, followed by status checks (with UNRESOLVED ones MoMo acknowledged). */
    public static final Set<PayoutStatus> AWAITING_STATUS = Collections.unmodifiableSet(
            EnumSet.of(PayoutStatus.SUBMITTED));
    /** Statuses the give-up sweep moves to {@link PayoutStatus#UNRESOLVED}. */
    public static final Set<PayoutStatus> GIVE_UP_FROM = Collections.unmodifiableSet(
            EnumSet.of(PayoutStatus.RECEIVED, PayoutStatus.SUBMITTING, PayoutStatus.SUBMITTED));
    /** Statuses in which the worker still has work to do with MoMo. */
    public static final Set<PayoutStatus> UNFINISHED = Collections.unmodifiableSet(EnumSet.of(PayoutStatus.RECEIVED,
            PayoutStatus.SUBMITTING, PayoutStatus.SUBMITTED, PayoutStatus.UNRESOLVED));
    /** Statuses in which a MoMo callback makes a payout due for a status check. */
    public static final Set<PayoutStatus> CALLBACK_EXPEDITES = Collections.unmodifiableSet(
            EnumSet.of(PayoutStatus.SUBMITTING, PayoutStatus.SUBMITTED, PayoutStatus.UNRESOLVED));

    /**
     * Statuses a cancel may end: a payout not POSTed yet. SUBMITTING only while no attempt may have executed and no
     * round holds it ({@link #cancellable}); the SQL of the cancel says the same.
     */
    public static final Set<PayoutStatus> CANCELLABLE = Collections.unmodifiableSet(EnumSet.of(
            PayoutStatus.RECEIVED, PayoutStatus.AWAITING_APPROVAL, PayoutStatus.SUBMITTING));

    private PayoutStateMachine() {
    }

    /**
     * Whether a cancel may end a payout now: it is in {@link #CANCELLABLE}, no POST that may have executed was made
     * for it (every attempt certainly did not execute), and no round holds it (a round may be POSTing right now).
     */
    public static boolean cancellable(PayoutStatus status, int postAttempts, int attemptsNotExecuted,
            boolean heldByRound) {
        return CANCELLABLE.contains(status) && postAttempts == attemptsNotExecuted && !heldByRound
                && status.canMoveTo(PayoutStatus.CANCELLED);
    }

    /** A move the transition table forbids. */
    public static final class IllegalTransition extends IllegalStateException {
        public IllegalTransition(PayoutStatus from, PayoutStatus to) {
            super("a payout may not move from " + from + " to " + to);
        }
    }

    /** Returns {@code to} if the table allows the move, else throws {@link IllegalTransition}. */
    public static PayoutStatus require(PayoutStatus from, PayoutStatus to) {
        if (!from.canMoveTo(to)) {
            throw new IllegalTransition(from, to);
        }
        return to;
    }

    /** The status a decision moves a payout to (checked against the table). */
    public static PayoutStatus next(PayoutStatus current, Decision decision) {
        PayoutStatus to;
        if (decision instanceof Decision.Accept) {
            to = current == PayoutStatus.UNRESOLVED ? PayoutStatus.UNRESOLVED : PayoutStatus.SUBMITTED;
        } else if (decision instanceof Decision.Conclude conclude) {
            to = conclude.status();
        } else {
            to = current;
        }
        return require(current, to);
    }

    /** Whether a payout waits for a POST; the SQL predicate of the submission lease says the same. */
    public static boolean awaitsSubmission(PayoutStatus status, boolean momoAccepted) {
        return AWAITING_SUBMISSION.contains(status) || (status == PayoutStatus.UNRESOLVED && !momoAccepted);
    }

    /** Whether a payout's status is followed with MoMo; the SQL predicate of the status lease says the same. */
    public static boolean awaitsStatusCheck(PayoutStatus status, boolean momoAccepted) {
        return AWAITING_STATUS.contains(status) || (status == PayoutStatus.UNRESOLVED && momoAccepted);
    }

    /** {@code 'A', 'B'} for an SQL IN list (enum names only: never input). */
    public static String sqlList(Set<PayoutStatus> statuses) {
        return String.join(", ", statuses.stream().sorted().map(s -> "'" + s.name() + "'").toList());
    }
}
