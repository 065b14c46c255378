package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Factorial's webhooks, for the simulator: subscriptions ({@code api_public/webhook_subscriptions}: one per type,
 * 422 for a second of the same type) and deliveries as Factorial makes them: a POST of the resource object itself
 * (no envelope) to the subscription's target URL, with the subscription's challenge in {@code x-factorial-wh-challenge}
 * and the author in {@code x-factorial-author-id} / {@code -type}. Tests can lose, repeat or delay a delivery.
 */
final class FactorialWebhooks {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What happens to one delivery. */
    enum Delivery { SENT, LOST, DUPLICATED }

    /** A delivery's answer. */
    record Answer(int status, Object body) {
    }

    private final Map<String, ObjectNode> subscriptions = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Integer> answers = new ArrayList<>();

    synchronized List<ObjectNode> list() {
        return new ArrayList<>(subscriptions.values());
    }

    synchronized Answer create(JsonNode body) {
        String type = body.path("subscription_type").asText("");
        String url = body.path("target_url").asText("");
        if (type.isEmpty() || url.isEmpty()) {
            return new Answer(422, Map.of("error", "Unprocessable Entity", "message", "subscription_type and target_url are required"));
        }
        if (subscriptions.values().stream().anyMatch(s -> s.path("type").asText().equals(type))) {
            return new Answer(422, Map.of("error", "Unprocessable Entity", "message", "Subscription type has already been taken"));
        }
        ObjectNode s = JSON.createObjectNode();
        s.put("id", String.valueOf(ids.incrementAndGet()));
        s.put("target_url", url);
        s.put("type", type);
        s.put("company_id", "1");
        s.put("name", body.path("name").asText(type));
        s.put("challenge", body.path("challenge").asText(""));
        s.put("enabled", true);
        s.put("api_version", "2026-04-01");
        subscriptions.put(s.get("id").asText(), s);
        return new Answer(201, s);
    }

    synchronized Answer delete(String id) {
        ObjectNode s = subscriptions.remove(id);
        return s == null ? new Answer(404, Map.of("error", "Not found")) : new Answer(200, s);
    }

    /** Delivers the record to the subscriptions of its type, after {@code delayMillis}; returns when sent (or at once when delayed). */
    void deliver(String type, ObjectNode record, Delivery what, long delayMillis) {
        List<ObjectNode> targets;
        synchronized (this) {
            targets = subscriptions.values().stream().filter(s -> s.path("type").asText().equals(type) && s.path("enabled").asBoolean()).toList();
        }
        if (what == Delivery.LOST) {
            return;
        }
        for (ObjectNode s : targets) {
            Runnable send = () -> {
                for (int i = 0; i < (what == Delivery.DUPLICATED ? 2 : 1); i++) {
                    post(s, record);
                }
            };
            if (delayMillis > 0) {
                CompletableFuture.runAsync(() -> {
                    try {
                        Thread.sleep(delayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    send.run();
                });
            } else {
                send.run();
            }
        }
    }

    private void post(ObjectNode subscription, ObjectNode record) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(subscription.path("target_url").asText()))
                    .header("Content-Type", "application/json").header("x-factorial-wh-challenge", subscription.path("challenge").asText())
                    .header("x-factorial-author-id", "1").header("x-factorial-author-type", "Access")
                    .POST(HttpRequest.BodyPublishers.ofString(record.toString())).build(), HttpResponse.BodyHandlers.discarding());
            synchronized (this) {
                answers.add(r.statusCode());
            }
        } catch (IOException e) {
            synchronized (this) {
                answers.add(0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The HTTP status of every delivery made so far (0: no answer). */
    synchronized List<Integer> answers() {
        return new ArrayList<>(answers);
    }
}
