package dev.momopay.devstack;

import dev.momopay.payout.testsupport.CommandProducer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Command one: the whole product on this machine with nothing installed but a JDK. Starts embedded PostgreSQL and
 * Kafka, the MoMo simulator and the packaged worker ({@link EmbeddedStack}), publishes the demo batch
 * ({@link DemoBatch}), shows live progress ({@link ProgressDisplay}), prints the summary ({@link SummaryTable}), then
 * keeps the stack up and prints its URLs until Ctrl-C. With {@code --exit-after-summary} (or
 * {@code -Ddemo.exitAfterSummary=true}) it stops after the summary instead and exits 1 when any record differs from
 * its expected outcome (2 when the stack could not start).
 *
 * <pre>
 * ./mvnw -Pdemo package                                  # builds, then runs this
 * ./mvnw -B -Pdemo package -Ddemo.exitAfterSummary=true  # scripts and CI
 * </pre>
 */
public final class DemoStack {

    private DemoStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        DemoOptions options = DemoOptions.parse(args);
        Instant start = Instant.now();
        EmbeddedStack stack = new EmbeddedStack(options, out);
        stopOnSignals(stack);
        try {
            stack.start();
        } catch (RuntimeException e) {
            out.println("The stack did not start: " + e.getMessage());
            System.exit(2);
        }
        out.printf("Stack up in %.1f s.%n%n", seconds(start));

        List<DemoRecord> records = DemoBatch.create();
        OutcomeProbe probe = new OutcomeProbe(stack);
        ProgressDisplay progress = new ProgressDisplay(out, probe, records);
        Instant deadline = Instant.now().plus(options.timeout());
        List<DemoRecord> firstWave = records.stream().filter(r -> !r.secondWave()).toList();
        List<DemoRecord> secondWave = records.stream().filter(DemoRecord::secondWave).toList();

        DemoOperator operator = new DemoOperator(stack.workerUrl(), stack.opsKey(), records);
        publish(out, firstWave, "Publishing the demo batch");
        progress.showUntil(() -> {
            operator.act();
            return firstWave.stream().allMatch(probe::matches);
        }, remaining(deadline));
        progress.finish();
        publish(out, secondWave, "Re-sending two references of the finished batch, and a cancel that comes too late");
        progress.showUntil(() -> records.stream().allMatch(probe::matches), remaining(deadline));
        progress.finish();

        int mismatches = SummaryTable.print(out, records, probe);
        out.printf("Demo took %.1f s in all.%n", seconds(start));
        if (options.exitAfterSummary()) {
            stack.close();
            System.exit(mismatches == 0 ? 0 : 1);
        }
        out.println();
        out.println("The stack stays up (the two pending payouts stay SUBMITTED, as in the MoMo sandbox):");
        stack.urls().forEach((name, url) -> out.printf("  %-18s %s%n", name, url));
        out.println("Press Ctrl-C to stop everything.");
        new CountDownLatch(1).await();
    }

    /**
     * Ctrl-C (SIGINT) and SIGTERM stop the stack in order BEFORE the JVM begins to exit: the JVM runs all shutdown
     * hooks at once, and the Kafka test kit's own hook deletes the broker's directories, which makes a still-running
     * broker halt the JVM. The shutdown hook stays as a fallback for any other exit.
     */
    private static void stopOnSignals(EmbeddedStack stack) {
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "demo-stack-stop"));
        for (String name : List.of("INT", "TERM")) {
            Signal.handle(new Signal(name), signal -> {
                stack.close();
                System.exit(128 + signal.getNumber());
            });
        }
    }

    private static void publish(PrintStream out, List<DemoRecord> records, String what) {
        out.println(what + ":");
        for (DemoRecord record : records) {
            CommandProducer.send(record.topic(), record.key(), record.value());
            out.printf("  #%-2d %-9s %-34s -> expect %s%s%n", record.number(), record.operation(), record.label(),
                    record.expected().text(), switch (record.operator()) {
                        case APPROVE -> " (the demo's operator approves it)";
                        case REJECT -> " (the demo's operator rejects it)";
                        case NONE -> "";
                    });
        }
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
}
