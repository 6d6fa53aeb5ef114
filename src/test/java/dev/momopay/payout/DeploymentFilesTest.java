package dev.momopay.payout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deployment files keep the public surface small: probes and Prometheus use the management port (where the worker
 * serves {@code /q/*}), and the only route from outside is MoMo's callbacks.
 */
class DeploymentFilesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final int MANAGEMENT_PORT = 9000;

    @Test
    void probesAndMetricsUseTheManagementPort() throws IOException {
        JsonNode pod = YAML.readTree(Path.of("deploy/deployment.yaml").toFile()).at("/spec/template");
        assertEquals(Integer.toString(MANAGEMENT_PORT), pod.at("/metadata/annotations/prometheus.io~1port").asText());
        JsonNode worker = pod.at("/spec/containers/0");
        Map<String, Integer> ports = new HashMap<>();
        worker.get("ports").forEach(p -> ports.put(p.get("name").asText(), p.get("containerPort").asInt()));
        assertEquals(Map.of("http", 8080, "management", MANAGEMENT_PORT), ports);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode get = worker.at("/" + probe + "/httpGet");
            assertTrue(get.get("path").asText().startsWith("/q/health/"), probe);
            assertEquals("management", get.get("port").asText(), probe + " must use the management port");
        }
        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        assertTrue(dockerfile.contains("http://127.0.0.1:" + MANAGEMENT_PORT + "/q/health/live"), dockerfile);
    }

    @Test
    void onlyMomoCallbacksAreRoutedFromOutside() throws IOException {
        JsonNode ingress = YAML.readTree(Path.of("deploy/ingress.yaml").toFile());
        assertEquals("Ingress", ingress.get("kind").asText());
        int paths = 0;
        for (JsonNode rule : ingress.at("/spec/rules")) {
            for (JsonNode path : rule.at("/http/paths")) {
                assertEquals("/callbacks/momo/", path.get("path").asText());
                assertEquals("http", path.at("/backend/service/port/name").asText());
                paths++;
            }
        }
        assertEquals(1, paths);
        assertFalse(ingress.at("/spec/defaultBackend").isObject(), "no default route to the worker");
        JsonNode kustomization = YAML.readTree(Path.of("deploy/kustomization.yaml").toFile());
        assertTrue(kustomization.get("resources").toString().contains("ingress.yaml"));
    }
}
