package dev.momopay.payout.persistence;

import dev.momopay.payout.domain.PayoutStateMachine;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.domain.controls.Usage;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The SQL of the velocity limits and the duplicate hold, run in the transaction that leases the payouts. The scopes
 * a lease touches are locked first (advisory locks, in one order), so replicas leasing payouts of the same payee or
 * account take turns and each sees what the other let through.
 */
@ApplicationScoped
public class VelocityRepository {

    /** Advisory-lock class of "a lease is counting this scope" (objid: hash of the scope). */
    private static final int SCOPE_LOCK_CLASS = 0x4d6f4d70;

    private final AgroalDataSource dataSource;

    public VelocityRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Whether the payout was approved (no control holds it again) and whether its amount is counted already. */
    public record ControlFlags(boolean cleared, boolean counted) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, ControlFlags> flags(Collection<UUID> references) {
        String sql = "SELECT reference_id, controls_cleared, limits_counted FROM payout WHERE reference_id = ANY(?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, Jdbc.uuidArray(connection, references));
            Map<UUID, ControlFlags> flags = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    flags.put((UUID) rows.getObject(1), new ControlFlags(rows.getBoolean(2), rows.getBoolean(3)));
                }
            }
            return flags;
        } catch (SQLException e) {
            throw new PersistenceException("could not read control flags", e);
        }
    }

    /** Locks the scopes until the transaction ends, in one order (no deadlock between replicas). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(Collection<String> scopes) {
        String sql = "SELECT count(pg_advisory_xact_lock(" + SCOPE_LOCK_CLASS + ", k)) FROM "
                + "(SELECT DISTINCT hashtext(s) AS k FROM unnest(?::text[]) s ORDER BY k) keys";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, Jdbc.textArray(connection, new TreeSet<>(scopes)));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not lock control scopes", e);
        }
    }

    /** The day's usage of each scope (scopes without a row are left out: nothing yet). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Usage> usage(Collection<String> scopes, LocalDate day) {
        String sql = "SELECT scope, count, amount FROM control_usage WHERE scope = ANY(?) AND day = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, Jdbc.textArray(connection, scopes));
            statement.setDate(2, Date.valueOf(day));
            Map<String, Usage> usage = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    usage.put(rows.getString(1), new Usage(rows.getInt(2), rows.getBigDecimal(3)));
                }
            }
            return usage;
        } catch (SQLException e) {
            throw new PersistenceException("could not read control usage", e);
        }
    }

    /** Writes the day's usage of each scope (the scopes are locked by this transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void saveUsage(Map<String, Usage> usage, LocalDate day) {
        if (usage.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO control_usage (scope, day, count, amount) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (scope, day) DO UPDATE SET count = excluded.count, amount = excluded.amount";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Map.Entry<String, Usage> entry : usage.entrySet()) {
                statement.setString(1, entry.getKey());
                statement.setDate(2, Date.valueOf(day));
                statement.setInt(3, entry.getValue().count());
                statement.setBigDecimal(4, entry.getValue().amount());
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new PersistenceException("could not write control usage", e);
        }
    }

    /** Another payout let through to this payee scope with the same amount within the window, if any. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<UUID> similarRecent(String scope, BigDecimal amount, Duration window, UUID except) {
        String sql = "SELECT reference_id FROM control_recent_payout WHERE scope = ? AND amount = ? "
                + "AND at > now() - ? * interval '1 millisecond' AND reference_id <> ? ORDER BY at DESC LIMIT 1";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, scope);
            statement.setBigDecimal(2, amount);
            statement.setLong(3, window.toMillis());
            statement.setObject(4, except);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of((UUID) rows.getObject(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not look for similar payouts", e);
        }
    }

    /** Remembers a payout let through to a payee scope, for the duplicate hold. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void rememberLetThrough(String scope, BigDecimal amount, UUID referenceId) {
        String sql = "INSERT INTO control_recent_payout (scope, amount, reference_id) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, scope);
            statement.setBigDecimal(2, amount);
            statement.setObject(3, referenceId);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not remember a payout for the duplicate hold", e);
        }
    }

    /** Marks payouts whose amount is now in the day's usage, so a later lease does not count them again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markCounted(Collection<UUID> references) {
        if (references.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "UPDATE payout SET limits_counted = true WHERE reference_id = ANY(?)")) {
            statement.setArray(1, Jdbc.uuidArray(connection, references));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not mark payouts counted", e);
        }
    }

    /**
     * Moves leased payouts (SUBMITTING, no attempt made) to AWAITING_APPROVAL, fenced by this lease's claim; returns
     * those moved. The approval deadline is {@code expiry} from now.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> holdForApproval(Map<UUID, UUID> claimByReference, Duration expiry) {
        String sql = "UPDATE payout SET status = '"
                + PayoutStateMachine.require(PayoutStatus.SUBMITTING, PayoutStatus.AWAITING_APPROVAL)
                + "', approvals_required = 1, claim_token = NULL, next_action_at = now() + ? * interval "
                + "'1 millisecond', updated_at = now() WHERE reference_id = ? AND claim_token = ? "
                + "AND status = 'SUBMITTING' AND post_attempts = attempts_not_executed";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            List<UUID> order = new ArrayList<>(claimByReference.keySet());
            for (UUID reference : order) {
                statement.setLong(1, expiry.toMillis());
                statement.setObject(2, reference);
                statement.setObject(3, claimByReference.get(reference));
                statement.addBatch();
            }
            int[] counts = statement.executeBatch();
            Set<UUID> moved = new TreeSet<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    moved.add(order.get(i));
                }
            }
            return moved;
        } catch (SQLException e) {
            throw new PersistenceException("could not hold payouts for approval", e);
        }
    }

    /** Deletes usage of days before {@code before} and duplicate-hold rows older than {@code window}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteOld(LocalDate before, Duration window) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement usage = connection.prepareStatement("DELETE FROM control_usage WHERE day < ?");
                PreparedStatement recent = connection.prepareStatement(
                        "DELETE FROM control_recent_payout WHERE at < now() - ? * interval '1 millisecond'")) {
            usage.setDate(1, Date.valueOf(before));
            recent.setLong(1, window.toMillis());
            return usage.executeUpdate() + recent.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not delete old control rows", e);
        }
    }
}
