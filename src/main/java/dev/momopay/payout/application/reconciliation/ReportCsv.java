package dev.momopay.payout.application.reconciliation;

import dev.momopay.payout.persistence.ReconciliationRepository.ReportLine;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's report as CSV (RFC 4180): one line per payout. Texts that came from upstream or MoMo are quoted when they
 * need it, and a text a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return) is
 * prefixed with an apostrophe.
 */
public final class ReportCsv {

    public static final String HEADER = "referenceId,account,operation,externalId,concludedAt,statusHere,amountHere,"
            + "currencyHere,financialTransactionIdHere,momoStatus,momoAmount,momoCurrency,"
            + "momoFinancialTransactionId,verdict,mismatchKind,detail,acknowledgedBy,acknowledgedAt,acknowledgedNote"
            + "\r\n";

    private ReportCsv() {
    }

    public static String row(ReportLine line) {
        List<String> fields = new ArrayList<>();
        fields.add(line.referenceId().toString());
        fields.add(line.account());
        fields.add(line.operation());
        fields.add(line.externalId());
        fields.add(line.concludedAt() == null ? null : line.concludedAt().toString());
        fields.add(line.held().status().name());
        fields.add(line.held().amount());
        fields.add(line.held().currency());
        fields.add(line.held().financialTransactionId());
        fields.add(line.momo() == null ? null : line.momo().status());
        fields.add(line.momo() == null ? null : line.momo().amount());
        fields.add(line.momo() == null ? null : line.momo().currency());
        fields.add(line.momo() == null ? null : line.momo().financialTransactionId());
        fields.add(line.verdict() == null ? "PENDING" : line.verdict().name());
        fields.add(line.kind() == null ? null : line.kind().name());
        fields.add(line.detail());
        fields.add(line.acknowledgement() == null ? null : line.acknowledgement().by());
        fields.add(line.acknowledgement() == null ? null : line.acknowledgement().at().toString());
        fields.add(line.acknowledgement() == null ? null : line.acknowledgement().note());
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                row.append(',');
            }
            row.append(field(fields.get(i)));
        }
        return row.append("\r\n").toString();
    }

    static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
