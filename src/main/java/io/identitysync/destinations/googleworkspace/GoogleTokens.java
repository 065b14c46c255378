package io.identitysync.destinations.googleworkspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.HttpResponseException;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.identitysync.destinations.directories.DirectoryException;

import java.io.IOException;
import java.util.Map;

/**
 * The access token of a service account acting for the administrator, from Google's auth library: it signs the
 * RS256 assertion, posts it to the key file's token_uri, and keeps the token until shortly before it expires. A
 * refused assertion stops the directory's pushes (credential), naming the keys to check; the token itself is never
 * put in a message.
 */
public final class GoogleTokens {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceAccountCredentials credentials;
    private final String label;
    private final String keysToCheck;

    private final TokenEndpointWords transport;

    GoogleTokens(ServiceAccountCredentials credentials, TokenEndpointWords transport, String label, String keysToCheck) {
        this.credentials = credentials;
        this.transport = transport;
        this.label = label;
        this.keysToCheck = keysToCheck;
    }

    /** A valid access token, renewed by the library when it is about to expire. */
    public String token() {
        try {
            credentials.refreshIfExpired();
            AccessToken token = credentials.getAccessToken();
            if (token == null) {
                throw new DirectoryException(DirectoryException.Kind.TRANSIENT, null, label + ": the token endpoint gave no access token", null);
            }
            return token.getTokenValue();
        } catch (IOException e) {
            Integer status = status(e);
            if (status == null || status >= 500 || status == 429 || status == 408) {
                throw new DirectoryException(DirectoryException.Kind.TRANSIENT, status, label + ": no token from " + credentials.getTokenServerUri()
                        + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())) + ")", null);
            }
            // The token endpoint refused the assertion: Google's words say why (unauthorized_client, invalid_grant…).
            throw new DirectoryException(DirectoryException.Kind.CREDENTIAL, status, label + ": the token endpoint " + credentials.getTokenServerUri()
                    + " refused the service account " + credentials.getClientEmail() + " acting for " + credentials.getServiceAccountUser()
                    + ": HTTP " + status + words() + "; check " + keysToCheck + ", and that the Admin console (Security → API controls → "
                    + "Domain-wide delegation) grants its client id " + String.join(",", credentials.getScopes()), null);
        }
    }

    public Map<String, String> headers() {
        return Map.of("Authorization", "Bearer " + token());
    }

    /** The token endpoint's own words: {@code error} and {@code error_description} of its JSON answer (RFC 6749 §5.2). */
    private String words() {
        String raw = transport.lastRefusal();
        if (raw == null || raw.isBlank()) {
            return "";
        }
        try {
            JsonNode body = JSON.readTree(raw);
            if (body.path("error").isTextual()) {
                return " (" + body.path("error").asText() + (body.path("error_description").isTextual()
                        ? ": " + body.path("error_description").asText() : "") + ")";
            }
        } catch (IOException | RuntimeException ignored) {
            // Not OAuth's JSON (a proxy's page): shown as it is, shortened.
        }
        String text = oneLine(raw);
        return " (" + (text.length() > 200 ? text.substring(0, 200) + "…" : text) + ")";
    }

    /** The token endpoint's HTTP status, when it answered. */
    private static Integer status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpResponseException r) {
                return r.getStatusCode();
            }
        }
        return null;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }
}
