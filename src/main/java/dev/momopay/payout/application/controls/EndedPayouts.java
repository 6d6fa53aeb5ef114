package dev.momopay.payout.application.controls;

import dev.momopay.payout.application.OutcomeEventFactory;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.domain.Reason;
import dev.momopay.payout.persistence.HistoryLine;
import dev.momopay.payout.persistence.HistoryRepository;
import dev.momopay.payout.persistence.MoneyControlsRepository.Ended;
import dev.momopay.payout.persistence.OutboxRepository;
import dev.momopay.payout.persistence.OutcomeEventRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/** Writes what a control's ending of payouts needs in the same transaction: a history line and the outcome event. */
@ApplicationScoped
public class EndedPayouts {

    private final HistoryRepository history;
    private final OutboxRepository outbox;
    private final OutcomeEventFactory events;

    public EndedPayouts(HistoryRepository history, OutboxRepository outbox, OutcomeEventFactory events) {
        this.history = history;
        this.outbox = outbox;
        this.events = events;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(List<Ended> ended, PayoutStatus to, Reason reason, String detail) {
        List<HistoryLine> lines = new ArrayList<>(ended.size());
        List<OutcomeEventRecord> outcomes = new ArrayList<>(ended.size());
        for (Ended payout : ended) {
            lines.add(new HistoryLine(payout.referenceId(), payout.previousStatus(), to, null, reason.code(), detail));
            outcomes.add(events.create(payout.eventId(), payout.subject(), to, null, reason));
        }
        history.append(lines);
        outbox.storeAndQueue(outcomes);
    }
}
