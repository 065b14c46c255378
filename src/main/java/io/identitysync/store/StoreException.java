package io.identitysync.store;

/** The store could not be used; the message names store.url and never a secret. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
