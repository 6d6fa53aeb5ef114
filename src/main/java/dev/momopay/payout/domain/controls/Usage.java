package dev.momopay.payout.domain.controls;

import java.math.BigDecimal;

/** What one payee or one account was paid out in one day and currency: how many payouts, and their sum. */
public record Usage(int count, BigDecimal amount) {

    public static final Usage NONE = new Usage(0, BigDecimal.ZERO);

    public Usage plus(BigDecimal payout) {
        return new Usage(count + 1, amount.add(payout));
    }
}
