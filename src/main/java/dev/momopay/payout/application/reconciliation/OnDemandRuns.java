package dev.momopay.payout.application.reconciliation;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.reconciliation.Period;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.persistence.ReconciliationRepository;
import dev.momopay.payout.persistence.ReconciliationRepository.Created;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** A run an operator asks for: its period checked and created, or the running run of the same period returned. */
@ApplicationScoped
public class OnDemandRuns {

    /** What came of a request: a run (new or the one already running), or why it was refused. */
    public sealed interface Answer {
        record Accepted(Created created) implements Answer {
        }

        record Refused(String message) implements Answer {
        }
    }

    private final ReconciliationRepository runs;
    private final MomoClients clients;
    private final Reconciler reconciler;
    private final ZoneId zone;
    private final Clock clock;

    public OnDemandRuns(ReconciliationRepository runs, MomoClients clients, Reconciler reconciler,
            PayoutConfig config) {
        this.runs = runs;
        this.clients = clients;
        this.reconciler = reconciler;
        this.zone = config.reconciliation().zone();
        this.clock = Clock.systemUTC();
    }

    /**
     * {@code from} and {@code to}: ISO-8601 instants, or dates (a date is its start in the reconciliation zone, so
     * from 2026-12-01 to 2026-12-02 is the first of December). {@code account} null or blank covers every account.
     */
    public Answer request(String from, String to, String account, String requestedBy) {
        if (from == null || from.isBlank() || to == null || to.isBlank()) {
            return new Answer.Refused("from and to are required (ISO-8601 instants or dates)");
        }
        Instant start = parse(from.trim());
        Instant end = parse(to.trim());
        if (start == null) {
            return new Answer.Refused("from is not an ISO-8601 instant or date: " + clip(from));
        }
        if (end == null) {
            return new Answer.Refused("to is not an ISO-8601 instant or date: " + clip(to));
        }
        if (!start.isBefore(end)) {
            return new Answer.Refused("from must be before to");
        }
        if (end.isAfter(clock.instant())) {
            return new Answer.Refused("to is in the future: only a period that has ended can be reconciled");
        }
        if (Duration.between(start, end).compareTo(Period.LONGEST) > 0) {
            return new Answer.Refused("a run covers at most " + Period.LONGEST.toDays() + " days; ask for several");
        }
        String scope = account == null || account.isBlank() ? null : account.trim();
        if (scope != null && !clients.accountNames().contains(scope)) {
            return new Answer.Refused("unknown MoMo account '" + clip(scope) + "'; configured accounts: "
                    + clients.accountNames());
        }
        Created created = runs.create(new Period(start, end), scope, false, requestedBy);
        if (created.isNew()) {
            reconciler.wakeUp();
        }
        return new Answer.Accepted(created);
    }

    private Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDate.parse(text).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String clip(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
