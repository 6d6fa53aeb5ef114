package dev.momopay.payout.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The ops audit trail (table ops_audit): appended in its own transaction, never updated. */
@ApplicationScoped
public class AuditRepository {

    /** One audited action. {@code parameters} is JSON without personal data. */
    public record AuditEntry(long id, Instant at, String actor, String action, String target, String parameters,
            String result) {
    }

    private final AgroalDataSource dataSource;

    public AuditRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void append(String actor, String action, String target, String parameters, String result) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("INSERT INTO ops_audit "
                        + "(actor, action, target, parameters, result) VALUES (?, ?, ?, ?, ?)")) {
            statement.setString(1, actor);
            statement.setString(2, action);
            statement.setString(3, target);
            statement.setString(4, parameters);
            statement.setString(5, result);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not write the ops audit", e);
        }
    }

    /** The latest entries about one target, newest first. */
    public List<AuditEntry> forTarget(String target, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT id, at, actor, action, target, "
                        + "parameters, result FROM ops_audit WHERE target = ? ORDER BY id DESC LIMIT ?")) {
            statement.setString(1, target);
            statement.setInt(2, limit);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(new AuditEntry(rows.getLong(1), rows.getTimestamp(2).toInstant(), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7)));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new PersistenceException("could not read the ops audit", e);
        }
    }
}
