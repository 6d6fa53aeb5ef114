package dev.momopay.payout.application;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.domain.Reason;
import dev.momopay.payout.persistence.HistoryLine;
import dev.momopay.payout.persistence.HistoryRepository;
import dev.momopay.payout.persistence.OutboxRepository;
import dev.momopay.payout.persistence.OutcomeEventRecord;
import dev.momopay.payout.persistence.PayoutRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Parks payouts that got no final answer within the give-up time as UNRESOLVED, with an UNRESOLVED event for
 * reconciliation. They are still followed (at the maximum polling interval), and a later final answer concludes them
 * with their one terminal event.
 */
@ApplicationScoped
public class GiveUpService {

    /** Reason code of an UNRESOLVED event. */
    public static final String NO_FINAL_STATUS = "NO_FINAL_STATUS";
    private static final int BATCH = 500;

    private final PayoutRepository payouts;
    private final HistoryRepository history;
    private final OutboxRepository outbox;
    private final OutcomeEventFactory events;
    private final PayoutConfig.Poll settings;

    public GiveUpService(PayoutRepository payouts, HistoryRepository history, OutboxRepository outbox,
            OutcomeEventFactory events, PayoutConfig config) {
        this.payouts = payouts;
        this.history = history;
        this.outbox = outbox;
        this.events = events;
        this.settings = config.poll();
    }

    /** Moves every overdue payout to UNRESOLVED; returns how many were moved. */
    public int parkOverduePayouts() {
        int total = 0;
        int moved;
        do {
            moved = QuarkusTransaction.requiringNew().call(this::parkOneBatch);
            total += moved;
        } while (moved == BATCH);
        return total;
    }

    private int parkOneBatch() {
        List<PayoutRepository.ParkedPayout> overdue = payouts.markUnresolved(settings.giveUpAfter(), settings.maxDelay(),
                BATCH);
        List<HistoryLine> lines = new ArrayList<>();
        List<OutcomeEventRecord> unresolved = new ArrayList<>();
        String message = "MoMo gave no final status within " + settings.giveUpAfter() + "; parked for reconciliation";
        for (PayoutRepository.ParkedPayout payout : overdue) {
            lines.add(new HistoryLine(payout.referenceId(), payout.previousStatus(), PayoutStatus.UNRESOLVED,
                    null, NO_FINAL_STATUS, message));
            unresolved.add(events.create(payout.subject(), PayoutStatus.UNRESOLVED, null,
                    new Reason(NO_FINAL_STATUS, message)));
        }
        history.append(lines);
        outbox.storeAndQueue(unresolved);
        return overdue.size();
    }
}
