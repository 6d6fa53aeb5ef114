package dev.momopay.devstack;

import static dev.momopay.payout.testsupport.CommandProducer.CANCELS;
import static dev.momopay.payout.testsupport.CommandProducer.DEPOSITS;
import static dev.momopay.payout.testsupport.CommandProducer.REFUNDS;
import static dev.momopay.payout.testsupport.CommandProducer.TRANSFERS;

import dev.momopay.payout.testsupport.Commands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo batch: deposits, transfers and refunds that succeed, the sandbox test numbers that fail or stay pending
 * (facts file table 3b, served by the simulator), commands the worker rejects or dead-letters, an identical duplicate
 * and an idempotency conflict, and the money controls: two payouts above the approval threshold (one approved, one
 * rejected by the demo's operator), a scheduled payout cancelled before submission, and a cancel refused because MoMo
 * has the payout. Each record carries its expected outcome; references are fresh on every run.
 */
final class DemoBatch {

    /** A sandbox number outside the test table: always SUCCESSFUL. */
    private static final String OK_MSISDN = Commands.SUCCESS_MSISDN;

    private final List<DemoRecord> records = new ArrayList<>();

    private DemoBatch() {
    }

    static List<DemoRecord> create() {
        DemoBatch batch = new DemoBatch();
        String transferOk = Commands.newReference();
        String depositOk = Commands.newReference();
        batch.add("transfer, ordinary number", TRANSFERS, transferOk,
                Commands.payout(transferOk, "1500", OK_MSISDN), Expected.status("SUCCESSFUL"));
        batch.add("deposit, ordinary number", DEPOSITS, depositOk,
                Commands.payout(depositOk, "250.50", "56733123499"), Expected.status("SUCCESSFUL"));
        batch.payout("refund of a collection", REFUNDS, ref -> Commands.refund(ref, "100", Commands.newReference()),
                Expected.status("SUCCESSFUL"));
        batch.payout("transfer to 46733123457", TRANSFERS, ref -> Commands.payout(ref, "75", "46733123457"),
                Expected.status("FAILED", "PAYEE_NOT_FOUND"));
        batch.payout("deposit to 46733123455", DEPOSITS, ref -> Commands.payout(ref, "75", "46733123455"),
                Expected.status("FAILED", "PAYER_NOT_FOUND"));
        batch.payout("transfer to 46733123450", TRANSFERS, ref -> Commands.payout(ref, "75", "46733123450"),
                Expected.status("FAILED", "INTERNAL_PROCESSING_ERROR"));
        String pendingTransfer = Commands.newReference();
        batch.add("transfer to 46733123453 (pending)", TRANSFERS, pendingTransfer,
                Commands.payout(pendingTransfer, "20", "46733123453"), Expected.status("SUBMITTED"));
        batch.payout("deposit to 46733123454 (pending)", DEPOSITS,
                ref -> Commands.payout(ref, "20", "46733123454"), Expected.status("SUBMITTED"));
        batch.payout("transfer, amount -5", TRANSFERS, ref -> Commands.payout(ref, "-5", OK_MSISDN),
                Expected.status("REJECTED", "INVALID_AMOUNT"));
        batch.payout("transfer in USD", TRANSFERS, ref -> Commands.payout(ref, "10", "USD", OK_MSISDN),
                Expected.status("FAILED", "INVALID_CURRENCY"));
        batch.payout("refund of a non-UUID reference", REFUNDS, ref -> Commands.refund(ref, "5", "order-8812"),
                Expected.status("REJECTED", "INVALID_REFUND_REFERENCE"));
        batch.add("garbage (not JSON)", DEPOSITS, "demo-garbage", "{this is not json",
                Expected.deadLetter("UNPARSEABLE"));
        String uuidV1 = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
        batch.add("referenceId is a UUID v1", TRANSFERS, uuidV1, Commands.payout(uuidV1, "10", OK_MSISDN),
                Expected.deadLetter("INVALID_REFERENCE_ID"));
        batch.later("identical duplicate of #1", TRANSFERS, transferOk, Commands.payout(transferOk, "1500", OK_MSISDN),
                Expected.republished("SUCCESSFUL"));
        batch.later("#2's referenceId, other amount", DEPOSITS, depositOk,
                Commands.payout(depositOk, "999", "56733123499"), Expected.deadLetter("IDEMPOTENCY_CONFLICT"));
        String approved = Commands.newReference();
        batch.withOperator("transfer of 5000 (approval)", TRANSFERS, approved,
                Commands.payout(approved, "5000", OK_MSISDN), Expected.status("SUCCESSFUL"),
                DemoRecord.OperatorStep.APPROVE);
        String refused = Commands.newReference();
        batch.withOperator("deposit of 7500 (approver says no)", DEPOSITS, refused,
                Commands.payout(refused, "7500", OK_MSISDN), Expected.status("REJECTED", "REJECTED_BY_APPROVER"),
                DemoRecord.OperatorStep.REJECT);
        String scheduled = Commands.newReference();
        Expected cancelled = Expected.status("CANCELLED", "CANCELLED_BEFORE_SUBMISSION");
        batch.add("deposit scheduled an hour ahead", DEPOSITS, scheduled, Commands.payout(scheduled, "40", OK_MSISDN)
                .replaceFirst("\\{", "{\"notBefore\":\"" + Instant.now().plus(Duration.ofHours(1)) + "\","),
                cancelled);
        batch.add("cancel of #18", CANCELS, scheduled, cancel(scheduled, "order withdrawn"), cancelled);
        batch.later("cancel of #7 (MoMo has it)", CANCELS, pendingTransfer, cancel(pendingTransfer, "too late"),
                Expected.deadLetter("CANCEL_REFUSED"));
        return List.copyOf(batch.records);
    }

    private void payout(String label, String topic, java.util.function.UnaryOperator<String> command,
            Expected expected) {
        String reference = Commands.newReference();
        add(label, topic, reference, command.apply(reference), expected);
    }

    private void add(String label, String topic, String key, String value, Expected expected) {
        withOperator(label, topic, key, value, expected, DemoRecord.OperatorStep.NONE);
    }

    private void withOperator(String label, String topic, String key, String value, Expected expected,
            DemoRecord.OperatorStep step) {
        records.add(new DemoRecord(records.size() + 1, label, topic, key, value, expected, false, step));
    }

    private void later(String label, String topic, String key, String value, Expected expected) {
        records.add(new DemoRecord(records.size() + 1, label, topic, key, value, expected, true,
                DemoRecord.OperatorStep.NONE));
    }

    private static String cancel(String reference, String reason) {
        return "{\"referenceId\":\"" + reference + "\",\"reason\":\"" + reason + "\"}";
    }
}
