package dev.momopay.payout.observability;

import static dev.momopay.payout.testsupport.PayoutTestResource.management;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.PayoutTestResource;
import dev.momopay.payout.testsupport.TopicRecorder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert rules (deploy/prometheus-rules.yaml) and the dashboard (deploy/grafana) name only metrics the running
 * worker exports, so a renamed meter breaks this test instead of silencing an alert; and every alert has its section
 * in the runbook.
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class MonitoringFilesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Metric names: the worker's own, the Kafka clients', the JVM's and the process's. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:payout|momo|kafka|jvm|process)_[a-z0-9_]+)\\b");

    @Inject
    PayoutMetrics metrics;

    @Test
    void everyAlertAndDashboardExpressionNamesAMetricTheWorkerExports() throws IOException {
        // One payout through the whole pipeline, so that the meters registered on first use exist.
        TopicRecorder outcomes = TopicRecorder.of("payouts.outcomes");
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, ref, Commands.payout(ref, "14", Commands.SUCCESS_MSISDN));
        await().atMost(Duration.ofSeconds(30)).until(() -> !outcomes.forKey(ref).isEmpty());
        metrics.refresh();

        Set<String> named = new TreeSet<>();
        JsonNode rules = YAML.readTree(Path.of("deploy/prometheus-rules.yaml").toFile());
        assertEquals("PrometheusRule", rules.get("kind").asText());
        for (JsonNode group : rules.at("/spec/groups")) {
            for (JsonNode rule : group.get("rules")) {
                named.addAll(metricsIn(rule.get("expr").asText()));
            }
        }
        collectDashboardMetrics(JSON.readTree(Path.of("deploy/grafana/momo-payout-worker.json").toFile()), named);
        assertTrue(named.size() > 15, "expressions found: " + named);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String scrape = given().get(management("/q/metrics")).then().statusCode(200).extract().asString();
            Set<String> missing = new TreeSet<>();
            for (String name : named) {
                if (!Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]").matcher(scrape).find()) {
                    missing.add(name);
                }
            }
            assertTrue(missing.isEmpty(), "named in an alert or a panel but not exported: " + missing);
        });
    }

    @Test
    void everyAlertHasARunbookSection() throws IOException {
        String runbook = Files.readString(Path.of("docs/runbook.md"));
        JsonNode rules = YAML.readTree(Path.of("deploy/prometheus-rules.yaml").toFile());
        for (JsonNode group : rules.at("/spec/groups")) {
            for (JsonNode rule : group.get("rules")) {
                String alert = rule.get("alert").asText();
                assertTrue(runbook.contains("\n### " + alert + "\n"), "no runbook section ### " + alert);
                assertEquals("docs/runbook.md#" + alert.toLowerCase(), rule.at("/annotations/runbook").asText());
            }
        }
    }

    private static Set<String> metricsIn(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static void collectDashboardMetrics(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if ("expr".equals(field.getKey())) {
                    into.addAll(metricsIn(field.getValue().asText()));
                } else {
                    collectDashboardMetrics(field.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectDashboardMetrics(child, into));
        }
    }
}
