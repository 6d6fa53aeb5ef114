package dev.momopay.payout.messaging;

import dev.momopay.payout.application.IncomingCommand.DeadLetter;
import dev.momopay.payout.application.IncomingCommand.DeadLetterReason;
import dev.momopay.payout.application.IncomingCommand.SourceRecord;
import dev.momopay.payout.application.controls.CancelService;
import dev.momopay.payout.application.controls.CancelService.CancelOutcome;
import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.Backoff;
import dev.momopay.payout.observability.PayoutMetrics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes in cancel commands ({@code payouts.cancel.requested}), a poll at a time. Each cancel commits on its own; a
 * refused or unreadable one goes to the dead-letter topic with the reason. The batch is acknowledged once every
 * cancel is committed and its dead letters acknowledged; while the database is unavailable it is retried in place
 * (a cancel applied twice is harmless: the second finds the payout CANCELLED).
 */
@ApplicationScoped
public class CancelCommandConsumer {

    public static final String CHANNEL = "payout-cancels";
    private static final Logger LOG = Logger.getLogger(CancelCommandConsumer.class);

    private final CancelService cancels;
    private final DeadLetterPublisher deadLetters;
    private final PayoutMetrics metrics;
    private final OutboxRelay relay;
    private final Backoff retry;
    private volatile boolean stopping;

    public CancelCommandConsumer(CancelService cancels, DeadLetterPublisher deadLetters, PayoutMetrics metrics,
            OutboxRelay relay, PayoutConfig config) {
        this.cancels = cancels;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.relay = relay;
        this.retry = new Backoff(config.intake().retryInitialDelay(), config.intake().retryMaxDelay(), 0.2);
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        List<CancelCommandParser.Parsed> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            batch.add(CancelCommandParser.parse(new SourceRecord(record.topic(), record.partition(), record.offset(),
                    record.key(), record.value())));
        }
        for (int attempt = 0; ; attempt++) {
            try {
                List<CancelOutcome> outcomes = new ArrayList<>();
                List<DeadLetter> letters = apply(batch, outcomes);
                deadLetters.publish(letters);
                // Metered once the batch is through: a batch retried in place is not counted twice.
                metrics.deadLettered(letters);
                outcomes.forEach(outcome -> metrics.controlAction("cancel_"
                        + outcome.result().name().toLowerCase(Locale.ROOT)));
                relay.wakeUp();
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    throw e;
                }
                Duration wait = retry.delay(attempt, ThreadLocalRandom.current()::nextDouble);
                LOG.warnf("could not apply a batch of %d cancels (attempt %d), retrying in %d ms; nothing is "
                        + "acknowledged meanwhile: %s", batch.size(), attempt + 1, wait.toMillis(), e.toString());
                Thread.sleep(wait.toMillis());
            }
        }
    }

    private List<DeadLetter> apply(List<CancelCommandParser.Parsed> batch, List<CancelOutcome> outcomes) {
        List<DeadLetter> letters = new ArrayList<>();
        for (CancelCommandParser.Parsed parsed : batch) {
            if (parsed.deadLetter() != null) {
                letters.add(parsed.deadLetter());
                continue;
            }
            CancelOutcome outcome = cancels.cancel(parsed.request());
            outcomes.add(outcome);
            LOG.infof("cancel of %s from the cancel topic: %s", parsed.request().referenceId(), outcome.result());
            if (outcome.result() == CancelService.Result.REFUSED) {
                letters.add(new DeadLetter(parsed.source(), DeadLetterReason.CANCEL_REFUSED,
                        outcome.message()));
            }
        }
        return letters;
    }

    /** Called on shutdown: a batch still retrying gives up unacknowledged, to be redelivered after the restart. */
    public void stop() {
        stopping = true;
    }
}
