package dev.momopay.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momopay.simulator.ledger.Operation;
import dev.momopay.simulator.ledger.TransactionView;
import dev.momopay.simulator.scenario.SandboxMatrix;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import static dev.momopay.simulator.Responses.JSON;

/**
 * The TransferResult / RefundResult body a status GET and a callback share, shaped by the fidelity switches (reason as
 * a string or an object, numbers for strings, no financialTransactionId) and the NUL fault.
 */
final class StatusBodies {
    private final SimulatorState state;

    StatusBodies(SimulatorState state) {
        this.state = state;
    }

    /** {@code flip} gives the contradictory variant; {@code nulField} (or null) names the field that carries a NUL. */
    ObjectNode statusBody(TransactionView v, boolean flip, String nulField) {
        SimulatorConfig config = state.config;
        String status = v.status();
        String reason = v.reason();
        String finId = v.financialTransactionId();
        if (flip && v.isFinal()) {
            if ("SUCCESSFUL".equals(status)) {
                status = "FAILED";
                reason = SandboxMatrix.INTERNAL_PROCESSING_ERROR;
                finId = null;
            } else {
                status = "SUCCESSFUL";
                reason = null;
                finId = newFinancialTransactionId();
            }
        }
        if (config.omitFinancialTransactionId() && v.operation() != Operation.TRANSFER) {
            finId = null;
        }
        ObjectNode n = JSON.createObjectNode();
        String amount = config.normalizeAmount() ? new BigDecimal(v.amount()).stripTrailingZeros().toPlainString()
            : v.amount();
        if (config.numericFields()) {
            n.put("amount", new BigDecimal(amount));
        } else {
            n.put("amount", amount);
        }
        n.put("currency", v.currency());
        if (finId != null) {
            String value = nul(finId, "financialTransactionId", nulField);
            if (config.numericFields() && value.matches("\\d{1,18}")) {
                n.put("financialTransactionId", Long.parseLong(value));
            } else {
                n.put("financialTransactionId", value);
            }
        }
        if (v.externalId() != null) {
            n.put("externalId", nul(v.externalId(), "externalId", nulField));
        }
        if (v.payee() != null) {
            ObjectNode payee = n.putObject("payee").put("partyIdType", v.payee().partyIdType());
            if (config.numericFields() && v.payee().partyId().matches("\\d{1,18}")) {
                payee.put("partyId", Long.parseLong(v.payee().partyId()));
            } else {
                payee.put("partyId", v.payee().partyId());
            }
        }
        if (v.payerMessage() != null) {
            n.put("payerMessage", v.payerMessage());
        }
        if (v.payeeNote() != null) {
            n.put("payeeNote", v.payeeNote());
        }
        n.put("status", status);
        if ("FAILED".equals(status) && reason != null) {
            String code = nul(reason, "reason", nulField);
            if (config.reasonAsObject()) {
                n.putObject("reason").put("code", code).put("message", messageFor(reason));
            } else {
                n.put("reason", code);
            }
        }
        return n;
    }

    /** The status field that carries a NUL for this transaction (NUL-in-status fault), or null. */
    String nulField(Tx tx) {
        String[] ids = ids(tx);
        String f = state.globalFaults.nulInStatusField(ids);
        return f != null ? f : tx.account.faults.nulInStatusField(ids);
    }

    /** The reference and payee partyId, for fault targets. */
    static String[] ids(Tx tx) {
        return new String[] {tx.ref.toString(), tx.payee == null ? null : tx.payee.partyId()};
    }

    /** {@code value} with a NUL (U+0000) in its middle if {@code field} is the one to corrupt. */
    private static String nul(String value, String field, String nulField) {
        if (value == null || !field.equals(nulField)) {
            return value;
        }
        int mid = value.length() / 2;
        return value.substring(0, mid) + '\u0000' + value.substring(mid);
    }

    /** MoMo's human text for a reason code, as the reason object carries it. */
    static String messageFor(String code) {
        if (code == null) {
            return null;
        }
        String s = code.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
    }

    static String newFinancialTransactionId() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000L, 1_000_000_000L));
    }
}
