package dev.momopay.payout.scheduling;

import dev.momopay.payout.application.ResultWriter;
import dev.momopay.payout.application.StatusCheckDispatcher;
import dev.momopay.payout.application.SubmissionDispatcher;
import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.messaging.OutboxRelay;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.messaging.PayoutCommandConsumer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Starts the worker's loops with the application and stops them in an order that loses nothing: intake first (an
 * unfinished batch stays unacknowledged), then new MoMo calls, then the writer (results of calls in flight are
 * committed), then the outbox relay (events committed so far are flushed).
 */
@ApplicationScoped
public class WorkerLifecycle {

    private static final Logger LOG = Logger.getLogger(WorkerLifecycle.class);

    private final SubmissionDispatcher submissions;
    private final StatusCheckDispatcher statusChecks;
    private final ResultWriter writer;
    private final OutboxRelay relay;
    private final PayoutCommandConsumer consumer;

    public WorkerLifecycle(SubmissionDispatcher submissions, StatusCheckDispatcher statusChecks, ResultWriter writer,
            OutboxRelay relay, PayoutCommandConsumer consumer) {
        this.submissions = submissions;
        this.statusChecks = statusChecks;
        this.writer = writer;
        this.relay = relay;
        this.consumer = consumer;
    }

    void onStart(@Observes StartupEvent event, PayoutConfig config, MomoClients clients) {
        LOG.infof("payout worker %s starting; MoMo accounts %s; callbacks %s",
                config.instanceId().orElse("(unnamed)"), clients.accountNames(),
                config.callbackBaseUrl().map(url -> "to " + url).orElse("off (polling only)"));
        clients.configurationProblems().forEach((account, problems) ->
                LOG.warnf("MoMo account %s is not fully configured: %s", account, problems));
        writer.onEventsCommitted(relay::wakeUp);
        writer.start();
        relay.start();
        submissions.start();
        statusChecks.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        consumer.stop();
        submissions.stop(Duration.ofSeconds(5));
        statusChecks.stop(Duration.ofSeconds(5));
        waitForWriter(Duration.ofSeconds(15));
        writer.stop(Duration.ofSeconds(15));
        relay.stop(Duration.ofSeconds(10));
        relay.flush(Duration.ofSeconds(10));
    }

    private void waitForWriter(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (writer.backlog() > 0 && System.nanoTime() < deadline) {
            writer.wakeUp();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
