package io.identitysync.destinations.entra;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryException;

import java.net.MalformedURLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app registration's access token for Microsoft Graph, from Microsoft's MSAL: the client credentials grant
 * ({@code scope=https://graph.microsoft.com/.default}) at {@code <login-url>/<tenant-id>/oauth2/v2.0/token}, the only
 * place the secret is sent; MSAL keeps the token and asks again before it expires. Instance discovery and authority
 * validation are off: the authority is the one configured, nothing else is asked where it is. A refusal names the key
 * its AADSTS code points at, with Microsoft's own error_description; the token itself is never put in a message.
 */
public final class EntraTokens {

    public static final String SCOPE = "https://graph.microsoft.com/.default";
    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");
    /** The AADSTS codes that point at one key: wrong secret, unknown app, unknown tenant. */
    private static final Map<String, String> KEY_OF_CODE = Map.of("7000215", "client-secret", "7000222", "client-secret",
            "700016", "client-id", "90002", "tenant-id", "900023", "tenant-id");

    private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private final ConfidentialClientApplication app;
    private IAuthenticationResult held;
    private final DirectoryConfig config;
    private final String tokenEndpoint;

    private EntraTokens(ConfidentialClientApplication app, DirectoryConfig config, String tokenEndpoint) {
        this.app = app;
        this.config = config;
        this.tokenEndpoint = tokenEndpoint;
    }

    /** The directory's tokens; a login-url MSAL cannot take is a refusal naming its key. */
    public static EntraTokens of(DirectoryConfig config, String secret, Duration timeout) {
        String login = config.option("login-url");
        String authority = (login.endsWith("/") ? login : login + "/") + config.option("tenant-id") + "/";
        try {
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            ConfidentialClientApplication app = ConfidentialClientApplication
                    .builder(config.option("client-id"), ClientCredentialFactory.createFromSecret(secret == null ? "" : secret))
                    .authority(authority).validateAuthority(false).instanceDiscovery(false)
                    .connectTimeoutForDefaultHttpClient(millis).readTimeoutForDefaultHttpClient(millis).build();
            return new EntraTokens(app, config, authority + "oauth2/v2.0/token");
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new DirectoryException(DirectoryException.Kind.CREDENTIAL, null, label(config) + ": " + config.key("login-url") + ": '" + login
                    + "' cannot be the authority (" + e.getMessage() + ")", null);
        }
    }

    /**
     * A valid access token: the one held, or a new one when it expires within {@link #RENEW_BEFORE}. MSAL keeps one
     * too, but its cache is keyed by the authority's host without its port, so it misses for a login URL that names a
     * port (a proxy, the simulator); holding the result here keeps one token per lifetime everywhere.
     */
    public synchronized String token() {
        if (held != null && held.expiresOnDate().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE))) {
            return held.accessToken();
        }
        try {
            held = app.acquireToken(ClientCredentialParameters.builder(Set.of(SCOPE)).build()).get();
            return held.accessToken();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryException(DirectoryException.Kind.TRANSIENT, null, label(config) + ": interrupted", null);
        } catch (ExecutionException e) {
            throw refusal(e.getCause() == null ? e : e.getCause());
        } catch (MsalException e) {
            throw refusal(e);
        }
    }

    public Map<String, String> headers() {
        return Map.of("Authorization", "Bearer " + token());
    }

    private DirectoryException refusal(Throwable e) {
        if (e instanceof MsalServiceException s && s.statusCode() != null && s.statusCode() >= 400 && s.statusCode() < 500 && s.statusCode() != 429
                && s.statusCode() != 408) {
            Matcher code = AADSTS.matcher(String.valueOf(s.getMessage()));
            String key = code.find() && KEY_OF_CODE.containsKey(code.group(1)) ? config.key(KEY_OF_CODE.get(code.group(1)))
                    : config.key("tenant-id") + ", " + config.key("client-id") + " and " + config.tokenKey();
            return new DirectoryException(DirectoryException.Kind.CREDENTIAL, s.statusCode(), label(config) + ": the token endpoint " + tokenEndpoint
                    + " refused the app: HTTP " + s.statusCode() + " (" + s.errorCode() + ": " + oneLine(s.getMessage()) + "); check " + key, null);
        }
        Integer status = e instanceof MsalServiceException s ? s.statusCode() : null;
        return new DirectoryException(DirectoryException.Kind.TRANSIENT, status, label(config) + ": no token from " + tokenEndpoint + " ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())) + ")", null);
    }

    static String label(DirectoryConfig config) {
        return "Entra ID (" + config.label() + ")";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }
}
