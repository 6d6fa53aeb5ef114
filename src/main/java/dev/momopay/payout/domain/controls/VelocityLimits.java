package dev.momopay.payout.domain.controls;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The daily limits of one account and currency; a null limit is not set. A payout that would take a payee's count or
 * amount, or the account's amount, above its limit for the day is not let through.
 */
public record VelocityLimits(Integer payeeDailyCount, BigDecimal payeeDailyAmount, BigDecimal accountDailyAmount) {

    public static final VelocityLimits NONE = new VelocityLimits(null, null, null);

    public VelocityLimits {
        if (payeeDailyCount != null && payeeDailyCount < 1) {
            throw new IllegalArgumentException("a payee's daily count limit is at least 1, not " + payeeDailyCount);
        }
        for (BigDecimal limit : new BigDecimal[] {payeeDailyAmount, accountDailyAmount}) {
            if (limit != null && limit.signum() <= 0) {
                throw new IllegalArgumentException("a daily amount limit is above zero, not " + limit);
            }
        }
    }

    public boolean anyPayeeLimit() {
        return payeeDailyCount != null || payeeDailyAmount != null;
    }

    public boolean any() {
        return anyPayeeLimit() || accountDailyAmount != null;
    }

    /**
     * Which limit this payout would exceed, said for an operator, if any. {@code payee} is null for a payout without
     * a payee (a refund goes back to the original payer): only the account's limit applies to it.
     */
    public Optional<String> exceededBy(BigDecimal amount, String currency, Usage payee, Usage account) {
        if (payee != null && payeeDailyCount != null && payee.count() + 1 > payeeDailyCount) {
            return Optional.of("the payee already had " + payee.count() + " payouts today; the daily limit is "
                    + payeeDailyCount);
        }
        if (payee != null && payeeDailyAmount != null && payee.amount().add(amount).compareTo(payeeDailyAmount) > 0) {
            return Optional.of("the payee would get " + payee.amount().add(amount).toPlainString() + " " + currency
                    + " today; the daily limit is " + payeeDailyAmount.toPlainString() + " " + currency);
        }
        if (accountDailyAmount != null && account.amount().add(amount).compareTo(accountDailyAmount) > 0) {
            return Optional.of("the account would pay out " + account.amount().add(amount).toPlainString() + " "
                    + currency + " today; its daily limit is " + accountDailyAmount.toPlainString() + " " + currency);
        }
        return Optional.empty();
    }
}
