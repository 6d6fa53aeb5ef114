package dev.momopay.payout.scheduling;

import dev.momopay.payout.application.InFlightCalls;
import dev.momopay.payout.application.ResultWriter;
import dev.momopay.payout.application.StatusCheckDispatcher;
import dev.momopay.payout.application.SubmissionDispatcher;
import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.messaging.OutboxRelay;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.messaging.CancelCommandConsumer;
import dev.momopay.payout.messaging.PayoutCommandConsumer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Starts the worker's loops with the application and stops them, within one budget ({@code payout.shutdown-budget},
 * after the HTTP drain), in an order that loses nothing: intake first (an unfinished batch stays unacknowledged), then
 * new MoMo calls; then the calls in flight are awaited and their results committed, then the outbox is flushed. What
 * does not fit in the budget is not lost: a call still unanswered at the end is repeated after the restart with the
 * same reference (its lease runs out), and an event not flushed is published by the next instance.
 */
@ApplicationScoped
public class WorkerLifecycle {

    private static final Logger LOG = Logger.getLogger(WorkerLifecycle.class);

    private final SubmissionDispatcher submissions;
    private final StatusCheckDispatcher statusChecks;
    private final ResultWriter writer;
    private final OutboxRelay relay;
    private final PayoutCommandConsumer consumer;
    private final CancelCommandConsumer cancelConsumer;
    private final InFlightCalls inFlight;
    private final Duration budget;

    public WorkerLifecycle(SubmissionDispatcher submissions, StatusCheckDispatcher statusChecks, ResultWriter writer,
            OutboxRelay relay, PayoutCommandConsumer consumer, CancelCommandConsumer cancelConsumer,
            InFlightCalls inFlight, PayoutConfig config) {
        this.submissions = submissions;
        this.statusChecks = statusChecks;
        this.writer = writer;
        this.relay = relay;
        this.consumer = consumer;
        this.cancelConsumer = cancelConsumer;
        this.inFlight = inFlight;
        this.budget = config.shutdownBudget();
    }

    void onStart(@Observes StartupEvent event, PayoutConfig config, MomoClients clients) {
        LOG.infof("payout worker %s starting; MoMo accounts %s; callbacks %s",
                config.instanceId().orElse("(unnamed)"), clients.accountNames(),
                config.callbackBaseUrl().map(url -> "to " + url).orElse("off (polling only)"));
        clients.configurationProblems().forEach((account, problems) ->
                LOG.warnf("MoMo account %s is not fully configured: %s", account, problems));
        writer.start();
        relay.start();
        submissions.start();
        statusChecks.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        long deadline = System.nanoTime() + budget.toNanos();
        consumer.stop();
        cancelConsumer.stop();
        submissions.stop(left(deadline, 0.1));
        statusChecks.stop(left(deadline, 0.1));
        // Calls in flight get most of the budget; a fifth stays for committing their results and the flush.
        awaitUntil(() -> inFlight.inFlight() == 0, left(deadline, 0.75));
        int unanswered = inFlight.inFlight();
        awaitUntil(() -> writer.backlog() == 0, left(deadline, 0.5));
        writer.stop(left(deadline, 0.5));
        relay.stop(left(deadline, 0.3));
        relay.flush(left(deadline, 1.0));
        if (unanswered > 0 || writer.backlog() > 0) {
            LOG.warnf("stopped with %d MoMo calls unanswered and %d results not committed; their payouts are asked "
                    + "again with the same reference after the restart", unanswered, writer.backlog());
        }
    }

    /** A share of the time left until the deadline. */
    private static Duration left(long deadline, double share) {
        long nanos = Math.max(0, deadline - System.nanoTime());
        return Duration.ofNanos((long) (nanos * share));
    }

    private void awaitUntil(java.util.function.BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            writer.wakeUp();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
