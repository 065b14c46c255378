package io.identitysync.destinations.directories;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.core.Backoff;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * JSON over HTTP to one directory: its base URL, its auth header, its media type (SCIM has its own,
 * application/scim+json, RFC 7644 §3.8), a timeout; never a redirect, so the token goes to the configured host only.
 * Answers are classified once for every kind of directory (see {@link DirectoryException}), and a refusal carries the
 * directory's own words (see {@link #detail}).
 */
public final class DirectoryHttp {

    /** One answer: status, body (null when empty) and headers (Okta pages with a Link header). */
    public record Answer(int status, JsonNode body, Map<String, List<String>> headers) {

        public Answer(int status, JsonNode body) {
            this(status, body, Map.of());
        }

        /** Every value of a header, by its name in any case. */
        public List<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream()).toList();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    /** How much of a body that is not the directory's error shape is shown: enough to recognise a proxy's page. */
    static final int RAW_BODY_CHARS = 200;
    public static final String JSON_MEDIA_TYPE = "application/json";

    private final String name;
    private final String baseUrl;
    private final Supplier<Map<String, String>> auth;
    private final Duration timeout;
    private final String mediaType;
    private final String credentialKey;
    private final HttpClient http;

    /** As {@link #DirectoryHttp(String, String, Map, Duration, String, String)} with application/json and no key named. */
    public DirectoryHttp(String name, String baseUrl, Map<String, String> auth, Duration timeout) {
        this(name, baseUrl, auth, timeout, JSON_MEDIA_TYPE, null);
    }

    /**
     * @param name how messages name the directory ("directory hr-jc")
     * @param auth the auth header(s), sent on every request
     * @param mediaType sent as Accept, and as Content-Type with a body
     * @param credentialKey the configuration key of the credential, named when the directory refuses it (401/403); null: none
     */
    public DirectoryHttp(String name, String baseUrl, Map<String, String> auth, Duration timeout, String mediaType, String credentialKey) {
        this(name, baseUrl, constant(auth), timeout, mediaType, credentialKey);
    }

    /** With auth headers asked for on every request: an OAuth access token that is renewed before it expires. */
    public DirectoryHttp(String name, String baseUrl, Supplier<Map<String, String>> auth, Duration timeout, String mediaType, String credentialKey) {
        this.name = name;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.auth = auth;
        this.timeout = timeout;
        this.mediaType = mediaType;
        this.credentialKey = credentialKey;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Sends one request and returns the answer when its status is 2xx or one of {@code accepted}; throws a
     * {@link DirectoryException} otherwise. {@code body} null: none.
     */
    public Answer send(String method, String path, JsonNode body, int... accepted) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout).header("Accept", mediaType);
        auth.get().forEach(request::header);
        if (body != null) {
            request.header("Content-Type", mediaType);
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
                return new Answer(status, parsed, response.headers().map());
            }
        }
        if (status >= 200 && status < 300) {
            return new Answer(status, parsed, response.headers().map());
        }
        String message = name + ": " + method + " " + path + ": HTTP " + status + detail(parsed, response.body());
        if (status == 403 && rateLimited(parsed)) {
            // Google answers its per-user and per-project quotas with 403, not 429: wait and retry, never dead-letter.
            throw new DirectoryException(DirectoryException.Kind.TRANSIENT, status, message, null);
        }
        if (status == 401 || status == 403) {
            throw new DirectoryException(DirectoryException.Kind.CREDENTIAL, status, message
                    + (credentialKey == null ? "" : "; check " + credentialKey), null);
        }
        if (status == 429 || status >= 500 || status == 408) {
            Duration retryAfter = status == 429 || status == 503 || status == 504
                    ? Backoff.retryAfter(response.headers().firstValue("Retry-After").orElse(null), MAX_RETRY_AFTER) : null;
            if (status == 429 && retryAfter == null) {
                retryAfter = rateLimitReset(response.headers().firstValue("X-Rate-Limit-Reset").orElse(null), Instant.now());
            }
            throw new DirectoryException(DirectoryException.Kind.TRANSIENT, status, message, retryAfter);
        }
        throw new DirectoryException(DirectoryException.Kind.PERMANENT, status, message, null);
    }

    /**
     * The directory's own words, in full, as " (…)": JumpCloud's {@code message} with each of its {@code details}
     * (ErrorDetails, whose details follow google.rpc's error_details: a fieldViolationsList becomes "field: description"),
     * SCIM's {@code detail} with its {@code scimType} (RFC 7644 §3.12), Okta's {@code errorSummary} with its
     * {@code errorCauses} and {@code errorCode}; any other body, JSON or not, by its first
     * {@value #RAW_BODY_CHARS} characters, so a gateway's HTML page or a proxy's text still tells the operator who answered.
     */
    static String detail(JsonNode body, String raw) {
        List<String> parts = new ArrayList<>();
        if (body != null && body.isObject()) {
            text(parts, body.path("message"));
            if (body.path("details").isArray()) {
                for (JsonNode d : body.path("details")) {
                    parts.add(detailOf(d));
                }
            } else {
                text(parts, body.path("details"));
            }
            text(parts, body.path("detail"));
            JsonNode google = body.path("error");
            if (google.isObject()) {
                // Google's {"error": {"code", "message", "errors": [{"reason", "message"}]}}; Microsoft Graph's
                // {"error": {"code": "Request_BadRequest", "message", "innerError"}}, its code a word where Google's is a number.
                text(parts, google.path("message"));
                if (google.path("code").isTextual()) {
                    parts.add("code " + google.path("code").asText());
                }
                for (JsonNode e : google.path("errors")) {
                    if (e.path("reason").isTextual()) {
                        parts.add("reason " + e.path("reason").asText());
                    }
                }
            }
            // Okta's {errorCode, errorSummary, errorCauses: [{errorSummary}]}: the summary and each cause, then the code.
            text(parts, body.path("errorSummary"));
            for (JsonNode cause : body.path("errorCauses")) {
                text(parts, cause.path("errorSummary"));
            }
            if (body.path("errorCode").isTextual() && body.has("errorSummary")) {
                parts.add("errorCode " + body.path("errorCode").asText());
            }
            if (body.path("scimType").isTextual() && !body.path("scimType").asText().isBlank()) {
                parts.add("scimType " + body.path("scimType").asText());
            }
        }
        parts.removeIf(String::isBlank);
        if (parts.isEmpty()) {
            String text = raw == null ? "" : raw.strip().replaceAll("\\s+", " ");
            if (text.isEmpty()) {
                return "";
            }
            parts.add(text.length() > RAW_BODY_CHARS ? text.substring(0, RAW_BODY_CHARS) + "…" : text);
        }
        return " (" + String.join("; ", parts) + ")";
    }

    /**
     * Okta's 429: no Retry-After, but {@code X-Rate-Limit-Reset}, the epoch second its window resets; waiting until
     * then is what Okta asks. Null when absent, past or not a number; never longer than an hour.
     */
    static Duration rateLimitReset(String header, Instant now) {
        if (header == null) {
            return null;
        }
        try {
            Duration wait = Duration.between(now, Instant.ofEpochSecond(Long.parseLong(header.trim())));
            // A reset already past (clocks differ) leaves the retry schedule to decide.
            return wait.isNegative() || wait.isZero() ? null : wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Google's quota refusals: {@code {"error": {"errors": [{"reason": "rateLimitExceeded" | "userRateLimitExceeded"}]}}}. */
    static boolean rateLimited(JsonNode body) {
        if (body == null) {
            return false;
        }
        for (JsonNode e : body.path("error").path("errors")) {
            String reason = e.path("reason").asText();
            if (reason.equals("rateLimitExceeded") || reason.equals("userRateLimitExceeded")) {
                return true;
            }
        }
        return false;
    }

    private static Supplier<Map<String, String>> constant(Map<String, String> auth) {
        Map<String, String> copy = Map.copyOf(auth);
        return () -> copy;
    }

    /** One of JumpCloud's details: its field violations as "field: description", else the object without its @type. */
    private static String detailOf(JsonNode d) {
        if (!d.isObject()) {
            return d.isValueNode() ? d.asText() : d.toString();
        }
        List<String> out = new ArrayList<>();
        for (String list : List.of("fieldViolationsList", "fieldViolations")) {
            for (JsonNode v : d.path(list)) {
                out.add(v.path("field").asText("?") + ": " + v.path("description").asText(""));
            }
        }
        if (out.isEmpty()) {
            ObjectNode rest = ((ObjectNode) d).deepCopy();
            rest.remove("@type");
            if (!rest.isEmpty()) {
                out.add(rest.size() == 1 && rest.elements().next().isValueNode() ? rest.elements().next().asText() : rest.toString());
            }
        }
        return String.join(", ", out);
    }

    private static void text(List<String> parts, JsonNode node) {
        if (node.isTextual()) {
            parts.add(node.asText().strip());
        }
    }
}
