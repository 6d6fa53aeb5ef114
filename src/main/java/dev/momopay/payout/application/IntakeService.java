package dev.momopay.payout.application;

import dev.momopay.payout.application.IncomingCommand.DeadLetter;
import dev.momopay.payout.application.IncomingCommand.DeadLetterReason;
import dev.momopay.payout.application.controls.CancelService;
import dev.momopay.payout.application.controls.MoneyControlsSettings;
import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.CommandFingerprint;
import dev.momopay.payout.domain.CommandValidator;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.domain.RawPayoutCommand;
import dev.momopay.payout.domain.Reason;
import dev.momopay.payout.domain.Validation;
import dev.momopay.payout.domain.controls.Admission;
import dev.momopay.payout.domain.controls.MoneyControls;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.persistence.EventSubject;
import dev.momopay.payout.persistence.ExistingPayout;
import dev.momopay.payout.persistence.HistoryLine;
import dev.momopay.payout.persistence.HistoryRepository;
import dev.momopay.payout.persistence.MoneyControlsRepository;
import dev.momopay.payout.persistence.MoneyControlsRepository.CancelRequest;
import dev.momopay.payout.persistence.NewPayout;
import dev.momopay.payout.persistence.OutboxRepository;
import dev.momopay.payout.persistence.OutcomeEventRecord;
import dev.momopay.payout.persistence.PayoutRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Takes in one batch of commands in one database transaction. A new reference becomes a RECEIVED payout (or a
 * REJECTED one, with its outcome event, when its content breaks the contract; AWAITING_APPROVAL when the money
 * controls hold it for approval; CANCELLED when a cancel for its reference came first). A reference seen before is
 * compared by fingerprint: the same command again changes nothing (a finished payout's stored outcome is queued
 * again); other content under the same reference is an idempotency conflict for the dead-letter topic, and the
 * original payout is left untouched. The whole method is idempotent, so a batch whose commit or dead-lettering
 * failed can simply run again.
 */
@ApplicationScoped
public class IntakeService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PayoutRepository payouts;
    private final HistoryRepository history;
    private final OutboxRepository outbox;
    private final OutcomeEventFactory events;
    private final CommandValidator validator;
    private final MoneyControls moneyControls;
    private final MoneyControlsRepository controls;
    private final Duration approvalExpiry;

    public IntakeService(PayoutRepository payouts, HistoryRepository history, OutboxRepository outbox,
            OutcomeEventFactory events, MomoClients momoClients, PayoutConfig config,
            MoneyControlsRepository controls) {
        this.payouts = payouts;
        this.history = history;
        this.outbox = outbox;
        this.events = events;
        this.controls = controls;
        this.validator = new CommandValidator(name -> momoClients.accountNames().contains(name),
                config.safeguards().currencyAccounts());
        this.moneyControls = MoneyControlsSettings.of(config.controls());
        this.approvalExpiry = config.controls().approval().expiry();
    }

    /** What a batch led to. */
    public record IntakeResult(int received, int awaitingApproval, int rejected, int cancelled, int duplicates,
            List<DeadLetter> deadLetters) {
    }

    @Transactional
    public IntakeResult takeIn(List<IncomingCommand> batch) {
        List<DeadLetter> deadLetters = new ArrayList<>();
        List<IncomingCommand.Readable> readables = new ArrayList<>();
        for (IncomingCommand incoming : batch) {
            if (incoming instanceof IncomingCommand.Unreadable unreadable) {
                deadLetters.add(new DeadLetter(unreadable.source(), unreadable.reason(), unreadable.detail()));
            } else if (incoming instanceof IncomingCommand.Readable readable) {
                readables.add(readable);
            }
        }
        // Locked before the cancels are read: a cancel of the same reference waits for this batch, or this batch for
        // it, so a command and its cancel never miss each other.
        Set<UUID> references = new TreeSet<>();
        readables.forEach(readable -> references.add(readable.command().referenceId()));
        controls.lockReferences(references);
        Map<UUID, CancelRequest> cancels = controls.cancelRequests(references);
        Instant now = Instant.now();
        Map<UUID, Candidate> firstByReference = new LinkedHashMap<>();
        List<Candidate> repeats = new ArrayList<>();
        for (IncomingCommand.Readable readable : readables) {
            Candidate candidate = candidate(readable, cancels.get(readable.command().referenceId()), now);
            if (firstByReference.putIfAbsent(candidate.referenceId(), candidate) != null) {
                repeats.add(candidate);
            }
        }

        List<NewPayout> rows = firstByReference.values().stream().map(Candidate::row).toList();
        Set<UUID> inserted = payouts.insertIfAbsent(rows, approvalExpiry);

        List<HistoryLine> lines = new ArrayList<>();
        List<OutcomeEventRecord> endedEvents = new ArrayList<>();
        Map<PayoutStatus, Integer> counts = new EnumMap<>(PayoutStatus.class);
        List<Candidate> seenBefore = new ArrayList<>(repeats);
        for (Candidate candidate : firstByReference.values()) {
            if (!inserted.contains(candidate.referenceId())) {
                seenBefore.add(candidate);
                continue;
            }
            PayoutStatus status = candidate.row().status();
            counts.merge(status, 1, Integer::sum);
            if (candidate.endedEvent() != null) {
                endedEvents.add(candidate.endedEvent());
            }
            lines.add(new HistoryLine(candidate.referenceId(), null, status, null, candidate.row().reasonCode(),
                    candidate.detail()));
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
        outbox.storeAndQueue(endedEvents);
        outbox.queue(republish);
        return new IntakeResult(counts.getOrDefault(PayoutStatus.RECEIVED, 0),
                counts.getOrDefault(PayoutStatus.AWAITING_APPROVAL, 0), counts.getOrDefault(PayoutStatus.REJECTED, 0),
                counts.getOrDefault(PayoutStatus.CANCELLED, 0), duplicates, deadLetters);
    }

    /** {@code endedEvent}: the outcome of a payout ended at intake; {@code detail}: its first history line. */
    private record Candidate(IncomingCommand.SourceRecord source, NewPayout row, OutcomeEventRecord endedEvent,
            String detail, String fingerprintAsSent) {
        UUID referenceId() {
            return row.referenceId();
        }

        /** The stored command: the same fingerprint, or one stored before amounts were compared as decimals. */
        boolean sameAs(ExistingPayout original) {
            return original.fingerprint().equals(row.fingerprint()) || original.fingerprint().equals(fingerprintAsSent);
        }
    }

    private Candidate candidate(IncomingCommand.Readable readable, CancelRequest cancel, Instant now) {
        RawPayoutCommand raw = readable.command();
        IncomingCommand.SourceRecord source = readable.source();
        String account = validator.resolveAccount(raw);
        Optional<Instant> notBefore = CommandValidator.notBefore(raw);
        PayoutStatus status = PayoutStatus.RECEIVED;
        Reason ending = null;
        String detail = "command from " + source.topic();
        int approvers = 0;
        Validation verdict = validator.validate(raw);
        if (verdict instanceof Validation.Invalid invalid) {
            status = PayoutStatus.REJECTED;
            ending = invalid.reason();
        } else if (cancel != null) {
            status = PayoutStatus.CANCELLED;
            ending = CancelService.reason(cancel);
        } else {
            Admission admission = moneyControls.admit(account, raw.currency(), raw.amount(), notBefore, now);
            if (admission instanceof Admission.Reject reject) {
                status = PayoutStatus.REJECTED;
                ending = new Reason(reject.code().name(), reject.message());
            } else if (admission instanceof Admission.AwaitApproval await) {
                status = PayoutStatus.AWAITING_APPROVAL;
                approvers = await.approvers();
                detail += "; waits for approval: " + await.why();
            } else if (admission instanceof Admission.Release release && release.notBefore() != null) {
                detail += "; scheduled: no MoMo call before " + release.notBefore();
            }
        }
        OutcomeEventRecord endedEvent = null;
        if (ending != null) {
            detail = ending.message();
            endedEvent = events.create(new EventSubject(raw.referenceId(), raw.operation(), storable(account),
                    storable(raw.amount()), storable(raw.currency()), storable(raw.externalId()), Instant.now()),
                    status, null, ending);
        }
        NewPayout row = new NewPayout(raw.referenceId(), raw.operation(), storable(account),
                storable(raw.amount()), storable(raw.currency()), storable(raw.externalId()),
                storable(raw.payeePartyIdType()), storable(raw.payeePartyId()), storable(raw.payerMessage()),
                storable(raw.payeeNote()), storable(raw.referenceIdToRefund()), storable(raw.expectedPayeeName()),
                CommandFingerprint.of(raw), status,
                ending == null ? null : ending.code(), ending == null ? null : storable(ending.message()),
                newCallbackToken(), endedEvent == null ? null : endedEvent.eventId(), source.topic(),
                source.partition(), source.offset(), source.trace() == null ? null : source.trace().value(),
                notBefore.orElse(null), approvers);
        return new Candidate(source, row, endedEvent, storable(detail), CommandFingerprint.asSent(raw));
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
