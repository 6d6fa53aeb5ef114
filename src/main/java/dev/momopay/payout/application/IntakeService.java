package dev.momopay.payout.application;

import dev.momopay.payout.application.IncomingCommand.DeadLetter;
import dev.momopay.payout.application.IncomingCommand.DeadLetterReason;
import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.CommandFingerprint;
import dev.momopay.payout.domain.CommandValidator;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.domain.RawPayoutCommand;
import dev.momopay.payout.domain.Validation;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.persistence.ExistingPayout;
import dev.momopay.payout.persistence.HistoryLine;
import dev.momopay.payout.persistence.HistoryRepository;
import dev.momopay.payout.persistence.NewPayout;
import dev.momopay.payout.persistence.OutboxRepository;
import dev.momopay.payout.persistence.OutcomeEventRecord;
import dev.momopay.payout.persistence.PayoutRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Takes in one batch of commands in one database transaction. A new reference becomes a RECEIVED payout (or a
 * REJECTED one, with its outcome event, when its content breaks the contract). A reference seen before is compared by
 * fingerprint: the same command again changes nothing (a finished payout's stored outcome is queued again); other
 * content under the same reference is an idempotency conflict for the dead-letter topic, and the original payout is
 * left untouched. The whole method is idempotent, so a batch whose commit or dead-lettering failed can simply run
 * again.
 */
@ApplicationScoped
public class IntakeService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PayoutRepository payouts;
    private final HistoryRepository history;
    private final OutboxRepository outbox;
    private final OutcomeEventFactory events;
    private final CommandValidator validator;

    public IntakeService(PayoutRepository payouts, HistoryRepository history, OutboxRepository outbox,
            OutcomeEventFactory events, MomoClients momoClients, PayoutConfig config) {
        this.payouts = payouts;
        this.history = history;
        this.outbox = outbox;
        this.events = events;
        this.validator = new CommandValidator(name -> momoClients.accountNames().contains(name),
                config.safeguards().currencyAccounts());
    }

    /** What a batch led to. */
    public record IntakeResult(int received, int rejected, int duplicates, List<DeadLetter> deadLetters) {
    }

    @Transactional
    public IntakeResult takeIn(List<IncomingCommand> batch) {
        List<DeadLetter> deadLetters = new ArrayList<>();
        Map<UUID, Candidate> firstByReference = new LinkedHashMap<>();
        List<Candidate> repeats = new ArrayList<>();
        for (IncomingCommand incoming : batch) {
            if (incoming instanceof IncomingCommand.Unreadable unreadable) {
                deadLetters.add(new DeadLetter(unreadable.source(), unreadable.reason(), unreadable.detail()));
            } else if (incoming instanceof IncomingCommand.Readable readable) {
                Candidate candidate = candidate(readable);
                if (firstByReference.putIfAbsent(candidate.referenceId(), candidate) != null) {
                    repeats.add(candidate);
                }
            }
        }

        List<NewPayout> rows = firstByReference.values().stream().map(Candidate::row).toList();
        Set<UUID> inserted = payouts.insertIfAbsent(rows);

        List<HistoryLine> lines = new ArrayList<>();
        List<OutcomeEventRecord> rejectedEvents = new ArrayList<>();
        int received = 0;
        int rejected = 0;
        List<Candidate> seenBefore = new ArrayList<>(repeats);
        for (Candidate candidate : firstByReference.values()) {
            if (!inserted.contains(candidate.referenceId())) {
                seenBefore.add(candidate);
            } else if (candidate.rejectedEvent() != null) {
                rejected++;
                rejectedEvents.add(candidate.rejectedEvent());
                lines.add(new HistoryLine(candidate.referenceId(), null, PayoutStatus.REJECTED, null,
                        candidate.row().reasonCode(), candidate.row().reasonMessage()));
            } else {
                received++;
                lines.add(new HistoryLine(candidate.referenceId(), null, PayoutStatus.RECEIVED, null, null,
                        "command from " + candidate.row().sourceTopic()));
            }
        }

        int duplicates = 0;
        List<UUID> republish = new ArrayList<>();
        Map<UUID, ExistingPayout> existing = new HashMap<>();
        for (ExistingPayout payout : payouts.findExisting(
                seenBefore.stream().map(Candidate::referenceId).distinct().toList())) {
            existing.put(payout.referenceId(), payout);
        }
        for (Candidate candidate : seenBefore) {
            ExistingPayout original = existing.get(candidate.referenceId());
            if (!candidate.sameAs(original)) {
                deadLetters.add(new DeadLetter(candidate.source(), DeadLetterReason.IDEMPOTENCY_CONFLICT,
                        "referenceId " + candidate.referenceId() + " is already used by a payout with different "
                                + "content; the original payout is left untouched"));
            } else {
                duplicates++;
                if (original.status().isTerminal() && original.outcomeEventId() != null) {
                    republish.add(original.outcomeEventId());
                }
            }
        }

        history.append(lines);
        outbox.storeAndQueue(rejectedEvents);
        outbox.queue(republish);
        return new IntakeResult(received, rejected, duplicates, deadLetters);
    }

    private record Candidate(IncomingCommand.SourceRecord source, NewPayout row, OutcomeEventRecord rejectedEvent,
            String fingerprintAsSent) {
        UUID referenceId() {
            return row.referenceId();
        }

        /** The stored command: the same fingerprint, or one stored before amounts were compared as decimals. */
        boolean sameAs(ExistingPayout original) {
            return original.fingerprint().equals(row.fingerprint()) || original.fingerprint().equals(fingerprintAsSent);
        }
    }

    private Candidate candidate(IncomingCommand.Readable readable) {
        RawPayoutCommand raw = readable.command();
        Validation verdict = validator.validate(raw);
        PayoutStatus status = PayoutStatus.RECEIVED;
        String reasonCode = null;
        String reasonMessage = null;
        OutcomeEventRecord rejectedEvent = null;
        if (verdict instanceof Validation.Invalid invalid) {
            status = PayoutStatus.REJECTED;
            reasonCode = invalid.code().name();
            reasonMessage = invalid.message();
            rejectedEvent = events.create(raw.referenceId(), raw.operation(), status, storable(raw.amount()),
                    storable(raw.currency()), storable(raw.externalId()), null, invalid.reason());
        }
        IncomingCommand.SourceRecord source = readable.source();
        NewPayout row = new NewPayout(raw.referenceId(), raw.operation(), storable(validator.resolveAccount(raw)),
                storable(raw.amount()), storable(raw.currency()), storable(raw.externalId()),
                storable(raw.payeePartyIdType()), storable(raw.payeePartyId()), storable(raw.payerMessage()),
                storable(raw.payeeNote()), storable(raw.referenceIdToRefund()), storable(raw.expectedPayeeName()),
                CommandFingerprint.of(raw), status,
                reasonCode, storable(reasonMessage), newCallbackToken(),
                rejectedEvent == null ? null : rejectedEvent.eventId(), source.topic(), source.partition(),
                source.offset(), source.trace() == null ? null : source.trace().value());
        return new Candidate(source, row, rejectedEvent, CommandFingerprint.asSent(raw));
    }

    /** PostgreSQL text cannot hold NUL; a rejected command is stored with it replaced, never refused by the database. */
    private static String storable(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }

    private static String newCallbackToken() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
