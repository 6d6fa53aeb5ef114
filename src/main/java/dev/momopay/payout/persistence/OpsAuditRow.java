package dev.momopay.payout.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One row of the ops audit trail (table ops_audit). The operator-facing tables are an entity model (Hibernate ORM with
 * Panache): small, written once per person's action, read by the ops API. The payout hot path stays on plain JDBC.
 */
@Entity
@Table(name = "ops_audit")
public class OpsAuditRow extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public Instant at;

    @Column(nullable = false)
    public String actor;

    @Column(nullable = false, length = 64)
    public String action;

    public String target;

    public String parameters;

    @Column(nullable = false)
    public String result;
}
