package dev.momopay.payout.domain.reconciliation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** A reconciliation period: payouts concluded at or after {@code start} and before {@code end}. */
public record Period(Instant start, Instant end) {

    /** The longest period one run may cover (its lines are one statement's work). */
    public static final Duration LONGEST = Duration.ofDays(31);

    public Period {
        if (start == null || end == null || !start.isBefore(end)) {
            throw new IllegalArgumentException("a period's start must be before its end");
        }
    }

    /** One calendar day in a zone (a day of 23 or 25 hours at a change of daylight saving time). */
    public static Period day(LocalDate date, ZoneId zone) {
        return new Period(date.atStartOfDay(zone).toInstant(), date.plusDays(1).atStartOfDay(zone).toInstant());
    }
}
