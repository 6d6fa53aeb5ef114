package dev.momopay.payout.application.safeguards;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.Masking;
import dev.momopay.payout.domain.PayeeNames;
import dev.momopay.payout.domain.RejectionCode;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.momo.dto.AccountHolderIdType;
import dev.momopay.payout.momo.dto.BasicUserInfo;
import dev.momopay.payout.persistence.ClaimedPayout;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Payee pre-validation (off unless configured per account and operation): before the money call, ask MoMo whether
 * the payee's wallet is active and, when the command carries an {@code expectedPayeeName}, whether MoMo's name for
 * the wallet matches it ({@link PayeeNames}). A clear "no" rejects the payout with no money call; an answer that
 * decides nothing (an outage, a refusal of the check itself) postpones it: never paid unchecked, never rejected
 * on a guess. Answers are cached briefly per wallet.
 */
@ApplicationScoped
public class PayeeCheck {

    /** What the check decided. */
    public sealed interface Verdict {
        record Pass() implements Verdict {
        }

        record Reject(RejectionCode code, String message) implements Verdict {
        }

        record Postpone(String detail) implements Verdict {
        }
    }

    private static final Verdict PASS = new Verdict.Pass();

    private final MomoClients clients;
    private final Map<String, Set<String>> operationsByAccount;
    private final Duration cacheFor;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Boolean active, String name, Instant until) {
    }

    public PayeeCheck(MomoClients clients, PayoutConfig config) {
        this.clients = clients;
        Map<String, Set<String>> byAccount = new HashMap<>();
        config.safeguards().payeeCheck().operations().forEach((account, operations) -> byAccount.put(account,
                operations.stream().map(o -> o.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toSet())));
        this.operationsByAccount = Map.copyOf(byAccount);
        this.cacheFor = config.safeguards().payeeCheck().cacheFor();
    }

    public boolean appliesTo(ClaimedPayout payout) {
        return payout.command().payee() != null
                && operationsByAccount.getOrDefault(payout.account(), Set.of()).contains(payout.operation().name());
    }

    public Uni<Verdict> check(ClaimedPayout payout) {
        if (!appliesTo(payout)) {
            return Uni.createFrom().item(PASS);
        }
        return active(payout).onItem().transformToUni(active -> {
            if (!(active instanceof Verdict.Pass) || payout.command().expectedPayeeName() == null) {
                return Uni.createFrom().item(active);
            }
            return nameMatches(payout);
        });
    }

    private Uni<Verdict> active(ClaimedPayout payout) {
        String key = payout.account() + "|" + payout.command().payee().partyIdType() + "|"
                + payout.command().payee().partyId();
        Cached cached = cache.get(key);
        if (cached != null && cached.active() != null && cached.until().isAfter(Instant.now())) {
            return Uni.createFrom().item(activeVerdict(cached.active(), payout));
        }
        AccountHolderIdType type = switch (payout.command().payee().partyIdType()) {
            case EMAIL -> AccountHolderIdType.EMAIL;
            case PARTY_CODE -> AccountHolderIdType.PARTY_CODE;
            case MSISDN -> AccountHolderIdType.MSISDN;
        };
        return clients.forAccount(payout.account()).isAccountHolderActive(type,
                payout.command().payee().partyId()).map(result -> {
            if (result instanceof MomoResult.Ok<Boolean> ok && ok.body() != null) {
                cache.put(key, new Cached(ok.body(), null, Instant.now().plus(cacheFor)));
                return activeVerdict(ok.body(), payout);
            }
            if (result instanceof MomoResult.NotFound<Boolean>) {
                cache.put(key, new Cached(false, null, Instant.now().plus(cacheFor)));
                return (Verdict) new Verdict.Reject(RejectionCode.PAYEE_NOT_ACTIVE,
                        "MoMo knows no wallet for the payee " + Masking.maskIdentifier(payout.command().payee().partyId()));
            }
            return new Verdict.Postpone("payee check not answered by MoMo (" + result.getClass().getSimpleName()
                    + "); the payout waits");
        });
    }

    private static Verdict activeVerdict(boolean active, ClaimedPayout payout) {
        return active ? PASS : new Verdict.Reject(RejectionCode.PAYEE_NOT_ACTIVE,
                "MoMo reports the wallet of the payee " + Masking.maskIdentifier(payout.command().payee().partyId()) + " as not active");
    }

    private Uni<Verdict> nameMatches(ClaimedPayout payout) {
        if (payout.command().payee().partyIdType() != dev.momopay.payout.domain.PartyIdType.MSISDN) {
            return Uni.createFrom().item(new Verdict.Reject(RejectionCode.PAYEE_NAME_MISMATCH,
                    "the payee name can only be checked for an MSISDN payee"));
        }
        return clients.forAccount(payout.account()).getBasicUserInfo(payout.command().payee().partyId())
                .map(result -> {
            if (result instanceof MomoResult.Ok<BasicUserInfo> ok && ok.body() != null) {
                BasicUserInfo info = ok.body();
                List<String> candidates = new java.util.ArrayList<>();
                if (info.name() != null) {
                    candidates.add(info.name());
                }
                if (info.givenName() != null || info.familyName() != null) {
                    candidates.add((info.givenName() == null ? "" : info.givenName()) + " "
                            + (info.familyName() == null ? "" : info.familyName()));
                }
                boolean match = candidates.stream().anyMatch(n -> PayeeNames.matches(payout.command().expectedPayeeName(), n));
                return match ? PASS : new Verdict.Reject(RejectionCode.PAYEE_NAME_MISMATCH,
                        "the expected payee name does not match MoMo's name for the wallet");
            }
            if (result instanceof MomoResult.NotFound<BasicUserInfo>) {
                return new Verdict.Reject(RejectionCode.PAYEE_NOT_ACTIVE, "MoMo has no user info for the payee");
            }
            return new Verdict.Postpone("payee name check not answered by MoMo; the payout waits");
        });
    }
}
