package dev.momopay.payout.application.controls;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.config.PayoutConfig.Controls.Limits.OnExceed;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.domain.Reason;
import dev.momopay.payout.domain.RejectionCode;
import dev.momopay.payout.domain.controls.Usage;
import dev.momopay.payout.domain.controls.VelocityLimits;
import dev.momopay.payout.observability.PayoutMetrics;
import dev.momopay.payout.persistence.ClaimedPayout;
import dev.momopay.payout.persistence.HistoryLine;
import dev.momopay.payout.persistence.HistoryRepository;
import dev.momopay.payout.persistence.MoneyControlsRepository;
import dev.momopay.payout.persistence.VelocityRepository;
import dev.momopay.payout.persistence.VelocityRepository.ControlFlags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The lease half of the money controls: daily velocity limits and the suspected-duplicate hold, decided in the
 * transaction that leases first attempts, before their intent to POST. The payees and accounts of the lease are
 * locked first, so replicas take turns per payee and account and the limits hold across all of them. A payout that
 * would exceed a limit, or looks like a duplicate, waits for approval (a limit may reject it instead); one an operator
 * approved is only counted. Accounts without limits or duplicate hold pay nothing for this.
 */
@ApplicationScoped
public class SubmissionControls {

    private final VelocityRepository velocity;
    private final MoneyControlsRepository controls;
    private final HistoryRepository history;
    private final EndedPayouts ended;
    private final PayoutMetrics metrics;
    private final Map<String, Map<String, VelocityLimits>> limits;
    private final Map<String, Duration> duplicateWindows;
    private final Map<String, OnExceed> onExceed;
    private final ZoneId zone;
    private final Duration approvalExpiry;

    public SubmissionControls(VelocityRepository velocity, MoneyControlsRepository controls,
            HistoryRepository history, EndedPayouts ended, PayoutMetrics metrics, PayoutConfig config) {
        this.velocity = velocity;
        this.controls = controls;
        this.history = history;
        this.ended = ended;
        this.metrics = metrics;
        this.limits = MoneyControlsSettings.limits(config.controls().limits());
        this.duplicateWindows = Map.copyOf(config.controls().duplicateHold().window());
        this.onExceed = Map.copyOf(config.controls().limits().onExceed());
        this.zone = config.controls().limits().zone();
        this.approvalExpiry = config.controls().approval().expiry();
    }

    /** Whether the account has any lease-time control (when not, {@link #holdBack} does nothing). */
    public boolean appliesTo(String account) {
        return limits.containsKey(account) || duplicateWindows.containsKey(account);
    }

    /** The longest duplicate-hold window (the sweep keeps recent payouts that long). */
    public Duration longestWindow() {
        return duplicateWindows.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** The day the limits count now. */
    public LocalDate today() {
        return LocalDate.now(zone);
    }

    /** Deletes usage of past days (one is kept) and duplicate-hold rows older than every window. */
    public void forgetOld() {
        if (!limits.isEmpty() || !duplicateWindows.isEmpty()) {
            velocity.deleteOld(today().minusDays(1), longestWindow());
        }
    }

    /**
     * Judges the first attempts of one account's lease; returns the references held for approval or rejected here,
     * which must not be POSTed. Runs in the lease's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> holdBack(String account, List<ClaimedPayout> leased) {
        if (!appliesTo(account)) {
            return Set.of();
        }
        List<ClaimedPayout> first = leased.stream()
                .filter(p -> p.snapshot().postAttempts() == 0 && p.status() == PayoutStatus.SUBMITTING).toList();
        if (first.isEmpty()) {
            return Set.of();
        }
        Map<UUID, ControlFlags> flags = velocity.flags(first.stream().map(ClaimedPayout::referenceId).toList());
        List<ClaimedPayout> judged = first.stream()
                .filter(p -> !flags.getOrDefault(p.referenceId(), new ControlFlags(false, false)).counted()).toList();
        if (judged.isEmpty()) {
            return Set.of();
        }
        Set<String> scopes = new TreeSet<>();
        for (ClaimedPayout payout : judged) {
            accountScope(payout).ifPresent(scopes::add);
            payeeScope(payout).ifPresent(scopes::add);
        }
        velocity.lock(scopes);
        LocalDate day = today();
        Map<String, Usage> usage = new HashMap<>(velocity.usage(scopes, day));
        Map<String, Usage> changed = new HashMap<>();
        List<UUID> counted = new ArrayList<>();
        Map<ClaimedPayout, Stop> stops = new LinkedHashMap<>();
        for (ClaimedPayout payout : judged) {
            ControlFlags flag = flags.get(payout.referenceId());
            Optional<Stop> stop = flag != null && flag.cleared() ? Optional.empty() : stop(payout, usage);
            if (stop.isPresent()) {
                stops.put(payout, stop.get());
                continue;
            }
            BigDecimal amount = payout.command().amountValue();
            for (Optional<String> scope : List.of(payeeScope(payout), accountScope(payout))) {
                scope.ifPresent(s -> changed.put(s, usage.merge(s, Usage.NONE.plus(amount),
                        (was, one) -> was.plus(amount))));
            }
            if (duplicateWindows.containsKey(account)) {
                payeeScope(payout).ifPresent(s -> velocity.rememberLetThrough(s, amount, payout.referenceId()));
            }
            counted.add(payout.referenceId());
        }
        velocity.saveUsage(changed, day);
        velocity.markCounted(counted);
        return stopped(stops);
    }

    /** Why a payout is not let through now: a limit (held, or rejected) or a suspected duplicate (held). */
    private record Stop(Kind kind, String detail) {
        enum Kind {
            HELD_LIMIT,
            REJECTED_LIMIT,
            HELD_DUPLICATE
        }
    }

    /** The limit this payout would exceed with today's usage, or the recent payout it may duplicate, if any. */
    private Optional<Stop> stop(ClaimedPayout payout, Map<String, Usage> usage) {
        BigDecimal amount = payout.command().amountValue();
        String currency = payout.command().currency();
        Optional<String> payee = payeeScope(payout);
        Optional<String> exceeded = rules(payout).exceededBy(amount, currency,
                payee.map(s -> usage.getOrDefault(s, Usage.NONE)).orElse(null),
                accountScope(payout).map(s -> usage.getOrDefault(s, Usage.NONE)).orElse(Usage.NONE));
        if (exceeded.isPresent()) {
            return Optional.of(onExceed.getOrDefault(payout.account(), OnExceed.HOLD) == OnExceed.REJECT
                    ? new Stop(Stop.Kind.REJECTED_LIMIT, "velocity limit: " + exceeded.get())
                    : new Stop(Stop.Kind.HELD_LIMIT, "held for approval by a velocity limit: " + exceeded.get()));
        }
        Duration window = duplicateWindows.get(payout.account());
        if (window == null || payee.isEmpty()) {
            return Optional.empty();
        }
        return velocity.similarRecent(payee.get(), amount, window, payout.referenceId()).map(similar -> new Stop(
                Stop.Kind.HELD_DUPLICATE, "held for approval as a suspected duplicate: payout " + similar
                        + " paid the same payee " + amount.toPlainString() + " " + currency + " within " + window));
    }

    /** Writes the holds and rejections of this lease; returns the references they stopped. */
    private Set<UUID> stopped(Map<ClaimedPayout, Stop> stops) {
        Set<UUID> stopped = new TreeSet<>();
        Map<UUID, UUID> claims = new HashMap<>();
        Map<UUID, Stop> holds = new HashMap<>();
        stops.forEach((payout, stop) -> {
            if (stop.kind() != Stop.Kind.REJECTED_LIMIT) {
                claims.put(payout.referenceId(), payout.claimToken());
                holds.put(payout.referenceId(), stop);
            }
        });
        if (!claims.isEmpty()) {
            List<HistoryLine> lines = new ArrayList<>();
            for (UUID reference : velocity.holdForApproval(claims, approvalExpiry)) {
                Stop stop = holds.get(reference);
                lines.add(new HistoryLine(reference, PayoutStatus.SUBMITTING, PayoutStatus.AWAITING_APPROVAL, null,
                        null, stop.detail()));
                metrics.controlAction(stop.kind() == Stop.Kind.HELD_DUPLICATE ? "held_duplicate" : "held_limit");
                stopped.add(reference);
            }
            history.append(lines);
        }
        stops.forEach((payout, stop) -> {
            if (stop.kind() == Stop.Kind.REJECTED_LIMIT) {
                Reason reason = new Reason(RejectionCode.VELOCITY_LIMIT_EXCEEDED.name(), stop.detail());
                controls.rejectLeased(payout.referenceId(), payout.claimToken(), reason).ifPresent(ended -> {
                    this.ended.record(List.of(ended), PayoutStatus.REJECTED, reason, reason.message());
                    metrics.controlAction("rejected_limit");
                    stopped.add(ended.referenceId());
                });
            }
        });
        return stopped;
    }

    private VelocityLimits rules(ClaimedPayout payout) {
        return limits.getOrDefault(payout.account(), Map.of()).getOrDefault(payout.command().currency(),
                VelocityLimits.NONE);
    }

    /** The account as a scope, when it has a daily limit in this currency (only then is it counted and locked). */
    private Optional<String> accountScope(ClaimedPayout payout) {
        if (rules(payout).accountDailyAmount() == null) {
            return Optional.empty();
        }
        return Optional.of("account:" + payout.account() + ":" + payout.command().currency());
    }

    /**
     * The payee as a scope, when a payee limit or the duplicate hold applies: a hash of account, currency and wallet,
     * so no payee number is stored for it. Payouts of different payees never wait for each other.
     */
    private Optional<String> payeeScope(ClaimedPayout payout) {
        if (payout.command().payee() == null
                || !(rules(payout).anyPayeeLimit() || duplicateWindows.containsKey(payout.account()))) {
            return Optional.empty();
        }
        String identity = payout.account() + "\n" + payout.command().currency() + "\n"
                + payout.command().payee().partyIdType() + "\n" + payout.command().payee().partyId();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return Optional.of("payee:" + HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
