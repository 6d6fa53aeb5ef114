package dev.momopay.payout.domain;

/** The three kinds of payout the worker executes; each maps to one MoMo Disbursement call. */
public enum Operation {
    DEPOSIT(true),
    TRANSFER(true),
    REFUND(false);

    private final boolean requiresPayee;

    Operation(boolean requiresPayee) {
        this.requiresPayee = requiresPayee;
    }

    /** Deposit and transfer name a payee; a refund names the collection it refunds instead. */
    public boolean requiresPayee() {
        return requiresPayee;
    }
}
