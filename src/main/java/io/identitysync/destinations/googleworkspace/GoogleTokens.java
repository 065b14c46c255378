package io.identitysync.destinations.googleworkspace;

import com.google.auth.oauth2.AccessToken;
import com.google.api.client.http.HttpResponseException;
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

    private final ServiceAccountCredentials credentials;
    private final String label;
    private final String keysToCheck;

    public GoogleTokens(ServiceAccountCredentials credentials, String label, String keysToCheck) {
        this.credentials = credentials;
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
            throw new DirectoryException(DirectoryException.Kind.CREDENTIAL, status, label + ": " + oneLine(e.getMessage()) + "; check " + keysToCheck
                    + " and that the Admin console delegates " + String.join(", ", credentials.getScopes()) + " to the service account", null);
        }
    }

    public Map<String, String> headers() {
        return Map.of("Authorization", "Bearer " + token());
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
