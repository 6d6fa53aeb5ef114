package dev.momopay.payout.persistence;

import dev.momopay.payout.domain.Operation;
import dev.momopay.payout.domain.PayoutCommand;
import dev.momopay.payout.domain.PayoutSnapshot;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.observability.TraceParent;
import java.time.Instant;
import java.util.UUID;

/**
 * A payout leased by this worker for one round of work (a submission, a status check or an operator's action).
 * {@code claimToken} fences the lease: a result is only written while the row still carries it.
 *
 * @param previousStatus the status before the lease (RECEIVED becomes SUBMITTING when leased for submission)
 * @param command        what is to be paid, exactly as stored at intake
 * @param snapshot       what the decisions need, as of the lease
 * @param trace          the trace context kept from the command, or {@code null} (tracing was off)
 */
public record ClaimedPayout(UUID claimToken, PayoutStatus previousStatus, PayoutCommand command,
        String callbackToken, PayoutSnapshot snapshot, Instant createdAt, TraceParent trace) {

    public UUID referenceId() {
        return command.referenceId();
    }

    public String account() {
        return command.account();
    }

    public Operation operation() {
        return command.operation();
    }

    /** What this payout's outcome events repeat. */
    public EventSubject eventSubject() {
        return new EventSubject(command.referenceId(), command.operation(), command.account(), command.amount(),
                command.currency(), command.externalId(), createdAt);
    }

    public PayoutStatus status() {
        return snapshot.status();
    }

    /** This payout once its POST intent is committed (one more attempt, stamped at the lease's clock). */
    public ClaimedPayout withPostIntent() {
        return new ClaimedPayout(claimToken, previousStatus, command, callbackToken, snapshot.withPostIntent(),
                createdAt, trace);
    }
}
