package io.identitysync.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The reads of a live check: one GET, no retry (a check reports what it met), never a redirect (a credential goes
 * to the configured host only).
 */
final class LiveHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: its status, its body as JSON (null when it is none), and its text. */
    record Answer(int status, JsonNode json, String text) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Nothing answered: the host is unreachable, refused the connection, or timed out. */
    static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    LiveHttp(Duration connectTimeout, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
        this.timeout = timeout;
    }

    /** A base URL without its trailing slash, so that paths can be appended. */
    static String trimmed(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    Answer get(String url, Map<String, String> headers) throws Unreachable {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
    }

    Answer postForm(String url, String form, Map<String, String> headers) throws Unreachable {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded"), headers);
    }

    private Answer send(HttpRequest.Builder request, Map<String, String> headers) throws Unreachable {
        request.timeout(timeout);
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unreachable("no answer (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        } catch (IllegalArgumentException e) {
            throw new Unreachable("not a usable URL (" + e.getMessage() + ")");
        }
        JsonNode json;
        try {
            json = response.body() == null || response.body().isBlank() ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            json = null;
        }
        return new Answer(response.statusCode(), json, response.body() == null ? "" : response.body());
    }
}
