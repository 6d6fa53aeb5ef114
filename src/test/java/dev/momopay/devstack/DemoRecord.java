package dev.momopay.devstack;

/**
 * One command record of the demo batch as an upstream system would publish it, with the outcome it must have.
 * {@code secondWave} records go out only once the first wave's payouts are settled (a re-send of a finished payout).
 * {@code operator} is what the demo's operator does once the payout waits for approval.
 */
record DemoRecord(int number, String label, String topic, String key, String value, Expected expected,
        boolean secondWave, OperatorStep operator) {

    /** What an operator does to a payout that waits for approval, through the ops API. */
    enum OperatorStep {
        NONE,
        APPROVE,
        REJECT
    }

    /** The short topic name shown in tables: deposit, transfer, refund or cancel. */
    String operation() {
        return topic.replace("payouts.", "").replace(".requested", "");
    }
}
