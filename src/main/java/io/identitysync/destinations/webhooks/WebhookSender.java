package io.identitysync.destinations.webhooks;

import io.identitysync.core.Backoff;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Sends one signed delivery (Standard Webhooks headers, the endpoint's own headers) and says how it went. One HTTP
 * client for every endpoint keeps connections alive between deliveries; it never follows a redirect.
 */
final class WebhookSender {

    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    /** How a send went: delivered, or not and whether to try again (after retryAfter, when the receiver said). */
    record Outcome(boolean delivered, boolean retry, Integer status, String error, Duration retryAfter) {
    }

    private final Duration timeout;
    private final HttpClient http;

    WebhookSender(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Outcome send(WebhookEndpoint endpoint, WebhookSigner signer, String eventId, String payload) {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.url())).timeout(timeout);
        endpoint.headers().forEach(request::header);
        request.header("content-type", "application/json")
                .header("webhook-id", eventId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.sign(eventId, timestamp, payload))
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Outcome(true, false, status, null, null);
            }
            boolean retry = status >= 500 || status == 408 || status == 409 || status == 429;
            Duration retryAfter = status == 429 || status == 503
                    ? Backoff.retryAfter(response.headers().firstValue("Retry-After").orElse(null), MAX_RETRY_AFTER) : null;
            return new Outcome(false, retry, status, "HTTP " + status, retryAfter);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, true, null, "interrupted", null);
        } catch (Exception e) {
            return new Outcome(false, true, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), null);
        }
    }
}
