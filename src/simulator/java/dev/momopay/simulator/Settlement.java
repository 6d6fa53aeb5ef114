package dev.momopay.simulator;

import dev.momopay.simulator.scenario.Outcome;
import dev.momopay.simulator.scenario.SandboxMatrix;

import java.util.concurrent.TimeUnit;

/**
 * How an accepted transaction becomes final: at its planned time (spending the float, or failing NOT_ENOUGH_FUNDS
 * when the float no longer covers it), or when the control API forces a status; a callback follows either way.
 */
final class Settlement {
    private final SimulatorState state;
    private final CallbackSender callbacks;

    Settlement(SimulatorState state, CallbackSender callbacks) {
        this.state = state;
        this.callbacks = callbacks;
    }

    /** Arms the timer of the planned outcome (none for a payout that stays PENDING). */
    void schedule(Tx tx) {
        if (tx.dueNanos == Long.MAX_VALUE) {
            return;
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(tx.dueNanos - System.nanoTime());
        if (ms <= 0) {
            completeNatural(tx, true);
        } else {
            state.vertx.setTimer(ms, id -> completeNatural(tx, true));
        }
    }

    /** Concludes the transaction if its time has come (a status GET asks before it answers). */
    void completeIfDue(Tx tx) {
        if (!tx.isFinal() && tx.dueNanos != Long.MAX_VALUE && System.nanoTime() - tx.dueNanos >= 0) {
            completeNatural(tx, true);
        }
    }

    /** Makes the planned outcome final (spending the float); sends the callback if asked. */
    void completeNatural(Tx tx, boolean callback) {
        boolean done;
        synchronized (tx) {
            if (tx.isFinal() || tx.planned.kind() == Outcome.Kind.PENDING_FOREVER) {
                return;
            }
            if (tx.planned.kind() == Outcome.Kind.FAILED) {
                done = tx.finish("FAILED", tx.planned.reason(), null, false);
            } else if (tx.account.trySpend(tx.currency, tx.amountValue)) {
                done = tx.finish("SUCCESSFUL", null, StatusBodies.newFinancialTransactionId(), false);
            } else {
                done = tx.finish("FAILED", "NOT_ENOUGH_FUNDS", null, false);
            }
        }
        if (done && callback) {
            callbacks.send(tx);
        }
    }

    /**
     * Forces a final status, also over an earlier one (contradictory reports). The float follows: spent when it
     * becomes SUCCESSFUL, given back when it stops being SUCCESSFUL. A callback is sent only when it was PENDING.
     */
    void force(Tx tx, String status, String reason) {
        boolean wasPending;
        synchronized (tx) {
            String before = tx.status();
            wasPending = "PENDING".equals(before);
            boolean ok = "SUCCESSFUL".equals(status);
            if (ok && !"SUCCESSFUL".equals(before)) {
                tx.account.add(tx.currency, tx.amountValue.negate());
            } else if (!ok && "SUCCESSFUL".equals(before)) {
                tx.account.add(tx.currency, tx.amountValue);
            }
            String finId = ok ? (tx.view().financialTransactionId() != null ? tx.view().financialTransactionId()
                : StatusBodies.newFinancialTransactionId()) : null;
            tx.finish(status, ok ? null : (reason == null ? SandboxMatrix.INTERNAL_PROCESSING_ERROR : reason), finId,
                true);
        }
        if (wasPending) {
            callbacks.send(tx);
        }
    }
}
