package io.identitysync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.sources.factorial.FactorialCredentials;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Factorial's {@code api_public/webhook_subscriptions} endpoint, with the connector's auth headers: the whole list
 * (every page, by cursor), create, update in place (PUT) and delete. A refused request is a {@link Refused} carrying
 * the method, the status and Factorial's own words.
 */
final class SubscriptionsApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** A list longer than this many pages is a cursor that does not move. */
    private static final int MAX_PAGES = 1000;

    /** Factorial refused a request (status 0: no answer at all). */
    static final class Refused extends IOException {
        private final int status;
        private final String words;

        Refused(int status, String message, String words) {
            super(message);
            this.status = status;
            this.words = words;
        }

        int status() {
            return status;
        }

        /** Factorial's own message. */
        String words() {
            return words;
        }
    }

    private final String url;
    private final Map<String, String> auth;
    private final int pageSize;

    SubscriptionsApi(String baseUrl, Map<String, String> auth, int pageSize) {
        this.url = baseUrl.replaceAll("/+$", "") + "/resources/api_public/webhook_subscriptions";
        this.auth = auth;
        this.pageSize = pageSize;
    }

    /** Every subscription of the company, page after page as long as Factorial says there is a next one. */
    List<JsonNode> list() throws Refused {
        List<JsonNode> out = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String to = url + "?limit=" + pageSize + (cursor == null ? "" : "&after_id=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode body = send("GET", to, null);
            body.path("data").forEach(out::add);
            JsonNode meta = body.path("meta");
            if (!meta.path("has_next_page").asBoolean(false) || !meta.path("end_cursor").isTextual()) {
                return out;
            }
            cursor = meta.get("end_cursor").asText();
            if (!cursors.add(cursor)) {
                throw new Refused(200, "Factorial's webhook_subscriptions list repeats the cursor " + cursor, "the cursor does not move");
            }
        }
        throw new Refused(200, "Factorial's webhook_subscriptions list has more than " + MAX_PAGES + " pages", "too many pages");
    }

    JsonNode create(ObjectNode body) throws Refused {
        return send("POST", url, body);
    }

    /** Updates in place: the body carries the subscription's {@code id} too, as Factorial's PUT model requires. */
    JsonNode update(JsonNode id, ObjectNode changes) throws Refused {
        ObjectNode body = JSON.createObjectNode().set("id", id);
        body.setAll(changes);
        return send("PUT", url + "/" + URLEncoder.encode(id.asText(), StandardCharsets.UTF_8), body);
    }

    void delete(JsonNode id) throws Refused {
        send("DELETE", url + "/" + URLEncoder.encode(id.asText(), StandardCharsets.UTF_8), null);
    }

    private JsonNode send(String method, String to, JsonNode body) throws Refused {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(to)).timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        auth.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> r;
        try {
            r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(0, "interrupted", "interrupted");
        } catch (IOException e) {
            throw new Refused(0, "cannot reach Factorial at " + URI.create(to).getHost() + " (" + e.getClass().getSimpleName() + ")", "");
        }
        if (r.statusCode() / 100 != 2) {
            String words = FactorialCredentials.vendorWords(r.body());
            throw new Refused(r.statusCode(), "Factorial refused " + method + " webhook_subscriptions (" + r.statusCode() + "): " + words, words);
        }
        try {
            return r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new Refused(r.statusCode(), "Factorial's " + method + " webhook_subscriptions answer is not JSON: "
                    + FactorialCredentials.vendorWords(r.body()), "");
        }
    }
}
