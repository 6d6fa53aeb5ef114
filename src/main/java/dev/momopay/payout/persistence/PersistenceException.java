package dev.momopay.payout.persistence;

/** A database operation failed; the caller's transaction rolls back and the work is retried later. */
public class PersistenceException extends RuntimeException {
    public PersistenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
