package io.identitysync.simulators.factorial;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Factorial's OAuth 2.0 token endpoint, for the simulator: {@code POST /oauth/token} with
 * {@code grant_type=refresh_token}, the application's client id and secret and a refresh token. As Factorial
 * documents it, each refresh returns a new access token (an hour by default) and a new refresh token, and using the
 * new one revokes the old. Errors are Doorkeeper's: 401 {@code invalid_client}, 400 {@code invalid_grant}.
 */
final class FactorialOAuth {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** An answer: status and JSON body. */
    record Answer(int status, Map<String, Object> body) {
    }

    private final Map<String, String> clients = new ConcurrentHashMap<>();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> accessTokens = new ConcurrentHashMap<>();
    private volatile long lifetimeSeconds = 3600;

    void client(String id, String secret, String refreshToken) {
        clients.put(id, secret);
        refreshTokens.add(refreshToken);
    }

    void lifetime(long seconds) {
        lifetimeSeconds = seconds;
    }

    /** The user took the application's access away: every token of the grant stops working. */
    void revoke() {
        refreshTokens.clear();
        accessTokens.clear();
    }

    /** Whether a bearer token is one this server issued and that has not expired. */
    boolean valid(String accessToken) {
        Long until = accessTokens.get(accessToken);
        return until != null && until > System.currentTimeMillis();
    }

    synchronized Answer token(Map<String, String> form) {
        if (!"refresh_token".equals(form.get("grant_type"))) {
            return error(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
        }
        String secret = clients.get(form.getOrDefault("client_id", ""));
        if (secret == null || !secret.equals(form.get("client_secret"))) {
            return error(401, "invalid_client", "Client authentication failed due to unknown client, no client authentication included, "
                    + "or unsupported authentication method.");
        }
        if (!refreshTokens.remove(form.getOrDefault("refresh_token", ""))) {
            return error(400, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does not match the redirection "
                    + "URI used in the authorization request, or was issued to another client.");
        }
        String access = random();
        String refresh = random();
        accessTokens.put(access, System.currentTimeMillis() + lifetimeSeconds * 1000);
        refreshTokens.add(refresh);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", access);
        body.put("token_type", "Bearer");
        body.put("expires_in", lifetimeSeconds);
        body.put("refresh_token", refresh);
        body.put("created_at", System.currentTimeMillis() / 1000);
        return new Answer(200, body);
    }

    private static Answer error(int status, String error, String description) {
        return new Answer(status, Map.of("error", error, "error_description", description));
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
