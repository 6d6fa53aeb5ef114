package dev.momopay.payout.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** The ops audit trail (table ops_audit, entity {@link OpsAuditRow}): appended in its own transaction, never updated. */
@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<OpsAuditRow, Long> {

    /** One audited action. {@code parameters} is JSON without personal data. */
    public record AuditEntry(long id, Instant at, String actor, String action, String target, String parameters,
            String result) {
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void append(String actor, String action, String target, String parameters, String result) {
        OpsAuditRow row = new OpsAuditRow();
        row.at = Instant.now();
        row.actor = actor;
        row.action = action;
        row.target = target;
        row.parameters = parameters;
        row.result = result;
        persist(row);
    }

    /** The latest entries about one target, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditEntry> forTarget(String target, int limit) {
        return find("target", Sort.descending("id"), target).page(0, limit).list().stream()
                .map(row -> new AuditEntry(row.id, row.at, row.actor, row.action, row.target, row.parameters,
                        row.result))
                .toList();
    }
}
