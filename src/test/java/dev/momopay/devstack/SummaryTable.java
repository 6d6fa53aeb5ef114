package dev.momopay.devstack;

import dev.momopay.payout.testsupport.TopicRecorder.RecordedRecord;
import java.io.PrintStream;
import java.util.List;

/**
 * The end of the demo: one row per demo record with its expected and actual outcome, then every dead letter with its
 * headers. {@link #print} returns how many records differ from what was expected.
 */
final class SummaryTable {

    private static final String ROW = "%3s  %-10s %-34s %-10s %-44s %-44s %s%n";

    private SummaryTable() {
    }

    static int print(PrintStream out, List<DemoRecord> records, OutcomeProbe probe) {
        out.println();
        out.println("Outcomes");
        out.printf(ROW, "#", "topic", "record", "key", "expected", "actual", "");
        int mismatches = 0;
        for (DemoRecord record : records) {
            String actual = probe.actual(record);
            boolean ok = record.expected().text().equals(actual);
            mismatches += ok ? 0 : 1;
            out.printf(ROW, record.number(), record.operation(), record.label(), shortKey(record.key()),
                    record.expected().text(), actual, ok ? "ok" : "MISMATCH");
        }
        out.println();
        out.println("Dead letters (payouts.commands.dlq)");
        List<RecordedRecord> letters = probe.deadLetters();
        out.printf("%-34s %-10s %-22s %s%n", "source topic/partition/offset", "key", "dlq-reason", "dlq-detail");
        for (RecordedRecord letter : letters) {
            out.printf("%-34s %-10s %-22s %s%n", letter.headers().get("dlq-source-topic") + "/"
                    + letter.headers().get("dlq-source-partition") + "/" + letter.headers().get("dlq-source-offset"),
                    shortKey(letter.keyText()), letter.headers().get("dlq-reason"),
                    abbreviate(letter.headers().get("dlq-detail"), 90));
        }
        if (letters.isEmpty()) {
            out.println("(none)");
        }
        out.println();
        out.println(mismatches == 0 ? "RESULT: all " + records.size() + " demo records as expected"
                : "RESULT: " + mismatches + " of " + records.size() + " demo records NOT as expected");
        return mismatches;
    }

    private static String shortKey(String key) {
        return abbreviate(key, 9);
    }

    private static String abbreviate(String text, int max) {
        if (text == null) {
            return "(null)";
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "~";
    }
}
