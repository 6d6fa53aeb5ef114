package dev.momopay.payout.domain;

import java.util.List;
import java.util.Objects;

/** The verdict on a command's content: either a valid command, or the reason it is rejected. */
public sealed interface Validation {

    record Valid(PayoutCommand command) implements Validation {
        public Valid {
            Objects.requireNonNull(command, "command");
        }
    }

    /** {@code code} is the first rule that failed; {@code message} lists every violation found. */
    record Invalid(RejectionCode code, String message, List<String> violations) implements Validation {
        public Invalid {
            violations = List.copyOf(violations);
        }

        public Reason reason() {
            return Reason.of(code.name(), message);
        }
    }
}
