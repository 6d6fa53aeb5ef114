package dev.momopay.simulator.ledger;

/** The three disbursement operations that create a transaction. */
public enum Operation {
    DEPOSIT("deposit"), TRANSFER("transfer"), REFUND("refund");

    private final String path;

    Operation(String path) {
        this.path = path;
    }

    /** The path segment, e.g. {@code transfer}. */
    public String path() {
        return path;
    }
}
