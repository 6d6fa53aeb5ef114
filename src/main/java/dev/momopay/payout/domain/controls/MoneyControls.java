package dev.momopay.payout.domain.controls;

import dev.momopay.payout.domain.RejectionCode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The intake half of the money controls, free of any framework: whether a valid command is scheduled too far ahead,
 * and whether its amount needs approval, by account and currency. Everything is off unless configured; a notBefore
 * in the command is always honoured (paying before it would be paying early), only its horizon is a setting.
 */
public final class MoneyControls {

    private final Map<String, Map<String, ApprovalRule>> approvalRules;
    private final Duration defaultHorizon;
    private final Map<String, Duration> horizonByAccount;

    /**
     * @param approvalRules    by account, then by currency
     * @param defaultHorizon   how far ahead a notBefore may be
     * @param horizonByAccount the same for accounts that set their own
     */
    public MoneyControls(Map<String, Map<String, ApprovalRule>> approvalRules, Duration defaultHorizon,
            Map<String, Duration> horizonByAccount) {
        this.approvalRules = Map.copyOf(approvalRules);
        this.defaultHorizon = defaultHorizon;
        this.horizonByAccount = Map.copyOf(horizonByAccount);
    }

    /** The status a valid command starts in. {@code amount} is the command's (validated) decimal string. */
    public Admission admit(String account, String currency, String amount, Optional<Instant> notBefore,
            Instant now) {
        Instant due = notBefore.filter(at -> at.isAfter(now)).orElse(null);
        if (due != null) {
            Duration horizon = horizonByAccount.getOrDefault(account, defaultHorizon);
            if (Duration.between(now, due).compareTo(horizon) > 0) {
                return new Admission.Reject(RejectionCode.SCHEDULED_TOO_FAR_AHEAD, "notBefore " + due
                        + " is more than " + horizon + " ahead, the scheduling horizon of account " + account);
            }
        }
        ApprovalRule rule = approvalRules.getOrDefault(account, Map.of()).get(currency);
        if (rule != null) {
            int approvers = rule.approversFor(new BigDecimal(amount));
            if (approvers > 0) {
                BigDecimal limit = approvers == 2 ? rule.secondApproverThreshold() : rule.threshold();
                String why = "amount " + amount + " " + currency + " is at or above " + limit.toPlainString() + " "
                        + currency + ", which needs " + (approvers == 2 ? "two distinct approvers" : "an approver")
                        + " for account " + account;
                return new Admission.AwaitApproval(approvers, why, due);
            }
        }
        return new Admission.Release(due);
    }
}
