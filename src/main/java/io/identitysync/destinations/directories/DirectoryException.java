package io.identitysync.destinations.directories;

import java.time.Duration;

/**
 * A directory answered something other than success. Transient answers (429, 5xx, timeouts, dropped connections)
 * are retried with back-off, or after the directory's Retry-After; a refused credential stops the directory's
 * pushes until the key is fixed; anything else is permanent for that change and dead-letters it, with the
 * directory's own message kept.
 */
public final class DirectoryException extends RuntimeException {

    public enum Kind { TRANSIENT, CREDENTIAL, PERMANENT }

    private final Kind kind;
    private final Integer status;
    private final Duration retryAfter;

    public DirectoryException(Kind kind, Integer status, String message, Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    public Integer status() {
        return status;
    }

    /** As the directory asked (429/503 Retry-After), or null for the retry schedule. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
