package dev.momopay.payout.application.reconciliation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momopay.payout.domain.reconciliation.Verdict;
import dev.momopay.payout.persistence.ReconciliationRepository;
import dev.momopay.payout.persistence.ReconciliationRepository.ReportLine;
import dev.momopay.payout.persistence.ReconciliationRepository.Run;
import dev.momopay.payout.persistence.ReconciliationRepository.StatusTotal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's JSON summary: verdict counts, count and sum per status and currency, the mismatches and unchecked payouts
 * with their references, the payouts still open at the period's end, and the balance reconciliation. Written once,
 * when the run completes, and kept with it.
 */
@ApplicationScoped
public class RunSummaries {

    /** The summary lists at most this many mismatches (and unchecked payouts); the CSV report has every line. */
    static final int LISTED = 1000;

    private final ReconciliationRepository runs;
    private final BalanceCheck balances;
    private final ObjectMapper json;

    public RunSummaries(ReconciliationRepository runs, BalanceCheck balances, ObjectMapper json) {
        this.runs = runs;
        this.balances = balances;
        this.json = json;
    }

    /** The summary of a run whose every line has its verdict. */
    public String complete(Run run, Collection<String> accounts) {
        Map<String, Object> summary = progress(run);
        summary.put("status", "COMPLETED");
        List<Map<String, Object>> totals = new ArrayList<>();
        for (StatusTotal total : runs.totals(run.id())) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("status", total.status());
            item.put("currency", total.currency());
            item.put("count", total.count());
            item.put("sum", total.sum().toPlainString());
            totals.add(item);
        }
        summary.put("totals", totals);
        List<ReportLine> mismatches = runs.lines(run.id(), List.of(Verdict.MISMATCH), LISTED);
        summary.put("mismatches", mismatches.stream().map(RunSummaries::mismatch).toList());
        summary.put("unchecked", runs.lines(run.id(), List.of(Verdict.UNCHECKED), LISTED).stream()
                .map(line -> Map.of("referenceId", line.referenceId().toString(), "why",
                        line.detail() == null ? "" : line.detail())).toList());
        summary.put("openItems", runs.openItems(run));
        summary.put("balances", balances.check(run.period(), accounts).stream().map(RunSummaries::balance).toList());
        summary.put("balanceExplanation", BalanceCheck.EXPLANATION);
        try {
            return json.writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reconciliation summary could not be written", e);
        }
    }

    /** What a run has found so far: its identity and verdict counts ({@code undecided}: still to be asked). */
    public Map<String, Object> progress(Run run) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", run.id());
        summary.put("from", run.period().start().toString());
        summary.put("to", run.period().end().toString());
        summary.put("account", run.account());
        summary.put("scheduled", run.scheduled());
        summary.put("requestedBy", run.requestedBy());
        summary.put("status", run.status().name());
        summary.put("createdAt", run.createdAt().toString());
        ReconciliationRepository.VerdictCounts counts = runs.verdictCounts(run.id());
        Map<String, Object> verdicts = new LinkedHashMap<>();
        counts.byVerdict().forEach((verdict, count) -> verdicts.put(verdict.name(), count));
        summary.put("verdicts", verdicts);
        summary.put("undecided", run.collected() ? counts.undecided() : null);
        return summary;
    }

    private static Map<String, Object> mismatch(ReportLine line) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("referenceId", line.referenceId().toString());
        item.put("account", line.account());
        item.put("operation", line.operation());
        item.put("externalId", line.externalId());
        item.put("kind", line.kind().name());
        item.put("detail", line.detail());
        item.put("statusHere", line.held().status().name());
        item.put("momoStatus", line.momo() == null ? null : line.momo().status());
        item.put("acknowledged", line.acknowledgement() != null);
        return item;
    }

    private static Map<String, Object> balance(BalanceCheck.Line line) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("account", line.account());
        item.put("currency", line.currency());
        item.put("opening", line.opening() == null ? null : Map.of("available",
                line.opening().available().toPlainString(), "readAt", line.opening().readAt().toString()));
        item.put("closing", line.closing() == null ? null : Map.of("available",
                line.closing().available().toPlainString(), "readAt", line.closing().readAt().toString()));
        item.put("successfulPayouts", line.successfulPayouts());
        item.put("successfulSum", line.successfulSum() == null ? null : line.successfulSum().toPlainString());
        item.put("expectedClosing", line.expectedClosing() == null ? null : line.expectedClosing().toPlainString());
        item.put("difference", line.difference() == null ? null : line.difference().toPlainString());
        item.put("problem", line.problem());
        return item;
    }
}
