package io.identitysync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code webhooks-in subscribe|list|unsubscribe CONNECTOR [--url=PUBLIC_URL]}: the Factorial webhook subscriptions a
 * connector needs, managed through Factorial's API ({@code api_public/webhook_subscriptions}). Subscribing creates
 * what is missing and repairs what points elsewhere or carries another challenge; running it again changes nothing.
 */
public final class WebhooksInCommand {

    /** What changes a person: the subscription types a sync needs. */
    static final List<String> TYPES = List.of("employees/employee/create_with_contract", "employees/employee/update",
            "employees/employee/terminate", "employees/employee/unterminate", "teams/membership/create", "teams/membership/update",
            "teams/membership/delete", "contracts/contract_version/create", "contracts/contract_version/update",
            "contracts/contract_version/delete");
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhooksInCommand() {
    }

    public static int run(String what, String connectorId, Map<String, String> options, Settings settings, PrintStream out, PrintStream err) {
        Connectors.Connector c = connectorId == null ? null : Connectors.declared(settings).stream()
                .filter(x -> x.id().equals(connectorId)).findFirst().orElse(null);
        if (c == null || !c.source().id().equals("factorial")) {
            err.println("configuration error: webhooks-in " + what + " needs a Factorial connector's id (e.g. factorial), was '" + connectorId + "'");
            return 2;
        }
        if (!settings.has(c.key("api-token"))) {
            err.println("configuration error: " + c.key("api-token") + ": managing subscriptions needs the connector's API key");
            return 2;
        }
        String challenge = settings.get(c.key("webhooks-in.challenge"));
        String url = options.getOrDefault("url", "").replaceAll("/+$", "");
        if (what.equals("subscribe") && (challenge.isEmpty() || !url.matches("https?://.+"))) {
            err.println("configuration error: " + (challenge.isEmpty() ? c.key("webhooks-in.challenge") + ": required to subscribe (Factorial sends it "
                    + "with each delivery)" : "--url: the public URL this service's webhooks-in listener is reached at, e.g. https://sync.example.com"));
            return 2;
        }
        Api api = new Api(settings.get(c.key("base-url")) + "/resources/api_public/webhook_subscriptions", settings.get(c.key("api-token")));
        try {
            List<JsonNode> existing = api.list();
            switch (what) {
                case "list" -> {
                    for (JsonNode s : existing) {
                        out.printf("%-45s %-8s %s%n", s.path("type").asText(), s.path("enabled").asBoolean() ? "enabled" : "DISABLED",
                                s.path("target_url").asText());
                    }
                    long missing = TYPES.stream().filter(t -> existing.stream().noneMatch(s -> s.path("type").asText().equals(t))).count();
                    out.println(existing.size() + " subscriptions; " + missing + " of the " + TYPES.size() + " a sync needs are missing");
                }
                case "subscribe" -> {
                    for (String type : TYPES) {
                        String target = url + "/hooks/" + c.id() + "/" + type;
                        JsonNode found = existing.stream().filter(s -> s.path("type").asText().equals(type)).findFirst().orElse(null);
                        if (found != null && found.path("target_url").asText().equals(target) && found.path("challenge").asText().equals(challenge)
                                && found.path("enabled").asBoolean()) {
                            out.println("ok        " + type);
                            continue;
                        }
                        if (found != null) {
                            api.delete(found.path("id").asText());
                        }
                        api.create(type, target, challenge);
                        out.println((found == null ? "created   " : "repaired  ") + type + " → " + target);
                    }
                }
                case "unsubscribe" -> {
                    int removed = 0;
                    for (JsonNode s : existing) {
                        if (TYPES.contains(s.path("type").asText()) && s.path("target_url").asText().contains("/hooks/" + c.id() + "/")) {
                            api.delete(s.path("id").asText());
                            removed++;
                        }
                    }
                    out.println(removed + " subscriptions removed");
                }
                default -> {
                    err.println("configuration error: webhooks-in " + what + ": say subscribe, list or unsubscribe");
                    return 2;
                }
            }
            return 0;
        } catch (IOException e) {
            err.println("webhooks-in " + what + ": " + e.getMessage() + "; check " + c.key("base-url") + " and " + c.key("api-token"));
            return 1;
        }
    }

    /** The subscriptions endpoint, with the API key. */
    private record Api(String url, String key) {
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        List<JsonNode> list() throws IOException {
            JsonNode body = send("GET", url, null);
            List<JsonNode> out = new ArrayList<>();
            body.path("data").forEach(out::add);
            return out;
        }

        void create(String type, String target, String challenge) throws IOException {
            ObjectNode body = JSON.createObjectNode().put("subscription_type", type).put("target_url", target).put("name", "identity-sync " + type)
                    .put("challenge", challenge);
            send("POST", url, body);
        }

        void delete(String id) throws IOException {
            send("DELETE", url + "/" + id, null);
        }

        private JsonNode send(String method, String to, JsonNode body) throws IOException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(to)).timeout(Duration.ofSeconds(30)).header("x-api-key", key)
                    .header("Accept", "application/json");
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
            try {
                HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 != 2) {
                    throw new IOException("Factorial answered " + method + " webhook_subscriptions with HTTP " + r.statusCode());
                }
                return r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
    }
}
