package io.identitysync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@code webhooks-in subscribe}: makes each type a sync needs point at this service, enabled, with the configured
 * challenge, and changes nothing that already does. What exists is repaired in place (PUT): a working subscription
 * is never removed, so a refused request leaves the company's webhooks as they were. Only a type with no
 * subscription of ours is created, and only then is the company id needed.
 */
final class Subscriber {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The company id a create must carry, resolved at the first create. */
    interface CompanyId {
        long get() throws IOException;
    }

    private final SubscriptionsApi api;
    private final String connector;
    private final String url;
    private final String challenge;
    private final String apiVersion;
    private final CompanyId company;
    private final PrintStream out;

    Subscriber(SubscriptionsApi api, String connector, String url, String challenge, String apiVersion, CompanyId company, PrintStream out) {
        this.api = api;
        this.connector = connector;
        this.url = url;
        this.challenge = challenge;
        this.apiVersion = apiVersion;
        this.company = company;
        this.out = out;
    }

    void subscribe(List<JsonNode> existing) throws IOException {
        for (String type : Subscriptions.TYPES) {
            String target = url + "/hooks/" + connector + "/" + type;
            List<JsonNode> ofType = existing.stream().filter(s -> s.path("type").asText().equals(type)).toList();
            JsonNode exact = ofType.stream().filter(s -> s.path("target_url").asText().equals(target)).findFirst().orElse(null);
            if (exact != null) {
                repair(type, exact);
                continue;
            }
            // Ours, from another public URL (the service moved): repointed, never removed and re-created.
            JsonNode ours = ofType.stream().filter(s -> s.path("target_url").asText().endsWith("/hooks/" + connector + "/" + type))
                    .findFirst().orElse(null);
            if (ours != null) {
                repoint(type, ours, target, "");
                continue;
            }
            create(type, target);
        }
    }

    private void repair(String type, JsonNode found) throws IOException {
        ObjectNode changes = JSON.createObjectNode();
        List<String> why = new ArrayList<>();
        if (!found.path("enabled").asBoolean(false)) {
            changes.put("enabled", true);
            why.add("was disabled");
        }
        if (!challengeMatches(found)) {
            changes.put("challenge", challenge).put("name", name(type));
            why.add("another challenge");
        }
        if (changes.isEmpty()) {
            out.println("ok        " + type);
            return;
        }
        api.update(found.get("id"), changes);
        out.println("repaired  " + type + " (" + String.join(", ", why) + ")");
    }

    private void repoint(String type, JsonNode found, String target, String because) throws IOException {
        ObjectNode changes = JSON.createObjectNode().put("target_url", target).put("challenge", challenge).put("name", name(type))
                .put("enabled", true);
        if (!apiVersion.isEmpty()) {
            changes.put("api_version", apiVersion);
        }
        api.update(found.get("id"), changes);
        out.println("repointed " + type + " → " + target + " (was " + found.path("target_url").asText() + because + ")");
    }

    private void create(String type, String target) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("subscription_type", type).put("target_url", target).put("company_id", company.get())
                .put("name", name(type)).put("challenge", challenge).put("enabled", true);
        if (!apiVersion.isEmpty()) {
            body.put("api_version", apiVersion);
        }
        try {
            api.create(body);
            out.println("created   " + type + " → " + target);
        } catch (SubscriptionsApi.Refused e) {
            // Factorial keeps one subscription per type: the one it has (not in the list we read, or not ours) is reused.
            if (e.status() != 422 || !e.words().toLowerCase(Locale.ROOT).contains("already been taken")) {
                throw e;
            }
            JsonNode taken = api.list().stream().filter(s -> s.path("type").asText().equals(type)).findFirst().orElse(null);
            if (taken == null) {
                throw e;
            }
            if (taken.path("target_url").asText().equals(target)) {
                repair(type, taken);
            } else {
                repoint(type, taken, target, "; Factorial: " + e.words());
            }
        }
    }

    /**
     * Whether the subscription carries the configured challenge. Factorial may leave {@code challenge} out of what it
     * lists (it is optional in ApiPublicWebhookSubscription), so the name we give it carries a fingerprint of the
     * challenge; a subscription showing neither is taken as it is (nothing to compare).
     */
    private boolean challengeMatches(JsonNode s) {
        if (s.path("challenge").isTextual()) {
            return s.get("challenge").asText().equals(challenge);
        }
        String name = s.path("name").asText("");
        return !name.matches("identity-sync .* #[0-9a-f]{8}") || name.endsWith("#" + fingerprint(challenge));
    }

    private String name(String type) {
        return "identity-sync " + connector + " " + type + " #" + fingerprint(challenge);
    }

    /** 8 hex characters of a salted SHA-256: tells challenges apart without showing them. */
    static String fingerprint(String challenge) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(("identity-sync webhooks-in:" + challenge).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
