package dev.momopay.payout.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momopay.payout.application.IncomingCommand;
import dev.momopay.payout.application.IncomingCommand.SourceRecord;
import dev.momopay.payout.domain.CommandFingerprint;
import dev.momopay.payout.domain.Operation;
import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.ledger.TransactionView;
import dev.momopay.payout.messaging.CommandParser;
import java.io.IOException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Evaluates the invariants INV-1..INV-8 of the fault scenarios (shared notes, section 1.6) against the three
 * witnesses that do not depend on the worker's own account of itself: the MoMo simulator's ledger, the database
 * (tables {@code payout}, {@code payout_history}, {@code payout_event}, {@code outbox_event}) and the outcome and
 * dead-letter topics as recorded from their start.
 *
 * <p>A scenario sends its command records through {@link #send}, so the checker knows every record that went in;
 * the checks are scoped to those records' references (several scenarios share one database and one broker), except
 * INV-6, which covers every transaction in the given simulator's ledger. Call {@link #awaitQuiet} after the faults
 * stopped: it waits until the system is quiet (or the bound passes) and then evaluates everything.
 */
public final class InvariantChecker {

    public static final String OUTCOMES = "payouts.outcomes";
    public static final String DLQ = "payouts.commands.dlq";
    private static final Set<String> TERMINAL = Set.of("SUCCESSFUL", "FAILED", "REJECTED", "CANCELLED");
    /** Terminal statuses that end a payout before any MoMo call: MoMo must hold no transaction for them. */
    private static final Set<String> BEFORE_MONEY = Set.of("REJECTED", "CANCELLED");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record sent to a command topic. */
    public record Sent(String topic, byte[] key, byte[] value, UUID reference) {
    }

    /** The result of one invariant: how many things were checked and every violation found. */
    public record Result(String invariant, String description, int checked, List<String> violations) {
        public boolean ok() {
            return violations.isEmpty();
        }

        @Override
        public String toString() {
            String head = String.format("%-5s %-4s checked=%-6d violations=%-4d %s", invariant, ok() ? "OK" : "FAIL",
                    checked, violations.size(), description);
            return violations.isEmpty() ? head
                    : head + violations.stream().limit(20).map(v -> "\n        - " + v).collect(Collectors.joining());
        }
    }

    /** Every invariant's result. */
    public record Report(List<Result> results) {
        public boolean ok() {
            return results.stream().allMatch(Result::ok);
        }

        public Result get(String invariant) {
            return results.stream().filter(r -> r.invariant().equals(invariant)).findFirst().orElseThrow();
        }

        /** Fails the calling test with the whole report when any invariant is violated. */
        public Report assertClean() {
            if (!ok()) {
                throw new AssertionError("invariants violated:\n" + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return results.stream().map(Result::toString).collect(Collectors.joining("\n"));
        }
    }

    private final MomoSimulator momo;
    // Synchronized, not copy-on-write: a benchmark remembers hundreds of thousands of records.
    private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    private final Set<UUID> truthExempt = ConcurrentHashMap.newKeySet();
    private final List<Path> logs = new CopyOnWriteArrayList<>();
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private final TopicRecorder outcomes;
    private final TopicRecorder deadLetters;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    public InvariantChecker(MomoSimulator momo) {
        this.momo = momo;
        Map<String, String> infra = EmbeddedInfrastructure.start();
        this.jdbcUrl = infra.get("quarkus.datasource.jdbc.url");
        this.user = infra.get("quarkus.datasource.username");
        this.password = infra.get("quarkus.datasource.password");
        this.outcomes = TopicRecorder.of(OUTCOMES);
        this.deadLetters = TopicRecorder.of(DLQ);
        secrets.add(momo.apiKey());
        secrets.add(momo.subscriptionKey());
    }

    // ------------------------------------------------------------------------------------------------- input

    /** Sends a command record and remembers it; {@code value} may be anything, garbage included. */
    public void send(String topic, String key, String value) {
        send(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public void send(String topic, byte[] key, byte[] value) {
        CommandProducer.send(topic, key, value);
        remember(topic, key, value);
    }

    /** Remembers a record that the caller published itself (e.g. a load generator with its own producer). */
    public void remember(String topic, byte[] key, byte[] value) {
        sent.add(new Sent(topic, key, value, referenceOf(topic, value)));
    }

    /** Sends a valid payout to a deposit or transfer topic and returns its reference. */
    public String sendPayout(String topic, String amount, String msisdn) {
        String ref = Commands.newReference();
        send(topic, ref, Commands.payout(ref, amount, msisdn));
        return ref;
    }

    /**
     * The simulator's final status of this reference was forced after the worker concluded (a contradictory report
     * on purpose): INV-4 cannot compare against it, INV-5 still holds the payout to its first terminal status.
     */
    public void exemptFromTruth(UUID reference) {
        truthExempt.add(reference);
    }

    /** A worker log that INV-8 scans for secrets and full MSISDNs. */
    public void scanLog(Path log) {
        logs.add(log);
    }

    public List<Sent> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** The references of every sent record that carried a valid one. */
    public Set<UUID> references() {
        Set<UUID> refs = new LinkedHashSet<>();
        sent.forEach(s -> {
            if (s.reference() != null) {
                refs.add(s.reference());
            }
        });
        return refs;
    }

    // ------------------------------------------------------------------------------------------------ checks

    /**
     * Waits until the system is quiet (INV-2, INV-3 and INV-7 hold: every record taken in, everything concluded or
     * pending by design, outbox drained, every terminal outcome on the topic), at most {@code bound}, then evaluates
     * every invariant. The bound must cover a consumer-group session timeout (45 s by default) when a worker was
     * killed: its partitions are only reassigned then.
     */
    public Report awaitQuiet(Duration bound) {
        try {
            // Quiet must hold for a little while (two readings or more), not just at one instant.
            Awaitility.await().atMost(bound).during(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        Report report = check();
                        return report.get("INV-2").ok() && report.get("INV-3").ok() && report.get("INV-7").ok()
                                && settled();
                    });
        } catch (ConditionTimeoutException e) {
            // Not quiet within the bound: the report below says which invariant is still violated.
        }
        return check();
    }

    /** How long a MoMo transaction must have been PENDING before a SUBMITTED payout counts as pending by design. */
    private static final Duration SETTLE = Duration.ofSeconds(10);

    /**
     * No payout of the run waits on a MoMo transaction younger than {@link #SETTLE}: a SUBMITTED payout whose
     * transaction is still PENDING is then one MoMo keeps pending (by design), not one about to conclude.
     */
    private boolean settled() {
        Snapshot s = snapshot();
        Instant young = Instant.now().minus(SETTLE);
        return s.rows.values().stream().filter(r -> s.scope.contains(r.reference()))
                .filter(r -> !TERMINAL.contains(r.status()))
                .map(r -> s.ledger.get(r.reference()))
                .noneMatch(tx -> tx != null && !tx.isFinal() && tx.createdAt().isAfter(young));
    }

    /** Evaluates every invariant now. */
    public Report check() {
        Snapshot s = snapshot();
        return new Report(List.of(inv1(s), inv2(s), inv3(s), inv4(s), inv5(s), inv6(s), inv7(s), inv8()));
    }

    private record Row(UUID reference, String status, String fingerprint, String amount, String payeeId,
            UUID outcomeEventId, Instant createdAt, boolean momoAccepted) {
    }

    private record History(String from, String to) {
    }

    private record Event(UUID eventId, String status, String body) {
    }

    private static final class Snapshot {
        final Map<UUID, Row> rows = new HashMap<>();
        final Map<UUID, List<History>> history = new HashMap<>();
        final Map<UUID, List<Event>> dbEvents = new HashMap<>();
        final Map<UUID, Integer> outboxPending = new HashMap<>();
        final Map<UUID, List<TopicRecorder.RecordedRecord>> published = new HashMap<>();
        final List<TopicRecorder.RecordedRecord> deadLetters = new ArrayList<>();
        final Map<UUID, TransactionView> ledger = new HashMap<>();
        /** The ledger read again after the database: what MoMo says at least as late as the rows were read. */
        final Map<UUID, TransactionView> ledgerAfter = new HashMap<>();
        /** Accepted transaction POSTs per reference, counted by MoMo apart from its one-per-reference ledger. */
        final Map<UUID, Integer> acceptedPosts = new HashMap<>();
        final Set<UUID> scope = new LinkedHashSet<>();
    }

    private Snapshot snapshot() {
        Snapshot s = new Snapshot();
        s.scope.addAll(references());
        for (TransactionView tx : momo.ledger().transactions()) {
            s.ledger.put(tx.referenceId(), tx);
        }
        s.acceptedPosts.putAll(momo.ledger().acceptedPostAttempts());
        // The ledger is read first and the topics last: whatever the database says was published is on the topic,
        // and every transaction of the first ledger read that has a row has it in the database snapshot (INV-6).
        // The database is read in one REPEATABLE READ transaction, so rows, history and events are one snapshot.
        // The ledger is read once more after the database: INV-4 compares a terminal row with that later reading,
        // because MoMo can conclude a payout (and the worker record it) between the first reading and the database
        // snapshot; a status at MoMo only moves from PENDING to final, so the later reading is the fair witness.
        UUID[] ids = s.scope.toArray(UUID[]::new);
        UUID[] ledgerIds = s.ledger.keySet().toArray(UUID[]::new);
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try (PreparedStatement q = c.prepareStatement("SELECT reference_id, status, fingerprint, amount, payee_id, "
                    + "outcome_event_id, created_at, momo_accepted FROM payout WHERE reference_id = ANY(?) "
                    + "OR reference_id = ANY(?)")) {
                q.setArray(1, c.createArrayOf("uuid", ids));
                q.setArray(2, c.createArrayOf("uuid", ledgerIds));
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        UUID ref = r.getObject(1, UUID.class);
                        Timestamp created = r.getTimestamp(7);
                        s.rows.put(ref, new Row(ref, r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                                r.getObject(6, UUID.class), created.toInstant(), r.getBoolean(8)));
                    }
                }
            }
            try (PreparedStatement q = c.prepareStatement("SELECT reference_id, from_status, to_status "
                    + "FROM payout_history WHERE reference_id = ANY(?) ORDER BY id")) {
                q.setArray(1, c.createArrayOf("uuid", ids));
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        s.history.computeIfAbsent(r.getObject(1, UUID.class), k -> new ArrayList<>())
                                .add(new History(r.getString(2), r.getString(3)));
                    }
                }
            }
            try (PreparedStatement q = c.prepareStatement("SELECT e.reference_id, e.event_id, e.status, e.payload, "
                    + "(SELECT count(*) FROM outbox_event o WHERE o.event_id = e.event_id) "
                    + "FROM payout_event e WHERE e.reference_id = ANY(?)")) {
                q.setArray(1, c.createArrayOf("uuid", ids));
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        UUID ref = r.getObject(1, UUID.class);
                        s.dbEvents.computeIfAbsent(ref, k -> new ArrayList<>()).add(new Event(r.getObject(2, UUID.class),
                                r.getString(3), new String(r.getBytes(4), StandardCharsets.UTF_8)));
                        s.outboxPending.merge(ref, r.getInt(5), Integer::sum);
                    }
                }
            }
            c.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException("the checker could not read the database", e);
        }
        for (TransactionView tx : momo.ledger().transactions()) {
            s.ledgerAfter.put(tx.referenceId(), tx);
        }
        for (TopicRecorder.RecordedRecord record : outcomes.all()) {
            UUID ref = uuidOrNull(record.keyText());
            if (ref != null) {
                s.published.computeIfAbsent(ref, k -> new ArrayList<>()).add(record);
            }
        }
        s.deadLetters.addAll(deadLetters.all());
        return s;
    }

    /** INV-1: at most one accepted transaction per reference, under the payout's own content. */
    private Result inv1(Snapshot s) {
        List<String> violations = acceptedMoreThanOnce(s.acceptedPosts);
        int checked = 0;
        for (UUID ref : s.scope) {
            checked++;
            TransactionView tx = s.ledger.get(ref);
            Row row = s.rows.get(ref);
            if (tx == null || row == null) {
                continue;
            }
            if (!tx.amount().equals(row.amount())
                    || (row.payeeId() != null && tx.payee() != null && !row.payeeId().equals(tx.payee().partyId()))) {
                violations.add(ref + " MoMo holds amount " + tx.amount() + " but the payout is " + row.amount());
            }
        }
        return new Result("INV-1", "no double payment: <= 1 MoMo transaction per reference, with the payout's content",
                checked, violations);
    }

    /**
     * INV-1's count half: every reference MoMo accepted more than one POST for. The ledger's transactions cannot
     * show this (one per reference by construction), hence the accepted-POST counts.
     */
    static List<String> acceptedMoreThanOnce(Map<UUID, Integer> acceptedPosts) {
        List<String> violations = new ArrayList<>();
        acceptedPosts.forEach((ref, count) -> {
            if (count > 1) {
                violations.add(ref + " accepted " + count + " times by MoMo");
            }
        });
        return violations;
    }

    /** INV-2: exactly one distinct terminal eventId per accepted command, identical bodies for one eventId. */
    private Result inv2(Snapshot s) {
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (UUID ref : s.scope) {
            Row row = s.rows.get(ref);
            List<TopicRecorder.RecordedRecord> records = s.published.getOrDefault(ref, List.of());
            Map<String, String> bodyByEvent = new HashMap<>();
            Set<String> terminalIds = new LinkedHashSet<>();
            for (TopicRecorder.RecordedRecord record : records) {
                Map<String, String> h = record.headers();
                String eventId = h.get("ce_id");
                String body = record.valueText();
                String previous = bodyByEvent.putIfAbsent(eventId, body);
                if (previous != null && !previous.equals(body)) {
                    violations.add(ref + " event " + eventId + " published with two different bodies");
                }
                if (TERMINAL.contains(field(body, "status"))) {
                    terminalIds.add(eventId);
                }
            }
            if (row == null) {
                if (!terminalIds.isEmpty()) {
                    violations.add(ref + " has a terminal outcome but no payout row");
                }
                continue;
            }
            checked++;
            if (TERMINAL.contains(row.status())) {
                if (terminalIds.size() != 1) {
                    violations.add(ref + " is " + row.status() + " with " + terminalIds.size()
                            + " distinct terminal events on the topic");
                } else if (row.outcomeEventId() != null
                        && !terminalIds.contains(row.outcomeEventId().toString())) {
                    violations.add(ref + " published event " + terminalIds + " is not the stored "
                            + row.outcomeEventId());
                }
            } else if (!terminalIds.isEmpty()) {
                violations.add(ref + " is " + row.status() + " in the database but has terminal events " + terminalIds);
            }
        }
        return new Result("INV-2", "exactly one distinct terminal eventId per accepted command (stable body)",
                checked, violations);
    }

    /** INV-3: every record sent has its payout row, or its dead letter with the original bytes. */
    private Result inv3(Snapshot s) {
        List<String> violations = new ArrayList<>();
        Set<String> dlqKeys = new HashSet<>();
        for (TopicRecorder.RecordedRecord d : s.deadLetters) {
            dlqKeys.add(d.headers().get("dlq-source-topic") + "|" + Arrays.toString(d.key()) + "|"
                    + Arrays.hashCode(d.value()) + "|" + (d.value() == null ? -1 : d.value().length));
        }
        for (Sent record : sent()) {
            boolean deadLettered = dlqKeys.contains(record.topic() + "|" + Arrays.toString(record.key()) + "|"
                    + Arrays.hashCode(record.value()) + "|" + (record.value() == null ? -1 : record.value().length));
            if (record.reference() == null) {
                if (!deadLettered) {
                    violations.add("unreadable record on " + record.topic() + " has no dead letter: "
                            + clip(record.value()));
                }
                continue;
            }
            Row row = s.rows.get(record.reference());
            if (row == null) {
                violations.add(record.reference() + " was sent but has no payout row"
                        + (deadLettered ? " (only a dead letter)" : ""));
            } else if (!row.fingerprint().equals(fingerprint(record)) && !deadLettered) {
                violations.add(record.reference() + " other content under a used reference: no conflict dead letter");
            }
        }
        return new Result("INV-3", "no lost command: every record sent has a payout row or a dead letter",
                sent.size(), violations);
    }

    /**
     * INV-4: the published terminal status is MoMo's final status; REJECTED and CANCELLED only without a
     * transaction.
     */
    private Result inv4(Snapshot s) {
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (UUID ref : s.scope) {
            Row row = s.rows.get(ref);
            if (row == null || !TERMINAL.contains(row.status())) {
                continue;
            }
            checked++;
            TransactionView tx = s.ledgerAfter.get(ref);
            Set<String> published = new HashSet<>();
            for (TopicRecorder.RecordedRecord record : s.published.getOrDefault(ref, List.of())) {
                String status = field(record.valueText(), "status");
                if (TERMINAL.contains(status)) {
                    published.add(status);
                }
            }
            for (String status : published) {
                if (!status.equals(row.status())) {
                    violations.add(ref + " published " + status + " but the payout is " + row.status());
                }
            }
            String status = row.status();
            if (BEFORE_MONEY.contains(status)) {
                if (tx != null) {
                    violations.add(ref + " " + status + " although MoMo holds transaction " + tx.status());
                }
            } else if (truthExempt.contains(ref)) {
                continue;
            } else if (tx == null) {
                if ("SUCCESSFUL".equals(status)) {
                    violations.add(ref + " SUCCESSFUL without any MoMo transaction (fabricated)");
                }
                // FAILED without a transaction: MoMo refused the POST synchronously; no money moved either way.
            } else if (!tx.isFinal()) {
                violations.add(ref + " " + status + " while MoMo still says PENDING (fabricated)");
            } else if (!tx.status().equals(status)) {
                violations.add(ref + " " + status + " but MoMo's final status is " + tx.status());
            }
        }
        return new Result("INV-4", "truthful outcome: terminal status == MoMo's final status; REJECTED or "
                + "CANCELLED => no transaction", checked, violations);
    }

    /** INV-5: no transition out of a terminal status; at most one terminal event per payout in the database. */
    private Result inv5(Snapshot s) {
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (UUID ref : s.scope) {
            List<History> lines = s.history.getOrDefault(ref, List.of());
            if (lines.isEmpty()) {
                continue;
            }
            checked++;
            String terminal = null;
            for (History h : lines) {
                if (terminal != null) {
                    violations.add(ref + " moved " + h.from() + " -> " + h.to() + " after reaching " + terminal);
                } else if (h.from() != null && TERMINAL.contains(h.from())) {
                    violations.add(ref + " left terminal " + h.from() + " for " + h.to());
                }
                if (TERMINAL.contains(h.to())) {
                    terminal = h.to();
                }
            }
            Row row = s.rows.get(ref);
            if (terminal != null && row != null && !terminal.equals(row.status())) {
                violations.add(ref + " history ends " + terminal + " but the row says " + row.status());
            }
            long terminalEvents = s.dbEvents.getOrDefault(ref, List.of()).stream()
                    .filter(e -> TERMINAL.contains(e.status())).count();
            if (terminalEvents > 1) {
                violations.add(ref + " has " + terminalEvents + " terminal events in payout_event");
            }
        }
        return new Result("INV-5", "monotonic state: nothing leaves a terminal status", checked, violations);
    }

    /** INV-6: every MoMo transaction belongs to a payout row committed before MoMo saw it. */
    private Result inv6(Snapshot s) {
        List<String> violations = new ArrayList<>();
        for (TransactionView tx : s.ledger.values()) {
            Row row = s.rows.get(tx.referenceId());
            if (row == null) {
                violations.add(tx.referenceId() + " reached MoMo without a payout row");
            } else if (row.createdAt().isAfter(tx.createdAt())) {
                violations.add(tx.referenceId() + " row created " + row.createdAt() + " after MoMo accepted it at "
                        + tx.createdAt());
            } else if (!row.momoAccepted() && TERMINAL.contains(row.status())
                    && !BEFORE_MONEY.contains(row.status())) {
                // A concluded payout whose transaction MoMo holds must know that MoMo accepted it.
                violations.add(tx.referenceId() + " is " + row.status() + " but momo_accepted is false");
            }
        }
        return new Result("INV-6", "intent before money: every MoMo transaction has an earlier payout row",
                s.ledger.size(), violations);
    }

    /** INV-7: everything concluded, or pending at MoMo by design, or UNRESOLVED; the outbox drained. */
    private Result inv7(Snapshot s) {
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (UUID ref : s.scope) {
            Row row = s.rows.get(ref);
            if (row == null) {
                continue;
            }
            checked++;
            int pending = s.outboxPending.getOrDefault(ref, 0);
            if (pending > 0) {
                violations.add(ref + " has " + pending + " outbox rows not published");
            }
            if (TERMINAL.contains(row.status())) {
                continue;
            }
            TransactionView tx = s.ledger.get(ref);
            boolean pendingAtMomo = tx != null && !tx.isFinal();
            boolean parked = "UNRESOLVED".equals(row.status()) && (tx == null || pendingAtMomo);
            // MoMo concluded it, or it never got past intake or submission: the worker has work left to do.
            if (!parked && !("SUBMITTED".equals(row.status()) && pendingAtMomo)) {
                violations.add(ref + " still " + row.status() + " (MoMo: " + (tx == null ? "no transaction"
                        : tx.status()) + ")");
            }
        }
        return new Result("INV-7", "liveness: all terminal, or SUBMITTED/UNRESOLVED while MoMo has it PENDING (or "
                + "UNRESOLVED without a transaction); outbox drained", checked, violations);
    }

    /** INV-8: no API key, subscription key, bearer token or full MSISDN of a sent command in the worker logs. */
    private Result inv8() {
        List<String> violations = new ArrayList<>();
        Set<String> needles = new LinkedHashSet<>(secrets);
        for (Sent record : sent()) {
            String payee = record.value() == null ? null : field(new String(record.value(), StandardCharsets.UTF_8),
                    "payee", "partyId");
            if (payee != null && payee.length() >= 8) {
                needles.add(payee);
            }
        }
        for (Path log : logs) {
            List<String> lines;
            try {
                lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
            } catch (IOException e) {
                violations.add("cannot read " + log + ": " + e);
                continue;
            }
            for (String line : lines) {
                if (line.contains("Bearer ey") || line.contains("access_token")) {
                    violations.add(log.getFileName() + ": token in '" + clip(line) + "'");
                }
                for (String needle : needles) {
                    if (line.contains(needle)) {
                        violations.add(log.getFileName() + ": secret or MSISDN " + mask(needle) + " in '"
                                + clip(line.replace(needle, mask(needle))) + "'");
                    }
                }
            }
        }
        return new Result("INV-8", "no secret or full MSISDN in the worker logs", logs.size(), violations);
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private static UUID referenceOf(String topic, byte[] value) {
        IncomingCommand parsed = CommandParser.parse(new SourceRecord(topic, 0, 0L, null, value), operation(topic));
        return parsed instanceof IncomingCommand.Readable readable ? readable.command().referenceId() : null;
    }

    private static String fingerprint(Sent record) {
        IncomingCommand parsed = CommandParser.parse(new SourceRecord(record.topic(), 0, 0L, null, record.value()),
                operation(record.topic()));
        return CommandFingerprint.of(((IncomingCommand.Readable) parsed).command());
    }

    private static Operation operation(String topic) {
        if (topic.contains("transfer")) {
            return Operation.TRANSFER;
        }
        return topic.contains("refund") ? Operation.REFUND : Operation.DEPOSIT;
    }

    private static UUID uuidOrNull(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String field(String json, String... path) {
        try {
            JsonNode node = JSON.readTree(json);
            for (String p : path) {
                node = node == null ? null : node.get(p);
            }
            return node == null || node.isNull() ? null : node.asText();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String mask(String secret) {
        return secret.length() <= 4 ? "****" : secret.substring(0, 2) + "****" + secret.substring(secret.length() - 2);
    }

    private static String clip(byte[] value) {
        return value == null ? "null" : clip(new String(value, StandardCharsets.UTF_8));
    }

    private static String clip(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }

    /** Runs {@code sql}, a count with one {@code uuid[]} parameter, over the given references. */
    public long count(String sql, java.util.Collection<String> references) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement q = c.prepareStatement(sql)) {
            q.setArray(1, c.createArrayOf("uuid", references.stream().map(UUID::fromString).toArray()));
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many of these references have a payout row. */
    public long rows(java.util.Collection<String> references) {
        return count("SELECT count(*) FROM payout WHERE reference_id = ANY(?)", references);
    }

    /** The callback secret of a payout (the last path segment of its callback URL), or null when unknown. */
    public String callbackSecret(String reference) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement q = c.prepareStatement("SELECT callback_token FROM payout WHERE reference_id = ?")) {
            q.setObject(1, UUID.fromString(reference));
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts by status of the scoped payout rows, for reports. */
    public Map<String, Integer> statusCounts() {
        Snapshot s = snapshot();
        Map<String, Integer> counts = new LinkedHashMap<>();
        s.rows.values().stream().filter(r -> s.scope.contains(r.reference()))
                .forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        return counts;
    }
}
