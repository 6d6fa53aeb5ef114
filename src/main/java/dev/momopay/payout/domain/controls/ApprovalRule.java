package dev.momopay.payout.domain.controls;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * When payouts of one account and currency wait for approval: at or above {@code threshold} one approver, at or above
 * {@code secondApproverThreshold} (if set) two distinct approvers.
 */
public record ApprovalRule(BigDecimal threshold, BigDecimal secondApproverThreshold) {

    public ApprovalRule {
        Objects.requireNonNull(threshold, "threshold");
        if (threshold.signum() <= 0) {
            throw new IllegalArgumentException("an approval threshold is above zero, not " + threshold);
        }
        if (secondApproverThreshold != null && secondApproverThreshold.compareTo(threshold) < 0) {
            throw new IllegalArgumentException("the second-approver threshold " + secondApproverThreshold
                    + " is below the approval threshold " + threshold);
        }
    }

    /** How many distinct approvers a payout of this amount needs (0: none). */
    public int approversFor(BigDecimal amount) {
        if (amount.compareTo(threshold) < 0) {
            return 0;
        }
        return secondApproverThreshold != null && amount.compareTo(secondApproverThreshold) >= 0 ? 2 : 1;
    }
}
