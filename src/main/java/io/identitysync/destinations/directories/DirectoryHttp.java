package io.identitysync.destinations.directories;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.core.Backoff;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * JSON over HTTP to one directory: its base URL, its auth header, a timeout; never a redirect, so the token goes to
 * the configured host only. Answers are classified once for every kind of directory (see {@link DirectoryException}).
 */
public final class DirectoryHttp {

    /** One answer: status and body (null when empty). */
    public record Answer(int status, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final String name;
    private final String baseUrl;
    private final Map<String, String> auth;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param name how messages name the directory ("directory hr-jc")
     * @param auth the auth header(s), sent on every request
     */
    public DirectoryHttp(String name, String baseUrl, Map<String, String> auth, Duration timeout) {
        this.name = name;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.auth = Map.copyOf(auth);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Sends one request and returns the answer when its status is 2xx or one of {@code accepted}; throws a
     * {@link DirectoryException} otherwise. {@code body} null: none.
     */
    public Answer send(String method, String path, JsonNode body, int... accepted) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout).header("Accept", "application/json");
        auth.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DirectoryException(DirectoryException.Kind.TRANSIENT, null, name + ": " + method + " " + path + ": no answer ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryException(DirectoryException.Kind.TRANSIENT, null, name + ": interrupted", null);
        }
        int status = response.statusCode();
        JsonNode parsed;
        try {
            parsed = response.body() == null || response.body().isBlank() ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            if (status >= 200 && status < 300) {
                throw new DirectoryException(DirectoryException.Kind.TRANSIENT, status, name + ": " + method + " " + path
                        + ": the answer is not JSON", null);
            }
            parsed = null;
        }
        for (int ok : accepted) {
            if (status == ok) {
                return new Answer(status, parsed);
            }
        }
        if (status >= 200 && status < 300) {
            return new Answer(status, parsed);
        }
        String message = name + ": " + method + " " + path + ": HTTP " + status + detail(parsed);
        if (status == 401 || status == 403) {
            throw new DirectoryException(DirectoryException.Kind.CREDENTIAL, status, message, null);
        }
        if (status == 429 || status >= 500 || status == 408) {
            Duration retryAfter = status == 429 || status == 503
                    ? Backoff.retryAfter(response.headers().firstValue("Retry-After").orElse(null), MAX_RETRY_AFTER) : null;
            throw new DirectoryException(DirectoryException.Kind.TRANSIENT, status, message, retryAfter);
        }
        throw new DirectoryException(DirectoryException.Kind.PERMANENT, status, message, null);
    }

    /** The directory's own words: JumpCloud's {@code message}, SCIM's {@code detail}. */
    private static String detail(JsonNode body) {
        if (body == null) {
            return "";
        }
        String text = body.path("message").asText(body.path("detail").asText(""));
        return text.isBlank() ? "" : " (" + text + ")";
    }
}
