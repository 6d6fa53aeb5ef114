package dev.momopay.payout.scheduling;

import dev.momopay.payout.application.golive.GoLiveCheck;
import dev.momopay.payout.config.PayoutConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Runs every account's go-live check once the worker has started, off the start-up thread: the worker takes commands
 * in whatever the check finds (a configuration refusal holds payouts, it never fails them), and the log and the
 * {@code momo} health group say what to fix.
 */
@ApplicationScoped
public class GoLiveAtStartup {

    private final GoLiveCheck goLive;
    private final boolean atStartUp;

    public GoLiveAtStartup(GoLiveCheck goLive, PayoutConfig config) {
        this.goLive = goLive;
        this.atStartUp = config.goLiveCheck().atStartUp();
    }

    void onStart(@Observes StartupEvent event) {
        if (!atStartUp) {
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(goLive::checkAllAndLog);
    }
}
