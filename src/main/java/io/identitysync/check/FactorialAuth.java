package io.identitysync.check;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.core.SourceException;
import io.identitysync.run.OAuthTokens;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The credential a Factorial connector sends: its API key, or with OAuth a bearer token from its refresh token. The
 * refresh token rotates at every use, so the check keeps the new one sealed in the store exactly as a run does (the
 * one thing a live check writes: without it the next run would hold a spent token).
 */
final class FactorialAuth {

    record Grant(Map<String, String> headers, String key, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    private final Supplier<OAuthTokens> oauth;

    /** @param oauth the store's token keeper, opened only when a connector uses OAuth */
    FactorialAuth(Supplier<OAuthTokens> oauth) {
        this.oauth = oauth;
    }

    Grant grant(Connectors.Connector c, Settings s, LiveHttp http) {
        if (!Connectors.usesOAuth(s, c)) {
            return new Grant(Map.of("x-api-key", s.get(c.key("api-token"))), c.key("api-token"), null);
        }
        String key = c.key("oauth.refresh-token");
        try {
            String token = oauth.get().accessToken(c.id(), c.keyPrefix(), c.source().name());
            return new Grant(Map.of("Authorization", "Bearer " + token), key, null);
        } catch (SourceException e) {
            return new Grant(Map.of(), key, e.getMessage());
        }
    }
}
