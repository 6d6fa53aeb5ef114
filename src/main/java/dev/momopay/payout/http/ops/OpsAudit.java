package dev.momopay.payout.http.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momopay.payout.persistence.AuditRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Records every ops API action: a row in ops_audit (actor, action, target, parameters, result, time) and a log line.
 * Callers pass parameters without personal data (identifiers masked, free texts reduced to whether they were given).
 */
@ApplicationScoped
public class OpsAudit {

    private static final Logger LOG = Logger.getLogger(OpsAudit.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuditRepository audit;

    public OpsAudit(AuditRepository audit) {
        this.audit = audit;
    }

    public void record(String actor, String action, String target, Map<String, ?> parameters, String result) {
        String json;
        try {
            json = parameters == null || parameters.isEmpty() ? null : JSON.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            json = "{\"unserializable\":true}";
        }
        LOG.infof("ops audit: actor=%s action=%s target=%s parameters=%s result=%s", actor, action, target, json,
                result);
        audit.append(actor, action, target, json, result);
    }
}
