package io.identitysync.inbound;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.run.OAuthTokens;
import io.identitysync.store.Store;
import io.identitysync.store.secrets.OAuthGrants;

import java.util.Map;

/**
 * The auth headers the subscription commands send: the API key, or with {@code <prefix>oauth.*} a bearer token got
 * exactly as a run gets it (OAuthTokens: the rotated refresh token is kept, sealed, in the store before the access
 * token is used), so a command and the service never hold different refresh tokens.
 */
final class SubscriptionAuth {

    private SubscriptionAuth() {
    }

    /** Whether the connector authenticates with OAuth rather than an API key. */
    static boolean oauth(Connectors.Connector c, Settings settings) {
        return OAuthTokens.configured(settings, c.keyPrefix());
    }

    /** The keys an operator checks when Factorial refuses the credential. */
    static String keys(Connectors.Connector c, Settings settings) {
        return oauth(c, settings) ? c.key("oauth.refresh-token") + " (and " + c.key("oauth.client-id") + ", " + c.key("oauth.client-secret") + ")"
                : c.key("api-token");
    }

    /**
     * The headers; with OAuth this refreshes the token (one request to the token endpoint, the new refresh token
     * stored). Throws OAuthTokens' SourceException, whose message names the key to check, when that is refused.
     */
    static Map<String, String> headers(Connectors.Connector c, Settings settings) {
        if (!oauth(c, settings)) {
            return Map.of("x-api-key", settings.get(c.key("api-token")));
        }
        try (Store store = Store.open(settings).migrate()) {
            return Map.of("Authorization", "Bearer " + new OAuthTokens(settings, new OAuthGrants(store)).accessToken(c.id(), c.keyPrefix(), c.source().name()));
        }
    }
}
