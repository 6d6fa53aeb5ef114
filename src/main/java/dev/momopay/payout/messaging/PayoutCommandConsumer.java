package dev.momopay.payout.messaging;

import dev.momopay.payout.application.IncomingCommand;
import dev.momopay.payout.application.IntakeService;
import dev.momopay.payout.application.SubmissionDispatcher;
import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.Backoff;
import dev.momopay.payout.domain.Operation;
import dev.momopay.payout.observability.PayoutMetrics;
import dev.momopay.payout.observability.PayoutTracing;
import dev.momopay.payout.observability.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes in payout commands from the three command topics, a whole poll at a time. The batch is acknowledged when
 * this method returns, which is only after its payouts are committed and its dead letters acknowledged by Kafka.
 * While the database (or Kafka, for dead letters) is unavailable the batch is retried in place: a good command is
 * never dead-lettered or skipped because of an outage. A bad record never blocks the partition: it is rejected or
 * dead-lettered within the batch.
 */
@ApplicationScoped
public class PayoutCommandConsumer {

    public static final String CHANNEL = "payout-commands";
    private static final Logger LOG = Logger.getLogger(PayoutCommandConsumer.class);

    private final IntakeService intake;
    private final DeadLetterPublisher deadLetters;
    private final SubmissionDispatcher submissions;
    private final PayoutMetrics metrics;
    private final PayoutTracing tracing;
    private final Map<String, Operation> operationByTopic;
    private final Backoff retry;
    private volatile boolean stopping;

    public PayoutCommandConsumer(IntakeService intake, DeadLetterPublisher deadLetters,
            SubmissionDispatcher submissions, PayoutConfig config, PayoutMetrics metrics, PayoutTracing tracing) {
        this.intake = intake;
        this.tracing = tracing;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.submissions = submissions;
        this.operationByTopic = Map.of(config.topics().deposit(), Operation.DEPOSIT,
                config.topics().transfer(), Operation.TRANSFER,
                config.topics().refund(), Operation.REFUND);
        this.retry = new Backoff(config.intake().retryInitialDelay(), config.intake().retryMaxDelay(), 0.2);
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        List<IncomingCommand> batch = new ArrayList<>(records.count());
        List<Span> spans = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Span span = tracing.startReceive(record);
            spans.add(span);
            IncomingCommand.SourceRecord source = new IncomingCommand.SourceRecord(record.topic(),
                    record.partition(), record.offset(), record.key(), record.value(),
                    TraceParent.of(span).orElse(null));
            IncomingCommand command = CommandParser.parse(source, operationByTopic.get(record.topic()));
            if (command instanceof IncomingCommand.Readable readable) {
                span.setAttribute(PayoutTracing.REFERENCE_ID, readable.command().referenceId().toString());
            } else if (command instanceof IncomingCommand.Unreadable unreadable) {
                span.setStatus(StatusCode.ERROR, "dead-lettered: " + unreadable.reason());
            }
            batch.add(command);
        }
        try {
            takeIn(batch);
        } catch (RuntimeException | InterruptedException e) {
            spans.forEach(span -> span.recordException(e).setStatus(StatusCode.ERROR));
            throw e;
        } finally {
            spans.forEach(Span::end);
        }
    }

    /** Commits the batch, retrying in place while the database (or Kafka, for dead letters) is unavailable. */
    private void takeIn(List<IncomingCommand> batch) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                IntakeService.IntakeResult result = intake.takeIn(batch);
                deadLetters.publish(result.deadLetters());
                metrics.intakeCommitted(result);
                if (result.received() > 0) {
                    submissions.wakeUp();
                }
                LOG.debugf("took in %d records: %d new, %d awaiting approval, %d rejected, %d cancelled, "
                        + "%d duplicates, %d dead letters", batch.size(), result.received(),
                        result.awaitingApproval(), result.rejected(), result.cancelled(), result.duplicates(),
                        result.deadLetters().size());
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    throw e;
                }
                Duration wait = retry.delay(attempt, ThreadLocalRandom.current()::nextDouble);
                LOG.warnf("could not take in a batch of %d commands (attempt %d), retrying in %d ms; nothing is "
                        + "acknowledged meanwhile: %s", batch.size(), attempt + 1, wait.toMillis(), e.toString());
                Thread.sleep(wait.toMillis());
            }
        }
    }

    /** Called on shutdown: a batch still retrying gives up unacknowledged, to be redelivered after the restart. */
    public void stop() {
        stopping = true;
    }
}
