package dev.momopay.devstack;

/**
 * What the worker must make of one demo record, written as the summary shows it: a payout status with its reason
 * code, a dead letter with its {@code dlq-reason}, or a terminal outcome published again for an identical re-send.
 */
record Expected(Kind kind, String text) {

    enum Kind {
        /** A payout row: its status (and reason code) as {@code GET /payouts/{referenceId}} reports it. */
        PAYOUT,
        /** A record on {@code payouts.commands.dlq} with the original key. */
        DEAD_LETTER,
        /** An identical re-send of a finished payout: its outcome event again, with the same eventId. */
        REPUBLISHED
    }

    static final String REPUBLISHED_SUFFIX = ", event republished, same eventId";

    static Expected status(String status) {
        return new Expected(Kind.PAYOUT, status);
    }

    static Expected status(String status, String reasonCode) {
        return new Expected(Kind.PAYOUT, status + " " + reasonCode);
    }

    static Expected deadLetter(String reason) {
        return new Expected(Kind.DEAD_LETTER, "DLQ " + reason);
    }

    static Expected republished(String status) {
        return new Expected(Kind.REPUBLISHED, status + REPUBLISHED_SUFFIX);
    }
}
