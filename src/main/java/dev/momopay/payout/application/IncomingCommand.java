package dev.momopay.payout.application;

import dev.momopay.payout.domain.RawPayoutCommand;
import dev.momopay.payout.observability.TraceParent;

/**
 * One record from a command topic, after its bytes were read: either a command with a valid reference (its content
 * still to be judged), or a record that goes to the dead-letter topic as it is.
 */
public sealed interface IncomingCommand {

    SourceRecord source();

    record Readable(SourceRecord source, RawPayoutCommand command) implements IncomingCommand {
    }

    record Unreadable(SourceRecord source, DeadLetterReason reason, String detail) implements IncomingCommand {
    }

    /**
     * Where a record came from, with its original bytes (kept untouched for the dead-letter topic) and the trace
     * context of its receive span ({@code null} while tracing is off).
     */
    record SourceRecord(String topic, int partition, long offset, byte[] key, byte[] value, TraceParent trace) {

        public SourceRecord(String topic, int partition, long offset, byte[] key, byte[] value) {
            this(topic, partition, offset, key, value, null);
        }
    }

    /** The contract's dlq-reason values. */
    enum DeadLetterReason {
        UNPARSEABLE,
        INVALID_REFERENCE_ID,
        IDEMPOTENCY_CONFLICT,
        /** A cancel command without a usable reason, or whose key is not its referenceId. */
        INVALID_CANCEL,
        /** A cancel that came after a POST may have been sent (or after the payout ended): nothing was cancelled. */
        CANCEL_REFUSED
    }

    /** A record to write to the dead-letter topic. */
    record DeadLetter(SourceRecord source, DeadLetterReason reason, String detail) {
    }
}
