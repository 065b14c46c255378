package io.identitysync.core;

/**
 * The source refused the connector's credential (401/403, or an OAuth grant or client refused): no retry and no
 * number of runs will fix it, so the connector is quarantined at once. The message names the key to fix.
 */
public class CredentialRefusedException extends SourceException {

    public CredentialRefusedException(String message) {
        super(message, false);
    }
}
