package dev.momopay.payout.application.controls;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.controls.ApprovalRule;
import dev.momopay.payout.domain.controls.MoneyControls;
import dev.momopay.payout.domain.controls.VelocityLimits;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns the {@code payout.controls.*} settings into the domain's rules, refusing settings that clash. */
public final class MoneyControlsSettings {

    private MoneyControlsSettings() {
    }

    public static MoneyControls of(PayoutConfig.Controls settings) {
        Map<String, Map<String, ApprovalRule>> rules = new HashMap<>();
        settings.approval().threshold().forEach((account, byCurrency) -> byCurrency.forEach((currency, threshold) -> {
            BigDecimal second = settings.approval().secondApproverThreshold().getOrDefault(account, Map.of())
                    .get(currency);
            rules.computeIfAbsent(account, a -> new HashMap<>()).put(currency, new ApprovalRule(threshold, second));
        }));
        settings.approval().secondApproverThreshold().forEach((account, byCurrency) -> byCurrency.keySet()
                .forEach(currency -> {
                    if (!rules.getOrDefault(account, Map.of()).containsKey(currency)) {
                        throw new IllegalArgumentException("payout.controls.approval.second-approver-threshold."
                                + account + "." + currency + " is set without payout.controls.approval.threshold."
                                + account + "." + currency);
                    }
                }));
        return new MoneyControls(rules, settings.schedule().horizon(), settings.schedule().accountHorizon());
    }

    /** The velocity limits by account, then currency (only accounts and currencies with at least one limit). */
    public static Map<String, Map<String, VelocityLimits>> limits(PayoutConfig.Controls.Limits settings) {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (Map<String, ? extends Map<String, ?>> byAccount : List.of(settings.payeeDailyCount(),
                settings.payeeDailyAmount(), settings.accountDailyAmount())) {
            byAccount.forEach((account, byCurrency) -> byCurrency.keySet().forEach(c -> keys.add(account + "\n" + c)));
        }
        Map<String, Map<String, VelocityLimits>> limits = new HashMap<>();
        for (String key : keys) {
            String account = key.substring(0, key.indexOf('\n'));
            String currency = key.substring(key.indexOf('\n') + 1);
            limits.computeIfAbsent(account, a -> new HashMap<>()).put(currency, new VelocityLimits(
                    settings.payeeDailyCount().getOrDefault(account, Map.of()).get(currency),
                    settings.payeeDailyAmount().getOrDefault(account, Map.of()).get(currency),
                    settings.accountDailyAmount().getOrDefault(account, Map.of()).get(currency)));
        }
        return limits;
    }
}
