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

    /** What the Pod Security "restricted" profile asks, and replicas spread over nodes. */
    @Test
    void thePodPassesTheRestrictedPodSecurityProfile() throws IOException {
        JsonNode pod = YAML.readTree(Path.of("deploy/deployment.yaml").toFile()).at("/spec/template/spec");
        assertFalse(pod.get("automountServiceAccountToken").asBoolean(true), "service account token mounted");
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText());
        for (JsonNode container : pod.get("containers")) {
            JsonNode security = container.get("securityContext");
            assertFalse(security.get("allowPrivilegeEscalation").asBoolean(true));
            assertEquals("[\"ALL\"]", security.at("/capabilities/drop").toString());
            assertTrue(security.get("readOnlyRootFilesystem").asBoolean());
            assertTrue(container.at("/resources/limits/memory").isTextual(), "memory limit");
        }
        JsonNode spread = pod.at("/topologySpreadConstraints/0");
        assertEquals("kubernetes.io/hostname", spread.get("topologyKey").asText());
        assertEquals("DoNotSchedule", spread.get("whenUnsatisfiable").asText());
        assertTrue(pod.get("terminationGracePeriodSeconds").asInt() >= 10 + 30, "drain + shutdown budget");
    }

    /**
     * The kustomization generates the ConfigMap (so a change rolls the pods), every file it and its overlays name
     * exists, and no callback URL is set unless an overlay sets it.
     */
    @Test
    void theKustomizationGeneratesTheConfigurationAndItsOverlaysBuildOnIt() throws IOException {
        Path base = Path.of("deploy");
        JsonNode kustomization = YAML.readTree(base.resolve("kustomization.yaml").toFile());
        for (JsonNode resource : kustomization.get("resources")) {
            assertTrue(Files.exists(base.resolve(resource.asText())), "missing " + resource);
        }
        JsonNode generator = kustomization.at("/configMapGenerator/0");
        String env = Files.readString(base.resolve(generator.at("/envs/0").asText()));
        for (String line : env.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList()) {
            assertTrue(line.matches("[A-Z][A-Z0-9_]*=.+"), "not KEY=value: " + line);
        }
        assertFalse(env.contains("\nPAYOUT_CALLBACK_BASE_URL="), "the base sets a callback URL");
        JsonNode pod = YAML.readTree(base.resolve("deployment.yaml").toFile()).at("/spec/template/spec");
        assertEquals(generator.get("name").asText(), pod.at("/containers/0/envFrom/0/configMapRef/name").asText());
        assertEquals(kustomization.at("/images/0/name").asText(), pod.at("/containers/0/image").asText());
        for (String overlay : List.of("sandbox", "production")) {
            Path dir = base.resolve("overlays").resolve(overlay);
            JsonNode o = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
            assertTrue(Files.exists(dir.resolve(o.at("/resources/0").asText()).resolve("kustomization.yaml")));
            assertEquals("merge", o.at("/configMapGenerator/0/behavior").asText());
            assertEquals(generator.get("name").asText(), o.at("/configMapGenerator/0/name").asText());
        }
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
