package io.identitysync.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.config.Settings;
import io.identitysync.core.CredentialRefusedException;
import io.identitysync.core.SourceException;
import io.identitysync.core.VendorWords;
import io.identitysync.store.secrets.OAuthGrants;
import io.identitysync.store.secrets.SecretBox;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static io.identitysync.run.RunProperties.CONNECTOR;
import static io.identitysync.run.RunProperties.CREDENTIAL_KEY;
import static io.identitysync.run.RunProperties.KEY_PREFIX;
import static io.identitysync.run.RunProperties.RUN_ID;
import static io.identitysync.run.RunProperties.SOURCE_NAME;

/**
 * OAuth 2.0 for a source that offers it beside API keys (Factorial): with {@code <prefix>oauth.refresh-token} set,
 * each request carries {@code Authorization: Bearer <access token>} instead of the API key. A run gets a fresh access
 * token at its first request (so a token revoked since the last run is never reused) and another before the one it
 * has expires. Every refresh rotates the refresh token: the new one is kept, sealed, in the store before the access
 * token is used, so a restart carries on with it. Tokens reach no log, file or message.
 */
public final class OAuthTokens {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Token(String runId, String access, Instant refreshAt) {
    }

    private final Settings settings;
    private final OAuthGrants grants;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    /**
     * Made at the first refresh, not before: a JDK client keeps a selector thread blocked in native code for as long
     * as it lives, and the JVM's exit waits 0.3 s for such a thread, which every --once without OAuth would pay.
     */
    private HttpClient http;

    public OAuthTokens(Settings settings, OAuthGrants grants) {
        this.settings = settings;
        this.grants = grants;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        }
        return http;
    }

    /** Whether the connector under this key prefix authenticates with OAuth. */
    public static boolean configured(Settings settings, String keyPrefix) {
        return settings.has(keyPrefix + "oauth.refresh-token");
    }

    /** Route step, after the source's own auth headers: with OAuth, the API key header gives way to a bearer token. */
    public void authorize(Exchange exchange) {
        String prefix = exchange.getProperty(KEY_PREFIX, String.class);
        if (!configured(settings, prefix)) {
            return;
        }
        String connector = exchange.getProperty(CONNECTOR, String.class);
        String runId = exchange.getProperty(RUN_ID, String.class);
        exchange.setProperty(CREDENTIAL_KEY, prefix + "oauth.refresh-token");
        exchange.getMessage().removeHeader("x-api-key");
        exchange.getMessage().setHeader("Authorization", "Bearer " + accessToken(connector, prefix, runId,
                exchange.getProperty(SOURCE_NAME, String.class)));
    }

    /**
     * A fresh access token outside a run ({@code check --live}, {@code webhooks-in subscribe}): refreshed now, its
     * rotated refresh token kept sealed in the store as a run's is.
     */
    public synchronized String accessToken(String connector, String prefix, String source) {
        return refresh(connector, prefix, "outside-a-run", source).access();
    }

    private synchronized String accessToken(String connector, String prefix, String runId, String source) {
        Token token = tokens.get(connector);
        if (token == null || !token.runId().equals(runId) || !Instant.now().isBefore(token.refreshAt())) {
            token = refresh(connector, prefix, runId, source);
            tokens.put(connector, token);
        }
        return token.access();
    }

    private Token refresh(String connector, String prefix, String runId, String source) {
        String configured = settings.get(prefix + "oauth.refresh-token");
        SecretBox box = new SecretBox(settings.get(SecretBox.KEY));
        String refreshToken;
        try {
            refreshToken = grants.current(connector, configured, box);
        } catch (IllegalArgumentException e) {
            throw new SourceException(SecretBox.KEY + ": the stored refresh token of " + connector + " " + e.getMessage());
        }
        if (refreshToken == null) {
            refreshToken = configured;
        }
        String url = tokenUrl(prefix);
        Map<String, String> form = Map.of("grant_type", "refresh_token", "client_id", settings.get(prefix + "oauth.client-id"),
                "client_secret", settings.get(prefix + "oauth.client-secret"), "refresh_token", refreshToken);
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> answer;
        try {
            answer = http().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SourceException(source + ": cannot reach the OAuth token endpoint " + url + " (" + e.getClass().getSimpleName()
                    + "); check " + prefix + "oauth.token-url");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(source + ": interrupted while refreshing the OAuth token");
        }
        JsonNode json = parse(answer.body());
        if (answer.statusCode() != 200 || !json.path("access_token").isTextual()) {
            String error = json.path("error").asText("");
            // The error code is named in the message already; RFC 6749's error_description is what it adds.
            String description = json.path("error_description").asText("");
            String message = description.isBlank() ? VendorWords.of(answer.body()) : VendorWords.excerpt(description);
            String said = message.isEmpty() ? "; the answer carried no message" : "; " + source + " said: \"" + message + "\"";
            if ("invalid_grant".equals(error)) {
                throw new CredentialRefusedException(source + " refused the OAuth grant (invalid_grant): the refresh token was revoked or has "
                        + "expired; authorize the application again and set " + prefix + "oauth.refresh-token" + said);
            }
            if ("invalid_client".equals(error) || answer.statusCode() == 401) {
                throw new CredentialRefusedException(source + " refused the OAuth client (" + (error.isEmpty() ? "HTTP 401" : error) + "): check "
                        + prefix + "oauth.client-id and " + prefix + "oauth.client-secret" + said);
            }
            throw new SourceException(source + ": the OAuth token endpoint answered HTTP " + answer.statusCode()
                    + (error.isEmpty() ? "" : " (" + error + ")") + "; check " + prefix + "oauth.token-url" + said);
        }
        if (json.path("refresh_token").isTextual()) {
            grants.keep(connector, configured, json.get("refresh_token").asText(), box);
        }
        long expiresIn = json.path("expires_in").canConvertToLong() ? json.get("expires_in").asLong() : 3600;
        // Renewed a quarter of its life (at most 5 minutes) early: a request sent just before the end must not arrive after it.
        long marginMillis = Math.min(300_000, expiresIn * 1000 / 4);
        LOG.info("{}: OAuth access token refreshed (valid {} s)", connector, expiresIn);
        return new Token(runId, json.get("access_token").asText(), Instant.now().plusMillis(expiresIn * 1000 - marginMillis));
    }

    /** {@code <prefix>oauth.token-url}, or {@code /oauth/token} on the API's host. */
    private String tokenUrl(String prefix) {
        String configured = settings.get(prefix + "oauth.token-url");
        if (!configured.isEmpty()) {
            return configured;
        }
        URI base = URI.create(settings.get(prefix + "base-url"));
        return base.getScheme() + "://" + base.getRawAuthority() + "/oauth/token";
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
