package dev.momopay.payout.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Exit;
import org.jboss.logging.Logger;

/**
 * What every in-JVM Kafka test kit of the suite shares. The kit's own temporary directory is deleted by a JVM shutdown
 * hook of its own, which can run while the broker is still being stopped by another hook; the broker then finds its
 * log directories gone and asks Kafka's {@link Exit} to halt the JVM, so a test fork that passed every test exits
 * with an error. So the suite owns the directory (deleted after the broker stopped), and Kafka's exit and halt
 * procedures log and throw instead of ending the JVM: a fatal broker fault fails the test that meets it.
 */
final class KafkaTestKits {

    private static final Logger LOG = Logger.getLogger(KafkaTestKits.class);
    private static final java.util.concurrent.atomic.AtomicInteger REFUSED = new java.util.concurrent.atomic.AtomicInteger();

    static {
        Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
        Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
    }

    private KafkaTestKits() {
    }

    /** A new directory for one kit's logs and metadata, owned by the caller (see {@link #delete}). */
    static Path newBaseDirectory(String name) {
        try {
            return Files.createTempDirectory("payout-test-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a kit's directory once its broker and controller have stopped. */
    static void delete(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", directory, e);
        }
    }

    /** How many times a Kafka node asked to end the JVM and was refused. */
    static int refused() {
        return REFUSED.get();
    }

    private static void refuse(String what, int status, String message) {
        REFUSED.incrementAndGet();
        LOG.errorf("an embedded Kafka node asked to %s the JVM (status %d): %s; refused", what, status, message);
        throw new IllegalStateException("embedded Kafka asked to " + what + " the JVM (" + status + "): " + message);
    }
}
