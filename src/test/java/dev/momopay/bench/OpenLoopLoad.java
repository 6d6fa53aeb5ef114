package dev.momopay.bench;

import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.InvariantChecker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Open-loop load in the manner of wrk2: command {@code i} of a step is due at {@code start + i / rate}, whatever
 * happened to the commands before it, and its latency is measured from that planned time to the moment the outcome
 * event was appended to the outcome topic (the record's timestamp). A stall therefore shows up as latency of every
 * command planned during it, never as fewer samples (no coordinated omission).
 */
final class OpenLoopLoad implements AutoCloseable {

    static final String OUTCOMES = "payouts.outcomes";
    private static final List<String> TOPICS = List.of(CommandProducer.DEPOSITS, CommandProducer.TRANSFERS);
    /** Wallets that succeed in the sandbox matrix; a few only, so the log scan of INV-8 stays cheap. */
    private static final List<String> PAYEES = List.of("56733123453", "56733123471", "56733123472", "56733123473");
    private static final long HISTOGRAM_MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    /** One planned command that has not seen its outcome yet. */
    private record Ticket(Step step, long plannedMillis) {
    }

    /** What one step of fixed offered load produced; filled by the producer and the outcome listener. */
    static final class Step {
        final String label;
        final double offeredRate;
        final Duration length;
        final Histogram latencyMicros = new Histogram(HISTOGRAM_MAX_MICROS, 3);
        final AtomicLong sent = new AtomicLong();
        final AtomicLong outcomes = new AtomicLong();
        final Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
        final List<UUID> references = Collections.synchronizedList(new ArrayList<>());
        volatile long startMillis;
        volatile long endMillis;
        volatile long lastOutcomeMillis;
        /** How far the producer fell behind its schedule at worst (the generator's own health). */
        volatile long maxSendLagMicros;

        Step(String label, double offeredRate, Duration length) {
            this.label = label;
            this.offeredRate = offeredRate;
            this.length = length;
        }

        long pending() {
            return sent.get() - outcomes.get();
        }
    }

    private final InvariantChecker checker;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<UUID, Ticket> open = new ConcurrentHashMap<>();
    /** Outcomes appended per second of the run (index = second since {@link #epochMillis}), by record timestamp. */
    private final AtomicLongArray outcomesPerSecond = new AtomicLongArray(24 * 3600);
    private final long epochMillis = System.currentTimeMillis();
    private final Thread listener;
    private volatile boolean running = true;

    OpenLoopLoad(String bootstrapServers, InvariantChecker checker) {
        this.checker = checker;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(c);
        List<TopicPartition> partitions = consumer.partitionsFor(OUTCOMES).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        listener = new Thread(this::listen, "bench-outcomes");
        listener.setDaemon(true);
        listener.start();
    }

    /**
     * Offers {@code rate} payouts per second for {@code length}, then waits up to {@code drain} for the outcomes of
     * this step. Returns the step with its latency histogram.
     */
    Step run(String label, double rate, Duration length, Duration drain) {
        Step step = new Step(label, rate, length);
        long count = Math.round(rate * length.toMillis() / 1000.0);
        long periodNanos = (long) (1e9 / rate);
        long startNanos = System.nanoTime();
        step.startMillis = System.currentTimeMillis();
        for (long i = 0; i < count; i++) {
            long dueNanos = startNanos + i * periodNanos;
            long wait = dueNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                step.maxSendLagMicros = Math.max(step.maxSendLagMicros, -wait / 1000);
            }
            long plannedMillis = step.startMillis + (dueNanos - startNanos) / 1_000_000;
            send(step, i, plannedMillis);
        }
        producer.flush();
        step.endMillis = System.currentTimeMillis();
        long deadline = System.nanoTime() + drain.toNanos();
        while (step.pending() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return step;
    }

    private void send(Step step, long i, long plannedMillis) {
        UUID reference = UUID.randomUUID();
        String ref = reference.toString();
        String topic = TOPICS.get((int) (i % TOPICS.size()));
        String payee = PAYEES.get((int) ((i / TOPICS.size()) % PAYEES.size()));
        byte[] key = ref.getBytes(StandardCharsets.UTF_8);
        byte[] value = Commands.payout(ref, "10", payee).getBytes(StandardCharsets.UTF_8);
        open.put(reference, new Ticket(step, plannedMillis));
        step.references.add(reference);
        step.sent.incrementAndGet();
        checker.remember(topic, key, value);
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error != null) {
                System.err.println("benchmark: could not publish a command: " + error);
            }
        });
    }

    private void listen() {
        while (running) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                int second = (int) ((record.timestamp() - epochMillis) / 1000);
                if (second >= 0 && second < outcomesPerSecond.length()) {
                    outcomesPerSecond.incrementAndGet(second);
                }
                UUID reference = referenceOf(record.key());
                Ticket ticket = reference == null ? null : open.remove(reference);
                if (ticket == null) {
                    continue; // a duplicate republish, or a payout this generator did not send (seeded backlog)
                }
                Step step = ticket.step();
                long latencyMicros = Math.max(0, (record.timestamp() - ticket.plannedMillis()) * 1000);
                synchronized (step.latencyMicros) {
                    step.latencyMicros.recordValue(Math.min(latencyMicros, HISTOGRAM_MAX_MICROS));
                }
                step.statuses.computeIfAbsent(statusOf(record.value()), s -> new AtomicLong()).incrementAndGet();
                step.lastOutcomeMillis = Math.max(step.lastOutcomeMillis, record.timestamp());
                step.outcomes.incrementAndGet();
            }
        }
    }

    /** Outcome events appended per second between two wall-clock instants (by the events' timestamps). */
    double outcomeRate(long fromMillis, long toMillis) {
        int from = (int) Math.ceil((fromMillis - epochMillis) / 1000.0);
        int to = (int) ((toMillis - epochMillis) / 1000);
        if (to <= from) {
            return 0;
        }
        long sum = 0;
        for (int s = from; s < to; s++) {
            sum += outcomesPerSecond.get(s);
        }
        return sum / (double) (to - from);
    }

    private static UUID referenceOf(byte[] key) {
        try {
            return key == null ? null : UUID.fromString(new String(key, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String statusOf(byte[] value) {
        String json = value == null ? "" : new String(value, StandardCharsets.UTF_8);
        int at = json.indexOf("\"status\":\"");
        if (at < 0) {
            return "?";
        }
        int from = at + 10;
        int to = json.indexOf('"', from);
        return to < 0 ? "?" : json.substring(from, to);
    }

    @Override
    public void close() {
        running = false;
        try {
            listener.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
        producer.close();
    }
}
