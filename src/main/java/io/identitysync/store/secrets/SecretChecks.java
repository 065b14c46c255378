package io.identitysync.store.secrets;

import io.identitysync.config.Checks;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;

/** store.encryption-secret: an OAuth connector keeps its rotated refresh token sealed, so the key must be there, and usable. */
public final class SecretChecks {

    private SecretChecks() {
    }

    public static void check(Checks checks) {
        Settings s = checks.settings();
        String secret = s.get(SecretBox.KEY);
        for (Connectors.Connector c : Connectors.enabled(s)) {
            if (Connectors.usesOAuth(s, c) && secret.isEmpty()) {
                checks.add(SecretBox.KEY, "required with " + c.key("oauth.refresh-token") + ": the rotated refresh token is kept in the "
                        + "store, sealed with it (32 random bytes in base64: openssl rand -base64 32; best in STORE_ENCRYPTION_SECRET)");
                return;
            }
        }
        if (!secret.isEmpty() && SecretBox.problem(secret) != null) {
            checks.add(SecretBox.KEY, SecretBox.problem(secret));
        }
    }
}
