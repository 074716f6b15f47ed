package dev.herald.common.store;

/**
 * A store could not complete a read or write for an infrastructure reason (throttling that outlasted
 * the retries, a table that is not there). Callers treat it as transient: the function throws and the
 * event is retried. The message says what failed and what to check.
 */
public final class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
