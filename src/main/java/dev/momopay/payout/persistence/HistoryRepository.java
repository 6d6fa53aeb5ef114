package dev.momopay.payout.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Appends history lines; nothing is ever deleted. A line that repeats the payout's last line exactly (the same retry
 * with no change of status) is not appended again: the last line counts it ({@code repeats}, {@code last_at}).
 */
@ApplicationScoped
public class HistoryRepository {

    private static final String SQL = "WITH lines AS (SELECT * FROM unnest(?::uuid[], ?::varchar[], ?::varchar[], "
            + "?::varchar[], ?::text[], ?::text[]) WITH ORDINALITY "
            + "AS l(reference_id, from_status, to_status, momo_status, reason_code, detail, n)), "
            + "latest AS (SELECT DISTINCT ON (h.reference_id) h.id, h.reference_id, h.from_status, h.to_status, "
            + "h.momo_status, h.reason_code, h.detail FROM payout_history h "
            + "WHERE h.reference_id IN (SELECT reference_id FROM lines WHERE from_status = to_status) "
            + "ORDER BY h.reference_id, h.id DESC), "
            + "repeated AS (SELECT l.n, latest.id FROM lines l JOIN latest ON latest.reference_id = l.reference_id "
            + "AND l.from_status = l.to_status AND latest.from_status = l.from_status "
            + "AND latest.to_status = l.to_status AND latest.momo_status IS NOT DISTINCT FROM l.momo_status "
            + "AND latest.reason_code IS NOT DISTINCT FROM l.reason_code "
            + "AND latest.detail IS NOT DISTINCT FROM l.detail), "
            + "bumped AS (UPDATE payout_history h SET repeats = h.repeats + 1, last_at = now() "
            + "FROM (SELECT DISTINCT id FROM repeated) r WHERE h.id = r.id RETURNING h.id) "
            + "INSERT INTO payout_history (reference_id, from_status, to_status, momo_status, reason_code, detail) "
            + "SELECT reference_id, from_status, to_status, momo_status, reason_code, detail FROM lines "
            + "WHERE n NOT IN (SELECT n FROM repeated) ORDER BY n";

    private final AgroalDataSource dataSource;

    public HistoryRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(List<HistoryLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(SQL)) {
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
                from[i] = line.from() == null ? null : line.from().name();
                to[i] = line.to().name();
                momo[i] = line.momoStatus();
                reason[i] = line.reasonCode();
                detail[i] = line.detail();
            }
            statement.setArray(1, connection.createArrayOf("uuid", refs));
            statement.setArray(2, connection.createArrayOf("varchar", from));
            statement.setArray(3, connection.createArrayOf("varchar", to));
            statement.setArray(4, connection.createArrayOf("varchar", momo));
            statement.setArray(5, connection.createArrayOf("text", reason));
            statement.setArray(6, connection.createArrayOf("text", detail));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not append history", e);
        }
    }
}
