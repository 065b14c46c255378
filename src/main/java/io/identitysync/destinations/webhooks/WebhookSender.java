package io.identitysync.destinations.webhooks;

import io.identitysync.core.Backoff;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Sends one signed delivery (Standard Webhooks headers, the endpoint's own headers) and says how it went. One HTTP
 * client for every endpoint keeps connections alive between deliveries; it never follows a redirect and never
 * retries by itself (the outbox decides). A blocking client: each endpoint's worker sends one delivery at a time in
 * event order, and a blocking send costs no hand-over between threads (the JDK's client did: 2.2k a second → see
 * the README's figures).
 */
final class WebhookSender implements AutoCloseable {

    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    /** The body's exact type, without a charset parameter: receivers compare it. */
    private static final ContentType JSON = ContentType.create("application/json", (Charset) null);

    /** How a send went: delivered, or not and whether to try again (after retryAfter, when the receiver said). */
    record Outcome(boolean delivered, boolean retry, Integer status, String error, Duration retryAfter) {
    }

    private final CloseableHttpClient http;

    WebhookSender(Duration timeout) {
        Timeout t = Timeout.of(timeout);
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(t).setSocketTimeout(t).build())
                        .setMaxConnPerRoute(50).setMaxConnTotal(500).build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(t).build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement().build();
    }

    Outcome send(WebhookEndpoint endpoint, WebhookSigner signer, String eventId, String payload) {
        long timestamp = Instant.now().getEpochSecond();
        HttpPost request = new HttpPost(endpoint.url());
        endpoint.headers().forEach(request::setHeader);
        request.setHeader("webhook-id", eventId);
        request.setHeader("webhook-timestamp", Long.toString(timestamp));
        request.setHeader("webhook-signature", signer.sign(eventId, timestamp, payload));
        request.setEntity(new ByteArrayEntity(payload.getBytes(StandardCharsets.UTF_8), JSON));
        try {
            return http.execute(request, response -> {
                EntityUtils.consume(response.getEntity());
                int status = response.getCode();
                if (status >= 200 && status < 300) {
                    return new Outcome(true, false, status, null, null);
                }
                boolean retry = status >= 500 || status == 408 || status == 409 || status == 429;
                Header retryAfterHeader = response.getFirstHeader("Retry-After");
                Duration retryAfter = status == 429 || status == 503
                        ? Backoff.retryAfter(retryAfterHeader == null ? null : retryAfterHeader.getValue(), MAX_RETRY_AFTER) : null;
                return new Outcome(false, retry, status, "HTTP " + status, retryAfter);
            });
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return new Outcome(false, true, null, "interrupted", null);
            }
            return new Outcome(false, true, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), null);
        }
    }

    /** Closes every connection at once, ending a send that waits for its answer. */
    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
    }
}
