package dev.momopay.payout.application.controls;

import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.controls.ApprovalRule;
import dev.momopay.payout.domain.controls.MoneyControls;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/** Turns the {@code payout.controls.*} settings into the domain's {@link MoneyControls}, refusing settings that clash. */
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
}
