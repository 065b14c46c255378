package io.identitysync.core;

/** The run read everything but what it would apply breaks a guard (too many deletions): nothing is applied. */
public class RunRefusedException extends RuntimeException {
    public RunRefusedException(String message) {
        super(message);
    }
}
