package dev.momopay.payout.momo;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of every configured MoMo account: its configuration is complete and it holds (or can obtain) an
 * access token. Uses the account's token cache, so a probe only reaches MoMo when a token is due anyway; the
 * token itself is never reported.
 */
@Readiness
@ApplicationScoped
public class MomoReadinessCheck implements AsyncHealthCheck {

    private final MomoClients clients;

    @Inject
    public MomoReadinessCheck(MomoClients clients) {
        this.clients = clients;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        Map<String, List<String>> problems = clients.configurationProblems();
        List<String> accounts = new ArrayList<>(clients.accountNames());
        List<Uni<String>> checks = new ArrayList<>();
        for (String account : accounts) {
            if (problems.containsKey(account)) {
                checks.add(Uni.createFrom().item(account + ": " + String.join("; ", problems.get(account))));
            } else {
                checks.add(clients.client(account).tokenCache().token().map(t -> t.ok() ? null
                        : account + ": no access token (" + t.failure() + ")"));
            }
        }
        if (checks.isEmpty()) {
            return Uni.createFrom().item(HealthCheckResponse.named("momo").down()
                    .withData("error", "no MoMo account configured (momo.accounts.<name>.*)").build());
        }
        return Uni.join().all(checks).andCollectFailures().map(results -> {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("momo").up();
            for (int i = 0; i < results.size(); i++) {
                String error = results.get(i);
                String account = accounts.get(i);
                if (error == null) {
                    b.withData(account, "UP");
                } else {
                    b.down().withData(account, error);
                }
            }
            return b.build();
        });
    }
}
