package dev.momopay.payout.domain.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.domain.reconciliation.LineVerdict.Outcome;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ReconciliationRulesTest {

    private static final HeldPayout PAID = new HeldPayout(PayoutStatus.SUCCESSFUL, "100", "EUR", "fin-1", true);
    private static final HeldPayout FAILED = new HeldPayout(PayoutStatus.FAILED, "100", "EUR", null, true);
    private static final HeldPayout REFUSED = new HeldPayout(PayoutStatus.FAILED, "100", "EUR", null, false);

    private static MomoRecord momo(String status, String amount, String currency, String finId) {
        return new MomoRecord.Found(status, amount, currency, finId);
    }

    @Test
    void theSameRecordOnBothSidesMatches() {
        assertEquals(Outcome.MATCHED, ReconciliationRules.compare(PAID, momo("SUCCESSFUL", "100.00", "EUR", "fin-1"))
                .outcome());
        assertEquals(Outcome.MATCHED, ReconciliationRules.compare(FAILED, momo("FAILED", "100", "EUR", null))
                .outcome());
        // MoMo omits the financialTransactionId of some payouts: not a difference
        assertEquals(Outcome.MATCHED, ReconciliationRules.compare(PAID, momo("SUCCESSFUL", "100", "EUR", null))
                .outcome());
    }

    @Test
    void failedHereButSuccessfulAtMomoIsTheWorstKind() {
        LineVerdict verdict = ReconciliationRules.compare(FAILED, momo("SUCCESSFUL", "90", "EUR", "fin-9"));
        assertEquals(Outcome.MISMATCH, verdict.outcome());
        assertEquals(MismatchKind.FAILED_HERE_SUCCESSFUL_AT_MOMO, verdict.kind());
        assertTrue(verdict.detail().contains("amount 100 here, 90 at MoMo"), verdict.detail());
    }

    @Test
    void eachDifferenceHasItsKind() {
        assertEquals(MismatchKind.SUCCESSFUL_HERE_FAILED_AT_MOMO,
                ReconciliationRules.compare(PAID, momo("FAILED", "100", "EUR", null)).kind());
        assertEquals(MismatchKind.NOT_FINAL_AT_MOMO,
                ReconciliationRules.compare(PAID, momo("PENDING", "100", "EUR", null)).kind());
        assertEquals(MismatchKind.NOT_FINAL_AT_MOMO,
                ReconciliationRules.compare(FAILED, momo("UNKNOWN", null, null, null)).kind());
        assertEquals(MismatchKind.AMOUNT_DIFFERS,
                ReconciliationRules.compare(PAID, momo("SUCCESSFUL", "100.01", "EUR", "fin-1")).kind());
        assertEquals(MismatchKind.CURRENCY_DIFFERS,
                ReconciliationRules.compare(PAID, momo("SUCCESSFUL", "100", "UGX", "fin-1")).kind());
        assertEquals(MismatchKind.FINANCIAL_TRANSACTION_ID_DIFFERS,
                ReconciliationRules.compare(PAID, momo("SUCCESSFUL", "100", "EUR", "fin-2")).kind());
        HeldPayout unrecorded = new HeldPayout(PayoutStatus.SUCCESSFUL, "100", "EUR", null, true);
        assertEquals(MismatchKind.FINANCIAL_TRANSACTION_ID_DIFFERS,
                ReconciliationRules.compare(unrecorded, momo("SUCCESSFUL", "100", "EUR", "fin-2")).kind());
    }

    @Test
    void aReferenceMomoNeverAcknowledgedMayBeUnknownToIt() {
        assertEquals(Outcome.MATCHED, ReconciliationRules.compare(REFUSED, new MomoRecord.NotFound()).outcome());
        assertEquals(MismatchKind.MISSING_AT_MOMO, ReconciliationRules.compare(FAILED, new MomoRecord.NotFound())
                .kind());
        assertEquals(MismatchKind.MISSING_AT_MOMO, ReconciliationRules.compare(PAID, new MomoRecord.NotFound())
                .kind());
    }

    @Test
    void noAnswerIsAskedAgainNeverJudged() {
        LineVerdict verdict = ReconciliationRules.compare(PAID, new MomoRecord.NoAnswer("Unavailable 503"));
        assertEquals(Outcome.ASK_AGAIN, verdict.outcome());
        assertEquals("Unavailable 503", verdict.detail());
    }

    @Test
    void onlyConcludedPaymentsAreCompared() {
        HeldPayout rejected = new HeldPayout(PayoutStatus.REJECTED, "100", "EUR", null, false);
        assertThrows(IllegalArgumentException.class,
                () -> ReconciliationRules.compare(rejected, new MomoRecord.NotFound()));
    }

    @Test
    void amountsCompareAsDecimals() {
        assertTrue(ReconciliationRules.sameAmount("100", "100.000"));
        assertTrue(!ReconciliationRules.sameAmount("100", "100.5"));
        assertTrue(ReconciliationRules.sameAmount("abc", "abc"));
        assertTrue(!ReconciliationRules.sameAmount("abc", "100"));
    }

    @Test
    void aDayIsTheZonesCalendarDayAndAPeriodMustMoveForward() {
        Period day = Period.day(LocalDate.of(2026, 3, 29), ZoneId.of("Europe/Berlin"));
        assertEquals(Instant.parse("2026-03-28T23:00:00Z"), day.start());
        assertEquals(Instant.parse("2026-03-29T22:00:00Z"), day.end()); // 23 hours: summer time begins
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        assertThrows(IllegalArgumentException.class, () -> new Period(now, now));
    }
}
