package dev.momopay.payout.http.health;

import dev.momopay.payout.application.golive.AccountReport;
import dev.momopay.payout.application.golive.Finding;
import dev.momopay.payout.application.golive.GoLiveCheck;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The latest go-live check of each MoMo account, in the {@code momo} health group: DOWN while an account's last check
 * found a setting that keeps it from paying (a FAIL), with what to fix as the data. It reads the reports only: the
 * check itself runs at start-up and on {@code GET /ops/accounts/{name}/check}.
 */
@HealthGroup("momo")
@ApplicationScoped
public class GoLiveHealthCheck implements HealthCheck {

    private final GoLiveCheck goLive;

    public GoLiveHealthCheck(GoLiveCheck goLive) {
        this.goLive = goLive;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, AccountReport> reports = goLive.latest();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("MoMo go-live check").up();
        if (reports.isEmpty()) {
            return response.withData("accounts", "not checked yet").build();
        }
        reports.forEach((account, report) -> {
            response.withData(account, describe(report));
            if (report.verdict() == Finding.Verdict.FAIL) {
                response.down();
            }
        });
        return response.build();
    }

    private static String describe(AccountReport report) {
        if (report.problems().isEmpty()) {
            return "PASS";
        }
        return report.verdict() + ": " + report.problems().stream()
                .map(f -> f.verdict() + " " + f.check() + (f.fix() == null ? "" : " (fix: " + f.fix() + ")"))
                .collect(Collectors.joining("; "));
    }
}
