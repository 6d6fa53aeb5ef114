package dev.momopay.payout.application.golive;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** An account's go-live check: every finding, and the worst of them as the verdict. */
public record AccountReport(String account, Finding.Verdict verdict, Instant checkedAt, List<Finding> findings) {

    static AccountReport of(String account, Instant checkedAt, List<Finding> findings) {
        Finding.Verdict worst = findings.stream().map(Finding::verdict).max(Comparator.naturalOrder())
                .orElse(Finding.Verdict.PASS);
        return new AccountReport(account, worst, checkedAt, List.copyOf(findings));
    }

    /** The findings that are not PASS, for a log line or a health check's data. */
    public List<Finding> problems() {
        return findings.stream().filter(f -> f.verdict() != Finding.Verdict.PASS).toList();
    }
}
