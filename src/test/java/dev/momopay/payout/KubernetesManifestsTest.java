package dev.momopay.payout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every manifest under {@code deploy/} is read as the API server would read it: the Kubernetes resources by the
 * Kubernetes API's own model classes (generated from its OpenAPI schema; an unknown field, a missing required field
 * or a value of the wrong type is refused), the PrometheusRule by the Prometheus Operator's rule schema (the fields of
 * its CRD this file may use, nothing else). What {@code kubectl apply --dry-run=server} would say, offline.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The reader of each apiVersion and kind the deployment files may hold. */
    private static final Map<String, Validator> KUBERNETES = Map.of(
            "apps/v1 Deployment", V1Deployment::fromJson,
            "v1 Service", V1Service::fromJson,
            "networking.k8s.io/v1 Ingress", V1Ingress::fromJson,
            "policy/v1 PodDisruptionBudget", V1PodDisruptionBudget::fromJson,
            "v1 Secret", V1Secret::fromJson);
    private static final String PROMETHEUS_RULE = "monitoring.coreos.com/v1 PrometheusRule";
    private static final String KUSTOMIZATION = "kustomize.config.k8s.io/v1beta1 Kustomization";

    @FunctionalInterface
    private interface Validator {
        Object read(String json) throws IOException;
    }

    @Test
    void everyManifestIsValidForItsKind() throws IOException {
        List<String> checked = new ArrayList<>();
        for (Path file : yamlFiles()) {
            for (JsonNode document : documents(file)) {
                String kind = document.path("apiVersion").asText() + " " + document.path("kind").asText();
                if (kind.equals(KUSTOMIZATION)) {
                    continue; // no API server reads it; DeploymentFilesTest checks what the overlays build on
                }
                assertValid(file + " (" + kind + ")", document);
                checked.add(kind);
            }
        }
        assertTrue(checked.containsAll(KUBERNETES.keySet()) && checked.contains(PROMETHEUS_RULE),
                "every kind the deployment needs was found and checked: " + checked);
    }

    @Test
    void aManifestWithAMistakeIsRefused() throws IOException {
        ObjectNode deployment = (ObjectNode) YAML.readTree(Path.of("deploy/deployment.yaml").toFile());
        ObjectNode unknownField = deployment.deepCopy();
        ((ObjectNode) unknownField.at("/spec/template/spec")).put("automountServiceAccountTokens", false);
        ObjectNode missingRequired = deployment.deepCopy();
        ((ObjectNode) missingRequired.at("/spec/template/spec/containers/0")).remove("name");
        ObjectNode wrongType = deployment.deepCopy();
        ((ObjectNode) wrongType.at("/spec")).put("replicas", "two");
        Map<ObjectNode, String> named = Map.of(unknownField, "automountServiceAccountTokens",
                missingRequired, "`name`", wrongType, "two");
        named.forEach((broken, what) -> {
            RuntimeException refused = assertThrows(RuntimeException.class, () -> read(broken), broken.toString());
            assertTrue(String.valueOf(refused.getMessage()).contains(what), "names " + what + ": " + refused);
        });

        ObjectNode rules = (ObjectNode) YAML.readTree(Path.of("deploy/prometheus-rules.yaml").toFile());
        ((ObjectNode) rules.at("/spec/groups/0/rules/0")).put("severity", "page"); // belongs under labels
        assertEquals(1, prometheusRuleViolations(rules).size(), "a misplaced field is refused");
    }

    private static void assertValid(String where, JsonNode document) {
        String kind = document.path("apiVersion").asText() + " " + document.path("kind").asText();
        if (kind.equals(PROMETHEUS_RULE)) {
            assertEquals(Set.of(), prometheusRuleViolations(document), where);
            return;
        }
        assertTrue(KUBERNETES.containsKey(kind), where + ": a kind the deployment files are not expected to hold");
        try {
            read(document);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(where + " is not a valid " + kind + ": " + e.getMessage(), e);
        }
    }

    private static Object read(JsonNode document) throws IOException {
        String kind = document.path("apiVersion").asText() + " " + document.path("kind").asText();
        return KUBERNETES.get(kind).read(JSON.writeValueAsString(document));
    }

    private static Set<ValidationMessage> prometheusRuleViolations(JsonNode document) {
        try (InputStream schema = KubernetesManifestsTest.class.getResourceAsStream("/prometheus-rule.schema.json")) {
            JsonSchema rule = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
            return rule.validate(document);
        } catch (IOException e) {
            throw new IllegalStateException("the PrometheusRule schema could not be read", e);
        }
    }

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("deploy"))) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted()
                    .toList();
        }
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        return YAML.readValues(YAML.getFactory().createParser(file.toFile()), JsonNode.class).readAll().stream()
                .filter(node -> node != null && !node.isNull() && !node.isMissingNode()).toList();
    }
}
