package dev.momopay.payout.application.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReportCsvTest {

    @Test
    void fieldsAreQuotedOnlyWhenTheyNeedIt() {
        assertEquals("plain", ReportCsv.field("plain"));
        assertEquals("", ReportCsv.field(null));
        assertEquals("\"a,b\"", ReportCsv.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", ReportCsv.field("say \"hi\""));
        assertEquals("\"two\nlines\"", ReportCsv.field("two\nlines"));
    }

    @Test
    void aTextASpreadsheetWouldRunAsAFormulaIsDefused() {
        assertEquals("'=HYPERLINK(1)", ReportCsv.field("=HYPERLINK(1)"));
        assertEquals("'+1", ReportCsv.field("+1"));
        assertEquals("'-1", ReportCsv.field("-1"));
        assertEquals("'@SUM(A1)", ReportCsv.field("@SUM(A1)"));
        assertEquals("\"'=1,2\"", ReportCsv.field("=1,2"));
    }
}
