package dev.momopay.payout.application;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.persistence.ClaimedPayout;
import dev.momopay.payout.persistence.HistoryLine;
import dev.momopay.payout.persistence.HistoryRepository;
import dev.momopay.payout.persistence.PayoutRepository;
import dev.momopay.payout.persistence.PayoutUpdate;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Drives submissions from the database. Each round leases due payouts (SKIP LOCKED, so replicas never share one),
 * commits the lease, and only then calls MoMo, outside any transaction, with the payout's own reference. A payout
 * claimed for the first time is POSTed; one that was claimed before (its earlier attempt's outcome is unknown, or
 * its worker died) is first looked up with a status GET, and POSTed again with the same reference only when MoMo
 * does not know it after the grace period.
 */
@Singleton
public class SubmissionDispatcher extends WorkLoop {

    private static final Logger LOG = Logger.getLogger(SubmissionDispatcher.class);

    private final PayoutRepository payouts;
    private final HistoryRepository history;
    private final MomoGateway gateway;
    private final OutcomeDecisions decisions;
    private final ResultWriter writer;
    private final InFlightCalls inFlight;
    private final PayoutConfig.Submission settings;

    public SubmissionDispatcher(PayoutRepository payouts, HistoryRepository history, MomoGateway gateway,
            OutcomeDecisions decisions, ResultWriter writer, InFlightCalls inFlight, PayoutConfig config) {
        super("payout-submission");
        this.payouts = payouts;
        this.history = history;
        this.gateway = gateway;
        this.decisions = decisions;
        this.writer = writer;
        this.inFlight = inFlight;
        this.settings = config.submission();
    }

    @Override
    protected Duration runRound() {
        int wanted = inFlight.tryTake(settings.batchSize());
        if (wanted == 0) {
            return Duration.ofMillis(20);
        }
        List<ClaimedPayout> claimed;
        try {
            claimed = claim(wanted);
        } catch (RuntimeException e) {
            inFlight.giveBack(wanted);
            throw e;
        }
        inFlight.giveBack(wanted - claimed.size());
        for (ClaimedPayout payout : claimed) {
            process(payout).subscribe().with(update -> finish(update), failure -> {
                LOG.errorf("unexpected failure while submitting payout %s: %s", payout.referenceId(), failure);
                finish(decisions.afterPost(payout, new MomoResult.Ambiguous<>(
                        dev.momopay.payout.momo.AmbiguityKind.SERVER_ERROR, failure.toString())));
            });
        }
        return claimed.size() == wanted ? Duration.ZERO : Duration.ofMillis(500);
    }

    private void finish(PayoutUpdate update) {
        inFlight.giveBack(1);
        writer.submit(update);
    }

    private List<ClaimedPayout> claim(int limit) {
        UUID token = UUID.randomUUID();
        return QuarkusTransaction.requiringNew().call(() -> {
            List<ClaimedPayout> claimed = payouts.claimForSubmission(limit, settings.lease(), token);
            history.append(claimed.stream()
                    .filter(p -> !p.previousStatus().equals(p.status()))
                    .map(p -> new HistoryLine(p.referenceId(), p.previousStatus(), p.status(), null, null,
                            "leased for submission"))
                    .toList());
            return claimed;
        });
    }

    Uni<PayoutUpdate> process(ClaimedPayout payout) {
        if (PayoutStatus.RECEIVED.name().equals(payout.previousStatus())) {
            return post(payout);
        }
        return gateway.status(payout).onItem().transformToUni(result -> {
            if (result instanceof MomoResult.NotFound<?>) {
                Duration sincePost = payout.lastPostAt() == null ? decisions.ambiguousGrace()
                        : Duration.between(payout.lastPostAt(), payout.now());
                if (sincePost.compareTo(decisions.ambiguousGrace()) < 0) {
                    return Uni.createFrom().item(decisions.waitForGrace(payout,
                            decisions.ambiguousGrace().minus(sincePost)));
                }
                return post(payout);
            }
            return Uni.createFrom().item(decisions.afterStatus(payout, result));
        });
    }

    private Uni<PayoutUpdate> post(ClaimedPayout payout) {
        return gateway.submit(payout).map(result -> decisions.afterPost(payout, result));
    }
}
