package dev.momopay.payout.application.golive;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.momo.AccountSetup;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.momo.MomoDisbursementClient;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.momo.dto.Balance;
import dev.momopay.payout.momo.provisioning.SandboxProvisioner;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Whether an account is ready to pay: its settings, MoMo's token endpoint, its balance in the configured currency,
 * the target environment and its market, the base URL's TLS and the callback host, each finding naming the variable
 * to fix. It runs at start-up (logged; the {@code momo} health group shows the latest reports) and on demand
 * ({@code GET /ops/accounts/{name}/check}). Blocking: it waits for MoMo, so it runs off the event loop.
 */
@ApplicationScoped
public class GoLiveCheck {

    private static final Logger LOG = Logger.getLogger(GoLiveCheck.class);
    private static final Duration MOMO_TIMEOUT = Duration.ofSeconds(30);

    private final MomoClients clients;
    private final Optional<URI> callbackBase;
    private final Clock clock;
    private final Map<String, AccountReport> latest = new ConcurrentHashMap<>();

    public GoLiveCheck(MomoClients clients, PayoutConfig config) {
        this.clients = clients;
        this.callbackBase = config.callbackBaseUrl();
        this.clock = Clock.systemUTC();
    }

    /**
     * Checks one account now (a token comes from the cache when it has one).
     *
     * @throws dev.momopay.payout.momo.UnknownMomoAccountException when no such account is configured
     */
    public AccountReport check(String account) {
        AccountSetup setup = clients.setup(account);
        List<String> problems = clients.configurationProblems().getOrDefault(setup.account(), List.of());
        List<Finding> findings = new ArrayList<>(GoLiveRules.configuration(setup, problems));
        findings.add(GoLiveRules.targetEnvironment(setup));
        if (setup.baseUrl() != null) {
            findings.addAll(GoLiveRules.baseUrl(setup));
        }
        GoLiveRules.configuredCurrency(setup).ifPresent(findings::add);
        GoLiveRules.Registration registration = GoLiveRules.Registration.unknown("not asked");
        if (problems.isEmpty()) {
            Optional<MomoResult<?>> tokenFailure = clients.tokenFailure(setup.account())
                    .ifNoItem().after(MOMO_TIMEOUT).recoverWithItem(Optional.of(noAnswer()))
                    .await().indefinitely();
            findings.addAll(GoLiveRules.token(setup, tokenFailure));
            if (tokenFailure.isEmpty()) {
                MomoDisbursementClient client = clients.forAccount(setup.account());
                Uni<MomoResult<Balance>> balance = setup.currency().map(client::getAccountBalanceIn)
                        .orElseGet(client::getAccountBalance);
                findings.add(GoLiveRules.balance(setup, balance.ifNoItem().after(MOMO_TIMEOUT)
                        .recoverWithItem(GoLiveCheck.<Balance>noAnswer()).await().indefinitely()));
            }
            if (setup.sandbox() && callbackBase.isPresent()) {
                registration = registration(setup.account());
            }
        }
        findings.add(GoLiveRules.callbackHost(callbackBase, setup, registration));
        AccountReport report = AccountReport.of(setup.account(), clock.instant(), findings);
        latest.put(setup.account(), report);
        return report;
    }

    /** Checks every account and logs what it found: a FAIL as an error, a WARN as a warning. */
    public List<AccountReport> checkAllAndLog() {
        List<AccountReport> reports = new ArrayList<>();
        for (String account : clients.accountNames()) {
            AccountReport report;
            try {
                report = check(account);
            } catch (RuntimeException e) {
                LOG.errorf("go-live check of MoMo account '%s' could not run: %s", account, e.toString());
                continue;
            }
            reports.add(report);
            for (Finding finding : report.problems()) {
                String line = String.format("go-live check of MoMo account '%s': %s %s: %s%s", account,
                        finding.verdict(), finding.check(), finding.detail(),
                        finding.fix() == null ? "" : " (fix: " + finding.fix() + ")");
                if (finding.verdict() == Finding.Verdict.FAIL) {
                    LOG.error(line);
                } else {
                    LOG.warn(line);
                }
            }
            LOG.infof("go-live check of MoMo account '%s': %s", account, report.verdict());
        }
        return reports;
    }

    /** The latest report of each account checked since start-up, by account name. */
    public Map<String, AccountReport> latest() {
        return new TreeMap<>(latest);
    }

    private GoLiveRules.Registration registration(String account) {
        try {
            String host = clients.registeredCallbackHost(account);
            return host.isBlank() ? GoLiveRules.Registration.unknown("the API user has none")
                    : GoLiveRules.Registration.of(host);
        } catch (SandboxProvisioner.ProvisioningException e) {
            return GoLiveRules.Registration.unknown(e.getMessage());
        }
    }

    private static <T> MomoResult<T> noAnswer() {
        return new MomoResult.Unavailable<>(0, null, "no answer within " + MOMO_TIMEOUT.toSeconds() + " s");
    }
}
