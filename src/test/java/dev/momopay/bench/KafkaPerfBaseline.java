package dev.momopay.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The broker-only baselines: Kafka's own {@code ProducerPerformance} and {@code ConsumerPerformance} tools (from
 * kafka-tools, each in a fresh JVM) against the benchmark's broker, with records the size of a payout command and
 * {@code acks=all} like the worker's producers.
 */
final class KafkaPerfBaseline {

    record ProducerResult(long records, double recordsPerSecond, double megabytesPerSecond, double averageMillis,
            double p50Millis, double p99Millis, double p999Millis, double offeredRate) {
    }

    record ConsumerResult(long records, double recordsPerSecond, double megabytesPerSecond) {
    }

    static final int RECORD_SIZE = 300;
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec "
            + "\\(([0-9.]+) MB/sec\\), ([0-9.]+) ms avg latency, ([0-9.]+) ms max latency, (\\d+) ms 50th, "
            + "(\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th");

    private final String bootstrapServers;

    KafkaPerfBaseline(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** A fresh topic (three partitions, like the command topics) per run, so runs do not read each other's records. */
    String newTopic(String name) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(name, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return name;
    }

    /** {@code rate} records/s (-1: as fast as the producer can) of {@link #RECORD_SIZE} bytes. */
    ProducerResult produce(String topic, long records, double rate) throws IOException, InterruptedException {
        String output = ChildProcess.run(ChildProcess.java("org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", Long.toString(records), "--record-size",
                Integer.toString(RECORD_SIZE), "--throughput", Long.toString(Math.round(rate)),
                "--producer-props", "bootstrap.servers=" + bootstrapServers, "acks=all", "linger.ms=1"),
                Map.of(), Duration.ofMinutes(5));
        Matcher m = SUMMARY.matcher(output);
        ProducerResult last = null;
        while (m.find()) {
            last = new ProducerResult(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), Double.parseDouble(m.group(6)),
                    Double.parseDouble(m.group(8)), Double.parseDouble(m.group(9)), rate);
        }
        if (last == null) {
            throw new IllegalStateException("ProducerPerformance printed no summary:\n" + output);
        }
        return last;
    }

    /** Reads {@code records} records of the topic from its beginning. */
    ConsumerResult consume(String topic, long records) throws IOException, InterruptedException {
        String output = ChildProcess.run(ChildProcess.java("org.apache.kafka.tools.ConsumerPerformance",
                "--bootstrap-server", bootstrapServers, "--topic", topic, "--messages", Long.toString(records),
                "--timeout", "60000"), Map.of(), Duration.ofMinutes(3));
        // Header "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ..." and a row.
        String[] lines = output.strip().split("\\R");
        String[] header = null;
        for (String line : lines) {
            if (line.startsWith("start.time")) {
                header = line.split(",\\s*");
                continue;
            }
            String[] row = line.split(",\\s*");
            if (header != null && row.length == header.length && Character.isDigit(line.charAt(0))) {
                return new ConsumerResult(Math.round(Double.parseDouble(row[index(header, "data.consumed.in.nMsg")])),
                        Double.parseDouble(row[index(header, "nMsg.sec")]),
                        Double.parseDouble(row[index(header, "MB.sec")]));
            }
        }
        throw new IllegalStateException("ConsumerPerformance printed no result:\n" + output);
    }

    private static int index(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no column " + name);
    }
}
