package io.identitysync.core;

/** A source answered something a run cannot use. The message names the source and what to fix, never a secret. */
public class SourceException extends RuntimeException {

    private final boolean retryable;

    public SourceException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public SourceException(String message) {
        this(message, false);
    }

    public boolean retryable() {
        return retryable;
    }
}
