package dev.momopay.payout.domain.controls;

import dev.momopay.payout.domain.RejectionCode;
import java.time.Instant;
import java.util.Objects;

/** What the money controls make of a valid command at intake: the status it starts in. */
public sealed interface Admission {

    /** RECEIVED: submitted from {@code notBefore} on (null: at once). */
    record Release(Instant notBefore) implements Admission {
    }

    /** AWAITING_APPROVAL: {@code approvers} distinct operators must approve it first; {@code why} says which rule. */
    record AwaitApproval(int approvers, String why, Instant notBefore) implements Admission {
        public AwaitApproval {
            if (approvers < 1) {
                throw new IllegalArgumentException("a payout awaiting approval needs at least one approver");
            }
            Objects.requireNonNull(why, "why");
        }
    }

    /** REJECTED before any MoMo call. */
    record Reject(RejectionCode code, String message) implements Admission {
    }
}
