package io.identitysync.rules;

/** A rule that does not compile, or failed for one person: the message names its key. */
public final class RuleException extends RuntimeException {

    private final String key;

    public RuleException(String key, String message, Throwable cause) {
        super(key + ": " + message, cause);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
