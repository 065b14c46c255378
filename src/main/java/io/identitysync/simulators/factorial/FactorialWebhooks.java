package io.identitysync.simulators.factorial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Factorial's webhooks, for the simulator, answered as the SDK models them (ApiPublicWebhookSubscription: {@code id}
 * and {@code company_id} integers, {@code name} only when given, {@code challenge} never echoed, since it is
 * optional): subscriptions ({@code api_public/webhook_subscriptions}: one per type, 422 for a second of the same type
 * and for a create without {@code company_id} or for another company; PUT updates in place; the list is cursor-paged),
 * the credential behind a key or token ({@code api_public/credentials}, as ApiPublicCredential), and deliveries as
 * Factorial makes them: a POST of the resource object itself (no envelope) to the subscription's target URL, with the
 * subscription's challenge in {@code x-factorial-wh-challenge} and the author in {@code x-factorial-author-id} /
 * {@code -type} ({@code employee} or {@code company}). Tests can lose, repeat or delay a delivery.
 */
final class FactorialWebhooks {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The simulated company: the one every key and token of the simulator acts for. */
    static final long COMPANY_ID = 1;

    /** What happens to one delivery. */
    enum Delivery { SENT, LOST, DUPLICATED }

    /** An answer: status and JSON body. */
    record Answer(int status, Object body) {
    }

    /** A subscription: what Factorial shows of it, and its challenge, which it keeps to itself. */
    private record Subscription(ObjectNode shown, String challenge) {
    }

    private final Map<Long, Subscription> subscriptions = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Integer> answers = new ArrayList<>();

    /** One page of the list: {@code limit} (at most 100) after the cursor, with PagedIndexMeta; base64 cursors, as Factorial's. */
    synchronized Answer list(String limitParam, String afterId) {
        int limit;
        long after = 0;
        try {
            limit = limitParam == null ? 100 : Math.min(100, Integer.parseInt(limitParam));
            if (afterId != null) {
                after = Long.parseLong(new String(Base64.getDecoder().decode(afterId), StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException e) {
            return error(400, "Bad request", "invalid limit or cursor");
        }
        if (limit < 1) {
            return error(400, "Bad request", "limit must be positive");
        }
        long from = after;
        List<ObjectNode> rest = subscriptions.values().stream().map(Subscription::shown).filter(s -> s.get("id").asLong() > from).toList();
        List<ObjectNode> page = rest.subList(0, Math.min(limit, rest.size()));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("has_previous_page", after > 0);
        meta.put("has_next_page", rest.size() > limit);
        meta.put("limit", limit);
        meta.put("total", subscriptions.size());
        if (!page.isEmpty()) {
            meta.put("start_cursor", cursor(page.get(0)));
            meta.put("end_cursor", cursor(page.get(page.size() - 1)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", page);
        body.put("meta", meta);
        return new Answer(200, body);
    }

    private static String cursor(ObjectNode s) {
        return Base64.getEncoder().encodeToString(s.get("id").asText().getBytes(StandardCharsets.UTF_8));
    }

    synchronized Answer create(JsonNode body) {
        if (!body.isObject()) {
            return error(400, "Bad request", "the body must be a JSON object");
        }
        String type = body.path("subscription_type").asText("");
        String url = body.path("target_url").asText("");
        if (type.isEmpty() || url.isEmpty() || !body.path("company_id").canConvertToLong()) {
            return error(422, "Unprocessable Entity", (type.isEmpty() ? "subscription_type" : url.isEmpty() ? "target_url" : "company_id")
                    + " is missing");
        }
        if (body.get("company_id").asLong() != COMPANY_ID) {
            return error(422, "Unprocessable Entity", "company_id " + body.get("company_id").asText() + " is not the company of this credential");
        }
        if (taken(type, 0)) {
            return error(422, "Unprocessable Entity", "Subscription type has already been taken");
        }
        ObjectNode s = JSON.createObjectNode();
        s.put("id", ids.incrementAndGet());
        s.put("target_url", url);
        s.put("type", type);
        s.put("company_id", COMPANY_ID);
        s.put("enabled", !body.has("enabled") || body.get("enabled").asBoolean());
        s.put("api_version", body.path("api_version").asText("2026-04-01"));
        if (body.path("name").isTextual()) {
            s.put("name", body.get("name").asText());
        }
        subscriptions.put(s.get("id").asLong(), new Subscription(s, body.path("challenge").asText("")));
        return new Answer(201, s);
    }

    /**
     * PUT: the fields given change, the rest stay. The SDK's PUT model also carries {@code id} in the body; the
     * vendor's own docs PUT {@code {"enabled":false}} alone, so both are taken.
     */
    synchronized Answer update(String id, JsonNode body) {
        Subscription found = find(id);
        if (found == null) {
            return error(404, "Not found", "Webhook subscription not found");
        }
        if (!body.isObject()) {
            return error(400, "Bad request", "the body must be a JSON object");
        }
        ObjectNode s = found.shown();
        if (body.path("subscription_type").isTextual()) {
            if (taken(body.get("subscription_type").asText(), s.get("id").asLong())) {
                return error(422, "Unprocessable Entity", "Subscription type has already been taken");
            }
            s.put("type", body.get("subscription_type").asText());
        }
        for (String field : new String[] {"target_url", "name", "api_version"}) {
            if (body.path(field).isTextual()) {
                s.put(field, body.get(field).asText());
            }
        }
        if (body.path("enabled").isBoolean()) {
            s.put("enabled", body.get("enabled").asBoolean());
        }
        String challenge = body.path("challenge").isTextual() ? body.get("challenge").asText() : found.challenge();
        subscriptions.put(s.get("id").asLong(), new Subscription(s, challenge));
        return new Answer(200, s);
    }

    synchronized Answer delete(String id) {
        Subscription s = find(id);
        if (s == null) {
            return error(404, "Not found", "Webhook subscription not found");
        }
        subscriptions.remove(s.shown().get("id").asLong());
        return new Answer(200, s.shown());
    }

    private Subscription find(String id) {
        try {
            return subscriptions.get(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private boolean taken(String type, long except) {
        return subscriptions.values().stream().anyMatch(s -> s.shown().path("type").asText().equals(type) && s.shown().get("id").asLong() != except);
    }

    /**
     * The credential behind the request, as ApiPublicCredential: an API key is the company's (its company fields), an
     * OAuth token is a person's access (its person fields, no company name).
     */
    Answer credentials(boolean oauth) {
        ObjectNode c = JSON.createObjectNode();
        c.put("company_id", COMPANY_ID);
        c.put("id", oauth ? "access-1" : "api_key-1");
        c.put("employee_id", 1);
        if (oauth) {
            c.put("email", "ada@example.com").put("login_email", "ada@example.com").put("full_name", "Ada Lovelace")
                    .put("first_name", "Ada").put("last_name", "Lovelace").put("role", "admin");
        } else {
            c.put("gdpr_tos", true).put("legal_name", "Simulated Company S.L.").put("locale", "en").put("name", "Simulated Company")
                    .put("subscription_plan", "business").put("tos", true);
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("has_previous_page", false);
        meta.put("has_next_page", false);
        meta.put("limit", 100);
        meta.put("total", 1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", List.of(c));
        body.put("meta", meta);
        return new Answer(200, body);
    }

    private static Answer error(int status, String error, String message) {
        return new Answer(status, Map.of("error", error, "message", message));
    }

    /** Delivers the record to the subscriptions of its type, after {@code delayMillis}; returns when sent (or at once when delayed). */
    void deliver(String type, JsonNode record, Delivery what, long delayMillis) {
        List<Subscription> targets;
        synchronized (this) {
            targets = subscriptions.values().stream().filter(s -> s.shown().path("type").asText().equals(type)
                    && s.shown().path("enabled").asBoolean()).toList();
        }
        if (what == Delivery.LOST) {
            return;
        }
        for (Subscription s : targets) {
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

    private void post(Subscription subscription, JsonNode record) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(subscription.shown().path("target_url").asText()))
                    .header("Content-Type", "application/json").header("x-factorial-wh-challenge", subscription.challenge())
                    .header("x-factorial-author-id", String.valueOf(COMPANY_ID)).header("x-factorial-author-type", "company")
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
