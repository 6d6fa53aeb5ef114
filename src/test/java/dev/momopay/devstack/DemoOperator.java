package dev.momopay.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The demo's operator: once a demo payout waits for approval, approves or rejects it through the ops API, as a person
 * on the operations team would (and as the worker's audit then shows, under the name {@code demo-operator}).
 */
final class DemoOperator {

    private final String workerUrl;
    private final String apiKey;
    private final List<DemoRecord> records;
    private final Set<String> done = new HashSet<>();

    DemoOperator(String workerUrl, String apiKey, List<DemoRecord> records) {
        this.workerUrl = workerUrl;
        this.apiKey = apiKey;
        this.records = records.stream().filter(r -> r.operator() != DemoRecord.OperatorStep.NONE).toList();
    }

    /** Acts on every demo payout that waits for approval now; each is acted on once. */
    void act() {
        for (DemoRecord record : records) {
            if (done.contains(record.key())) {
                continue;
            }
            Optional<JsonNode> payout = Http.getJson(workerUrl + "/payouts/" + record.key());
            if (payout.isEmpty() || !"AWAITING_APPROVAL".equals(payout.get().path("status").asText())) {
                continue;
            }
            boolean approve = record.operator() == DemoRecord.OperatorStep.APPROVE;
            String url = workerUrl + "/ops/payouts/" + record.key() + (approve ? "/approve" : "/reject");
            int status = Http.postJson(url, apiKey, approve ? "{}" : "{\"reason\":\"payee not verified\"}");
            if (status == 200) {
                done.add(record.key());
            }
        }
    }
}
