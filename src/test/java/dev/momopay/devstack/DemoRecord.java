package dev.momopay.devstack;

/**
 * One command record of the demo batch as an upstream system would publish it, with the outcome it must have.
 * {@code secondWave} records go out only once the first wave's payouts are settled (a re-send of a finished payout).
 */
record DemoRecord(int number, String label, String topic, String key, String value, Expected expected,
        boolean secondWave) {

    /** The short topic name shown in tables: deposit, transfer or refund. */
    String operation() {
        return topic.replace("payouts.", "").replace(".requested", "");
    }
}
