package dev.momopay.payout.domain.reconciliation;

/** The verdict on one payout: matched, a mismatch of a kind (with what differs), or ask again. */
public record LineVerdict(Outcome outcome, MismatchKind kind, String detail) {

    public enum Outcome {
        MATCHED,
        MISMATCH,
        ASK_AGAIN
    }

    static LineVerdict matched(String detail) {
        return new LineVerdict(Outcome.MATCHED, null, detail);
    }

    static LineVerdict mismatch(MismatchKind kind, String detail) {
        return new LineVerdict(Outcome.MISMATCH, kind, detail);
    }

    static LineVerdict askAgain(String why) {
        return new LineVerdict(Outcome.ASK_AGAIN, null, why);
    }
}
