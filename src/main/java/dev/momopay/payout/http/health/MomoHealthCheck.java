package dev.momopay.payout.http.health;

import dev.momopay.payout.momo.MomoClients;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import io.smallrye.health.api.HealthGroup;

/**
 * MoMo's reachability, as its own health group ({@code /q/health/group/momo}): every configured account must be able
 * to get an access token (normally from the cache, so the check costs nothing). Neither readiness nor liveness looks
 * at MoMo: during a MoMo outage the worker keeps taking commands in and answering callbacks and the ops API, and
 * pays once MoMo is back; the gauge {@code momo.reachable} and an alert tell the on-call.
 */
@HealthGroup("momo")
@ApplicationScoped
public class MomoHealthCheck implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final MomoClients clients;

    public MomoHealthCheck(MomoClients clients) {
        this.clients = clients;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        List<String> accounts = List.copyOf(clients.accountNames());
        List<Uni<Optional<String>>> checks = accounts.stream()
                .map(account -> clients.tokenProblem(account)
                        .map(problem -> problem.isEmpty() && clients.lastCallUnanswered(account)
                                ? Optional.of("the last MoMo call got no answer") : problem)
                        .ifNoItem().after(TIMEOUT).recoverWithItem(Optional.of("no answer from MoMo within "
                                + TIMEOUT.toSeconds() + " s"))
                        .onFailure().recoverWithItem(failure -> Optional.of(failure.toString())))
                .toList();
        if (checks.isEmpty()) {
            return Uni.createFrom().item(HealthCheckResponse.down("MoMo access tokens"));
        }
        return Uni.join().all(checks).andFailFast().map(problems -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("MoMo access tokens").up();
            for (int i = 0; i < accounts.size(); i++) {
                Optional<String> problem = problems.get(i);
                response.withData(accounts.get(i), problem.orElse("token available"));
                if (problem.isPresent()) {
                    response.down();
                }
            }
            return response.build();
        });
    }
}
