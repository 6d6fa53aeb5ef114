package dev.momopay.payout.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Appends history lines; nothing ever updates or deletes them. */
@ApplicationScoped
public class HistoryRepository {

    private final AgroalDataSource dataSource;

    public HistoryRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(List<HistoryLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO payout_history (reference_id, from_status, to_status, momo_status, reason_code, "
                + "detail) SELECT * FROM unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], "
                + "?::text[])";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int n = lines.size();
            Object[] refs = new Object[n];
            Object[] from = new Object[n];
            Object[] to = new Object[n];
            Object[] momo = new Object[n];
            Object[] reason = new Object[n];
            Object[] detail = new Object[n];
            for (int i = 0; i < n; i++) {
                HistoryLine line = lines.get(i);
                refs[i] = line.referenceId();
                from[i] = line.fromStatus();
                to[i] = line.toStatus();
                momo[i] = line.momoStatus();
                reason[i] = line.reasonCode();
                detail[i] = line.detail();
            }
            statement.setArray(1, connection.createArrayOf("uuid", refs));
            statement.setArray(2, connection.createArrayOf("varchar", from));
            statement.setArray(3, connection.createArrayOf("varchar", to));
            statement.setArray(4, connection.createArrayOf("varchar", momo));
            statement.setArray(5, connection.createArrayOf("varchar", reason));
            statement.setArray(6, connection.createArrayOf("text", detail));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not append history", e);
        }
    }
}
