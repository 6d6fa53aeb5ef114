package dev.momopay.payout.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import dev.momopay.payout.observability.TraceParent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The transactional outbox. Events are stored once in payout_event (their id and body are fixed forever); an
 * outbox row asks the relay to publish one of them. Relays lease rows with SKIP LOCKED, publish, and delete the rows
 * only after Kafka acknowledged them: delivery is at least once, always with the same eventId and body.
 */
@ApplicationScoped
public class OutboxRepository {

    private final AgroalDataSource dataSource;
    private final Event<OutcomesStored> stored;

    public OutboxRepository(AgroalDataSource dataSource, Event<OutcomesStored> stored) {
        this.dataSource = dataSource;
        this.stored = stored;
    }

    /** Stores new events and queues them for publishing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void storeAndQueue(List<OutcomeEventRecord> events) {
        if (events.isEmpty()) {
            return;
        }
        // One statement for the whole batch (not one execution per event).
        String insertEvents = "INSERT INTO payout_event (event_id, reference_id, status, payload, occurred_at) "
                + "SELECT e, r, s, p, o::timestamptz FROM unnest(?::uuid[], ?::uuid[], ?::varchar[], ?::bytea[], "
                + "?::varchar[]) AS u(e, r, s, p, o)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(insertEvents)) {
            statement.setArray(1, Jdbc.uuidArray(connection, events.stream().map(OutcomeEventRecord::eventId).toList()));
            statement.setArray(2, Jdbc.uuidArray(connection,
                    events.stream().map(OutcomeEventRecord::referenceId).toList()));
            statement.setArray(3, connection.createArrayOf("varchar",
                    events.stream().map(e -> e.status().name()).toArray()));
            statement.setArray(4, connection.createArrayOf("bytea",
                    events.stream().map(OutcomeEventRecord::payload).toArray(byte[][]::new)));
            // ISO-8601 instants in UTC: nothing depends on the session's or the JVM's time zone.
            statement.setArray(5, connection.createArrayOf("varchar",
                    events.stream().map(e -> e.occurredAt().toString()).toArray()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not store outcome events", e);
        }
        dropSupersededUnresolved(events.stream().filter(e -> e.status().isTerminal())
                .map(OutcomeEventRecord::referenceId).toList());
        insertIntoQueue(events.stream().map(OutcomeEventRecord::eventId).toList());
        stored.fire(new OutcomesStored(describe(events)));
    }

    /** What the metrics need to know about new outcomes, from what the callers already hold. */
    private static List<OutcomesStored.Outcome> describe(List<OutcomeEventRecord> events) {
        List<OutcomesStored.Outcome> outcomes = new ArrayList<>(events.size());
        for (OutcomeEventRecord event : events) {
            EventSubject subject = event.subject();
            outcomes.add(new OutcomesStored.Outcome(subject.operation().name(), event.status().name(),
                    event.reasonCode(), subject.account(), subject.receivedAt(), event.occurredAt()));
        }
        return outcomes;
    }

    /**
     * A terminal event makes a still queued UNRESOLVED event of the same payout pointless: it is dropped unless a
     * relay is sending it right now (then the terminal event waits behind it, see {@link #lease}).
     */
    private void dropSupersededUnresolved(List<UUID> concluded) {
        if (concluded.isEmpty()) {
            return;
        }
        String sql = "DELETE FROM outbox_event o USING payout_event e WHERE e.event_id = o.event_id "
                + "AND e.status = 'UNRESOLVED' AND o.reference_id = ANY(?) AND o.available_at <= now()";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, Jdbc.uuidArray(connection, concluded));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not drop superseded outbox rows", e);
        }
    }

    /** Queues already stored events for publishing (again), in the given order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void queue(Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        insertIntoQueue(eventIds);
        stored.fire(new OutcomesStored(List.of()));
    }

    private void insertIntoQueue(Collection<UUID> eventIds) {
        String sql = "INSERT INTO outbox_event (event_id, reference_id) SELECT u.id, e.reference_id "
                + "FROM unnest(?::uuid[]) WITH ORDINALITY AS u(id, n) JOIN payout_event e ON e.event_id = u.id "
                + "ORDER BY u.n";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, Jdbc.uuidArray(connection, eventIds));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not queue outcome events", e);
        }
    }

    /**
     * Leases up to {@code limit} rows that are due, oldest first; a crashed relay's lease simply runs out. A row is
     * only due once no older row of the same payout is queued: a payout's events reach Kafka in the order they were
     * decided, even across replicas and failed sends.
     */
    @Transactional
    public List<OutboxEntry> lease(int limit, Duration lease) {
        return lease(limit, lease, false);
    }

    /**
     * With {@code includeLeased}, rows still leased (by a round that failed, or by another replica) are taken too:
     * a shutdown flush publishes everything committed; a second publication carries the same eventId and body.
     */
    @Transactional
    public List<OutboxEntry> lease(int limit, Duration lease, boolean includeLeased) {
        String sql = "WITH due AS (SELECT id FROM outbox_event o WHERE (? OR available_at <= now()) "
                + "AND NOT EXISTS (SELECT 1 FROM outbox_event older WHERE older.reference_id = o.reference_id "
                + "AND older.id < o.id) ORDER BY available_at, id "
                + "LIMIT ? FOR UPDATE SKIP LOCKED) "
                + "UPDATE outbox_event o SET available_at = now() + ? * interval '1 millisecond', "
                + "attempts = o.attempts + 1 FROM due JOIN payout_event e ON true "
                + "LEFT JOIN payout p ON p.reference_id = e.reference_id "
                + "WHERE o.id = due.id AND e.event_id = o.event_id "
                + "RETURNING o.id, o.event_id, e.reference_id, e.status, e.payload, e.occurred_at, p.trace_parent";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setBoolean(1, includeLeased);
            statement.setInt(2, limit);
            statement.setLong(3, lease.toMillis());
            List<OutboxEntry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(new OutboxEntry(rows.getLong(1), (UUID) rows.getObject(2), (UUID) rows.getObject(3),
                            rows.getString(4), rows.getBytes(5), rows.getTimestamp(6).toInstant(),
                            TraceParent.parse(rows.getString(7)).orElse(null)));
                }
            }
            entries.sort((a, b) -> Long.compare(a.id(), b.id()));
            return entries;
        } catch (SQLException e) {
            throw new PersistenceException("could not lease outbox rows", e);
        }
    }

    /** Sets rows aside for {@code wait} (an event Kafka refuses as too large): they block no other row meanwhile. */
    @Transactional
    public void postpone(Collection<Long> ids, Duration wait) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "UPDATE outbox_event SET available_at = now() + ? * interval '1 millisecond' WHERE id = ANY(?)")) {
            statement.setLong(1, wait.toMillis());
            statement.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not set outbox rows aside", e);
        }
    }

    /** Removes rows whose events Kafka acknowledged. */
    @Transactional
    public void delete(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "DELETE FROM outbox_event WHERE id = ANY(?)")) {
            statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not delete published outbox rows", e);
        }
    }

    /** Rows waiting to be published (for metrics and tests); the outbox only holds unpublished rows, so it is small. */
    public long backlog() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM outbox_event");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new PersistenceException("could not count the outbox", e);
        }
    }
}
