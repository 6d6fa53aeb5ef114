package dev.momopay.payout.domain.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.domain.RejectionCode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MoneyControlsRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private final MoneyControls controls = new MoneyControls(
            Map.of("default", Map.of("EUR", new ApprovalRule(new BigDecimal("1000"), new BigDecimal("5000")),
                    "UGX", new ApprovalRule(new BigDecimal("3000000"), null))),
            Duration.ofDays(30), Map.of("short", Duration.ofHours(2)));

    @Test
    void approvalStartsAtTheThresholdAndTwoApproversAtTheSecond() {
        assertInstanceOf(Admission.Release.class, admit("default", "EUR", "999.99", null));
        Admission.AwaitApproval one = assertInstanceOf(Admission.AwaitApproval.class,
                admit("default", "EUR", "1000.00", null));
        assertEquals(1, one.approvers());
        assertTrue(one.why().contains("at or above 1000 EUR"), one.why());
        assertEquals(1, ((Admission.AwaitApproval) admit("default", "EUR", "4999.99", null)).approvers());
        assertEquals(2, ((Admission.AwaitApproval) admit("default", "EUR", "5000", null)).approvers());
        assertEquals(1, ((Admission.AwaitApproval) admit("default", "UGX", "90000000", null)).approvers());
        assertInstanceOf(Admission.Release.class, admit("default", "USD", "90000000", null), "no rule: off");
        assertInstanceOf(Admission.Release.class, admit("other", "EUR", "90000000", null), "no rule: off");
    }

    @Test
    void notBeforeIsKeptWithinTheHorizonAndRejectedBeyondIt() {
        Instant soon = NOW.plus(Duration.ofDays(29));
        assertEquals(soon, ((Admission.Release) admit("default", "EUR", "10", soon)).notBefore());
        assertNull(((Admission.Release) admit("default", "EUR", "10", NOW.minusSeconds(60))).notBefore(),
                "a past notBefore is due at once");
        Admission.Reject far = assertInstanceOf(Admission.Reject.class,
                admit("default", "EUR", "10", NOW.plus(Duration.ofDays(31))));
        assertEquals(RejectionCode.SCHEDULED_TOO_FAR_AHEAD, far.code());
        assertInstanceOf(Admission.Reject.class, admit("short", "EUR", "10", NOW.plus(Duration.ofHours(3))));
        assertInstanceOf(Admission.Release.class, admit("short", "EUR", "10", NOW.plus(Duration.ofHours(2))));
        Admission.AwaitApproval both = assertInstanceOf(Admission.AwaitApproval.class,
                admit("default", "EUR", "2000", soon));
        assertEquals(soon, both.notBefore(), "approval first, then the schedule");
    }

    @Test
    void settingsThatClashAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ApprovalRule(BigDecimal.ZERO, null));
        assertThrows(IllegalArgumentException.class, () -> new ApprovalRule(BigDecimal.TEN, BigDecimal.ONE));
        assertThrows(IllegalArgumentException.class, () -> new VelocityLimits(0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new VelocityLimits(null, new BigDecimal("-1"), null));
    }

    @Test
    void velocityLimitsAllowUpToTheLimitAndNotBeyond() {
        VelocityLimits limits = new VelocityLimits(2, new BigDecimal("100"), new BigDecimal("300"));
        Usage none = Usage.NONE;
        BigDecimal ten = BigDecimal.TEN;
        assertEquals(Optional.empty(), limits.exceededBy(ten, "EUR", new Usage(1, ten), none));
        assertTrue(limits.exceededBy(ten, "EUR", new Usage(2, ten), none).orElseThrow().contains("daily limit is 2"));
        assertEquals(Optional.empty(), limits.exceededBy(new BigDecimal("90"), "EUR", new Usage(1, ten), none));
        assertTrue(limits.exceededBy(new BigDecimal("90.01"), "EUR", new Usage(1, ten), none).isPresent());
        assertEquals(Optional.empty(), limits.exceededBy(ten, "EUR", none, new Usage(9, new BigDecimal("290"))));
        assertTrue(limits.exceededBy(ten, "EUR", none, new Usage(9, new BigDecimal("290.01"))).isPresent());
        assertEquals(Optional.empty(), limits.exceededBy(ten, "EUR", null, new Usage(9, new BigDecimal("290"))),
                "a refund has no payee: only the account's limit applies");
        assertEquals(new Usage(2, new BigDecimal("20")), Usage.NONE.plus(ten).plus(ten));
    }

    private Admission admit(String account, String currency, String amount, Instant notBefore) {
        return controls.admit(account, currency, amount, Optional.ofNullable(notBefore), NOW);
    }
}
