package dev.momopay.payout.application.reconciliation;

import dev.momopay.payout.domain.reconciliation.Period;
import dev.momopay.payout.persistence.BalanceReadings;
import dev.momopay.payout.persistence.BalanceReadings.AccountCurrency;
import dev.momopay.payout.persistence.BalanceReadings.Paid;
import dev.momopay.payout.persistence.BalanceReadings.Reading;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The balance reconciliation of a period, per account and currency: the opening balance (the last reading at or
 * before the period's start) minus the SUCCESSFUL payouts concluded between the two readings, against the closing
 * balance (the first reading at or after its end). The difference is reported, never judged: fees, top-ups,
 * withdrawals and payouts in flight at either reading explain it.
 */
@ApplicationScoped
public class BalanceCheck {

    public static final String EXPLANATION = "expectedClosing = opening - successful payouts concluded between the "
            + "two readings; fees, top-ups, withdrawals, other users of the account and payouts in flight at either "
            + "reading explain a difference";

    /** One account and currency; {@code problem} says which reading is missing (the figures are then null). */
    public record Line(String account, String currency, Reading opening, Reading closing, Long successfulPayouts,
            BigDecimal successfulSum, BigDecimal expectedClosing, BigDecimal difference, String problem) {
    }

    private final BalanceReadings readings;

    public BalanceCheck(BalanceReadings readings) {
        this.readings = readings;
    }

    /** The lines of the accounts in scope; an account never read has one line saying so. */
    public List<Line> check(Period period, Collection<String> accounts) {
        List<Line> lines = new ArrayList<>();
        for (String account : accounts) {
            List<AccountCurrency> currencies = readings.readCurrencies(account);
            if (currencies.isEmpty()) {
                lines.add(new Line(account, null, null, null, null, null, null, null,
                        "no balance of this account was ever read"));
            }
            for (AccountCurrency pair : currencies) {
                lines.add(line(period, pair));
            }
        }
        return lines;
    }

    /** Whether every account in scope that has readings has one at or after the period's end. */
    public boolean closingReadingsExist(Period period, Collection<String> accounts) {
        for (String account : accounts) {
            for (AccountCurrency pair : readings.readCurrencies(account)) {
                if (readings.firstAtOrAfter(pair.account(), pair.currency(), period.end()).isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    private Line line(Period period, AccountCurrency pair) {
        Optional<Reading> opening = readings.lastAtOrBefore(pair.account(), pair.currency(), period.start());
        Optional<Reading> closing = readings.firstAtOrAfter(pair.account(), pair.currency(), period.end());
        if (opening.isEmpty() || closing.isEmpty()) {
            String missing = opening.isEmpty() && closing.isEmpty() ? "no balance reading at or before the start "
                    + "nor at or after the end" : opening.isEmpty() ? "no balance reading at or before the start"
                    : "no balance reading at or after the end yet";
            return new Line(pair.account(), pair.currency(), opening.orElse(null), closing.orElse(null), null, null,
                    null, null, missing);
        }
        Paid paid = readings.paidBetween(pair.account(), pair.currency(), opening.get().readAt(),
                closing.get().readAt());
        BigDecimal expected = opening.get().available().subtract(paid.sum());
        return new Line(pair.account(), pair.currency(), opening.get(), closing.get(), paid.count(), paid.sum(),
                expected, closing.get().available().subtract(expected), null);
    }
}
