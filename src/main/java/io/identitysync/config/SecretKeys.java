package io.identitysync.config;

import java.util.List;
import java.util.Locale;

/**
 * Which keys hold secrets: the one list that masking ({@link Settings#secrets()}), the secret files
 * ({@code <key>-file}, {@code <KEY>_FILE}) and where {@code check} and {@code status} say each came from all read.
 */
public final class SecretKeys {

    /** A key is secret when its last word is one of these: api-token, oauth.refresh-token, client-secret, store.password, …challenge. */
    private static final List<String> ENDINGS = List.of("token", "secret", "password", "challenge");
    /** A webhook endpoint's extra headers carry a receiver's credentials. */
    private static final String ENDPOINT_HEADERS = "webhooks.endpoint.";

    /** For docs and messages. */
    public static final String DESCRIBED = "every key ending in token, secret, password or challenge "
            + "(*.api-token, *.oauth.refresh-token, *.oauth.client-secret, webhooks.secret, store.password, store.encryption-secret, "
            + "*.webhooks-in.challenge, management.api-token, …) and webhooks.endpoint.<id>.header.*";

    private SecretKeys() {
    }

    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return ENDINGS.stream().anyMatch(k::endsWith) || (k.startsWith(ENDPOINT_HEADERS) && k.contains(".header."));
    }
}
