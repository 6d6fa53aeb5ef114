package dev.momopay.simulator;

import dev.momopay.simulator.ledger.Operation;
import dev.momopay.simulator.ledger.Party;
import dev.momopay.simulator.ledger.TransactionView;
import dev.momopay.simulator.scenario.Outcome;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Internal mutable transaction; every access goes through its monitor. */
final class Tx {
    final UUID ref;
    final AccountState account;
    final String apiUser;
    final Operation operation;
    final int version;
    final String amount;
    final BigDecimal amountValue;
    final String currency;
    final Party payee;
    final String externalId;
    final String payerMessage;
    final String payeeNote;
    final String referenceIdToRefund;
    final String callbackUrl;
    final Instant createdAt = Instant.now();
    final long createdNanos = System.nanoTime();
    final Outcome planned;
    /** nanoTime at which the planned final outcome is due, or Long.MAX_VALUE for never. */
    final long dueNanos;

    private String status = "PENDING";
    private String reason;
    private String financialTransactionId;
    private Instant finalAt;
    private String responseFault;
    private int callbackAttempts;
    private boolean callbackDelivered;

    Tx(UUID ref, AccountState account, String apiUser, Operation operation, int version, String amount,
       BigDecimal amountValue, String currency, Party payee, String externalId, String payerMessage, String payeeNote,
       String referenceIdToRefund, String callbackUrl, Outcome planned, long delayNanos) {
        this.ref = ref;
        this.account = account;
        this.apiUser = apiUser;
        this.operation = operation;
        this.version = version;
        this.amount = amount;
        this.amountValue = amountValue;
        this.currency = currency;
        this.payee = payee;
        this.externalId = externalId;
        this.payerMessage = payerMessage;
        this.payeeNote = payeeNote;
        this.referenceIdToRefund = referenceIdToRefund;
        this.callbackUrl = callbackUrl;
        this.planned = planned;
        this.dueNanos = delayNanos == Long.MAX_VALUE ? Long.MAX_VALUE : createdNanos + delayNanos;
    }

    synchronized String status() {
        return status;
    }

    synchronized boolean isFinal() {
        return !"PENDING".equals(status);
    }

    /** Sets a final status; returns false if already final and {@code force} is false. */
    synchronized boolean finish(String newStatus, String newReason, String finId, boolean force) {
        if (!force && isFinal()) {
            return false;
        }
        status = newStatus;
        reason = newReason;
        financialTransactionId = finId;
        finalAt = Instant.now();
        return true;
    }

    synchronized void responseFault(String f) {
        responseFault = f;
    }

    synchronized void callbackAttempt(boolean delivered) {
        callbackAttempts++;
        callbackDelivered |= delivered;
    }

    synchronized TransactionView view() {
        return new TransactionView(ref, account.account.name(), operation, version, amount, currency, payee, externalId,
            payerMessage, payeeNote, referenceIdToRefund, status, reason, financialTransactionId, callbackUrl, createdAt,
            finalAt, responseFault, callbackAttempts, callbackDelivered);
    }
}
