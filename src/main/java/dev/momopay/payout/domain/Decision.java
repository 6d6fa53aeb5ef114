package dev.momopay.payout.domain;

import java.time.Duration;
import java.util.Objects;

/** What to do with a payout after an answer (or before a call): the output of {@link PayoutDecider}. */
public sealed interface Decision {

    /** A line for the payout's history, or null when the round is routine (a poll that changed nothing). */
    String detail();

    /** True when the round made no progress: the retry back-off grows. */
    default boolean failedRound() {
        return false;
    }

    /** MoMo has the payout: follow its status, first after {@code checkIn}. */
    record Accept(Duration checkIn, String detail) implements Decision {
    }

    /**
     * Ask MoMo for the status after {@code in}. {@code notFound} says the answer was a 404 (it continues or starts
     * a run of them); {@code failedRound} that the answer decided nothing.
     */
    record CheckStatus(Duration in, String detail, boolean notFound, boolean failedRound) implements Decision {
    }

    /** POST now, with the payout's own reference. */
    record Post(String detail) implements Decision {
    }

    /**
     * Try again after {@code in} without any conclusion. {@code attemptNotExecuted}: the attempt just made
     * certainly did not execute (not sent, 429), so it does not count as one that may have.
     */
    record RetryLater(Duration in, String detail, boolean attemptNotExecuted) implements Decision {
        @Override
        public boolean failedRound() {
            return true;
        }
    }

    /** The account's configuration is refused by MoMo: hold the payout (never fail it) and look again later. */
    record Hold(Duration in, ConfigurationCause cause, String detail, boolean attemptNotExecuted)
            implements Decision {
        @Override
        public boolean failedRound() {
            return true;
        }
    }

    /**
     * MoMo refused an attempt that followed one that may have executed: the refusal proves nothing about the earlier
     * attempt. Keep asking for the status; the refusal stands only once 404s have lasted the confirmation window.
     */
    record AwaitConfirmation(Reason refusal, Duration in, String detail) implements Decision {
        public AwaitConfirmation {
            Objects.requireNonNull(refusal, "refusal");
        }
    }

    /**
     * The payout's one terminal outcome. {@code reportedByMomo}: MoMo itself reported this final status for the
     * reference (so MoMo has it), as opposed to a refusal, a confirmed absence or a person's decision.
     */
    record Conclude(PayoutStatus status, Reason reason, String financialTransactionId, String detail,
            boolean reportedByMomo) implements Decision {
        public Conclude(PayoutStatus status, Reason reason, String financialTransactionId, String detail) {
            this(status, reason, financialTransactionId, detail, false);
        }

        public Conclude {
            if (!status.isTerminal()) {
                throw new IllegalArgumentException("a conclusion is terminal, not " + status);
            }
            if (status == PayoutStatus.FAILED && (reason == null || reason.message() == null
                    || reason.message().isBlank())) {
                throw new IllegalArgumentException("a FAILED outcome carries a human reason message");
            }
        }
    }
}
