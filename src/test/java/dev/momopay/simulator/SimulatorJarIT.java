package dev.momopay.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The simulator as a product of its own: its jar ({@code target/...-simulator.jar}) holds the simulator and its
 * libraries, nothing of the worker or the tests, and {@code java -jar} runs it: a token, a transfer and its final
 * status with the default credentials, as someone outside this project would use it.
 */
class SimulatorJarIT {

    @Test
    void theSimulatorJarRunsOnItsOwnAndHoldsNothingOfTheWorker() throws Exception {
        Path jar = Path.of(System.getProperty("payout.simulator.jar", "target/simulator.jar"));
        assertTrue(Files.isRegularFile(jar), "no simulator jar at " + jar);
        try (JarFile file = new JarFile(jar.toFile())) {
            assertNotNull(file.getEntry("dev/momopay/simulator/MomoSimulatorMain.class"));
            assertNotNull(file.getEntry("io/vertx/core/Vertx.class"));
            List<String> foreign = file.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("dev/momopay/payout/") || n.startsWith("io/quarkus/")
                            || n.endsWith("Test.class") || n.startsWith("dev/momopay/simulator/SimClient"))
                    .toList();
            assertTrue(foreign.isEmpty(), "not the simulator's: " + foreign);
            assertEquals("dev.momopay.simulator.MomoSimulatorMain",
                    file.getManifest().getMainAttributes().getValue("Main-Class"));
        }

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Path.of("target", "it-logs", "simulator-jar.log");
        Files.createDirectories(log.getParent());
        Process simulator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertTrue(simulator.isAlive(), "the simulator exited; see " + log.toAbsolutePath());
                return status(base + "/_sim/config") == 200;
            });
            SimulatorConfig defaults = SimulatorConfig.defaults();
            SimClient client = new SimClient(base, defaults.subscriptionKey(), defaults.apiUser(), defaults.apiKey(),
                    "sandbox").login();
            UUID reference = UUID.randomUUID();
            assertEquals(202, client.transfer(reference, "56733123453", "15").statusCode());
            await().atMost(Duration.ofSeconds(30)).until(() -> client.status("transfer", reference).body()
                    .contains("\"SUCCESSFUL\""));
        } finally {
            simulator.destroy();
            simulator.waitFor();
        }
    }

    private static int status(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
