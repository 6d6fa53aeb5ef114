package dev.momopay.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The simulator stands alone: nothing in its source root (src/simulator/java) uses the worker, a test library or
 * Quarkus, so its jar runs with Vert.x and Jackson only.
 */
class SimulatorIndependenceTest {

    @Test
    void theSimulatorsSourcesUseNeitherTheWorkerNorTestLibraries() throws IOException {
        Path root = Path.of("src/simulator/java");
        List<String> offending;
        try (Stream<Path> files = Files.walk(root)) {
            offending = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream().filter(line -> line.startsWith("import ")
                            && (line.contains("dev.momopay.payout") || line.contains("org.junit")
                                    || line.contains("io.quarkus") || line.contains("org.awaitility")))
                            .map(line -> root.relativize(f) + ": " + line);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertTrue(offending.isEmpty(), "the simulator depends on what its jar does not hold: " + offending);
        try (Stream<Path> files = Files.walk(root)) {
            assertTrue(files.anyMatch(f -> f.endsWith("MomoSimulatorMain.java")));
        }
    }
}
