package dev.momopay.payout.testsupport;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Utils;

/**
 * A small reproduction of a test JVM that exits while its in-JVM Kafka broker runs (docs/reliability.md, "The fork
 * that failed after every test passed"); run on demand, never by the build. The mode is the first argument:
 * <ul>
 * <li>{@code stock}: the test kit as the suite once started it: the kit's own temporary directory, deleted by a
 * shutdown hook of the kit's, and the cluster closed by another hook, so the two race at exit;</li>
 * <li>{@code deleted-first}: {@code stock} with the race's bad interleaving forced: the directory is deleted while the
 * broker runs on for a moment, then the cluster is closed;</li>
 * <li>{@code suite}: what the suite does now: its own directory, Kafka's exit and halt refused, the cluster stopped
 * (by {@link SuiteShutdown}) before the JVM exits;</li>
 * <li>{@code suite-deleted-first}: {@code suite} with its directory deleted under the running broker all the same.</li>
 * </ul>
 * The exit status tells: 0 is a clean exit.
 *
 * <pre>./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.cp
 * java -cp "target/test-classes:target/classes:$(cat target/test.cp)" \
 *     dev.momopay.payout.testsupport.KafkaExitRace deleted-first; echo $?</pre>
 */
public final class KafkaExitRace {

    private KafkaExitRace() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "stock";
        boolean suite = mode.startsWith("suite");
        boolean deletedFirst = mode.endsWith("deleted-first");
        if (!suite) {
            // Kafka's own behaviour (halt the JVM), only said out loud: this program has no logging set up.
            Exit.setHaltProcedure((status, message) -> {
                System.err.println("Kafka halts the JVM with status " + status + ": " + message);
                Runtime.getRuntime().halt(status);
            });
        }
        TestKitNodes.Builder nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1);
        Path owned = suite ? KafkaTestKits.newBaseDirectory("exit-race") : null;
        if (suite) {
            nodes.setBaseDirectory(owned);
        }
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes.build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        writeSomeRecords(cluster.bootstrapServers());
        Runnable stop = () -> {
            try {
                if (deletedFirst) {
                    Utils.delete(new File(cluster.nodes().baseDirectory()));
                    // The broker runs on for a moment (another hook is still busy): long enough for one of its
                    // periodic checkpoint writes (the high watermarks', every 5 s) to meet the missing directory.
                    Thread.sleep(6_000);
                }
                cluster.close();
            } catch (Exception e) {
                System.err.println("close failed: " + e);
            }
        };
        if (suite) {
            SuiteShutdown.register(SuiteShutdown.Order.KAFKA, "exit-race", () -> {
                stop.run();
                KafkaTestKits.delete(owned);
            });
            SuiteShutdown.stopAll();
            System.out.println("stopped before exit; Kafka's requests to end the JVM refused: "
                    + KafkaTestKits.refused());
        } else {
            Runtime.getRuntime().addShutdownHook(new Thread(stop, "kafka-stop"));
            System.out.println("exiting with the broker running");
        }
        System.exit(0);
    }

    /** Partitions with data, so the broker has logs and checkpoints to write while it stops. */
    private static void writeSomeRecords(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("exit-race", 6, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 20_000; i++) {
                producer.send(new ProducerRecord<>("exit-race", i % 6, null, new byte[200]));
            }
            producer.flush();
        }
    }
}
