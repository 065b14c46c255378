package io.identitysync.destinations.webhooks;

import io.identitysync.config.Settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One place events are posted to. Two ways to declare them, both in properties:
 * <ul>
 * <li>{@code webhooks.urls}: every URL gets every event, signed with {@code webhooks.secret}; its id is the URL.</li>
 * <li>{@code webhooks.endpoint.<id>.url}, with optional {@code .secret} (default {@code webhooks.secret}),
 * {@code .events} (a filter such as {@code user.*,sync.failed}; default all) and {@code .header.<Name>} (extra headers).</li>
 * </ul>
 * A secret may list several keys separated by spaces or commas: during a rotation each key signs, and the
 * {@code webhook-signature} header carries one signature per key, space-separated, as the specification allows.
 * The id is what {@code webhook_deliveries.endpoint} holds, so renaming a URL in a named endpoint keeps its queue.
 */
public record WebhookEndpoint(String id, String url, List<String> secrets, List<String> events, Map<String, String> headers) {

    public static final String PREFIX = "webhooks.endpoint.";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public static List<WebhookEndpoint> all(Settings settings) {
        List<WebhookEndpoint> out = new ArrayList<>();
        List<String> defaultSecrets = secretList(settings.get("webhooks.secret"));
        for (String url : settings.list("webhooks.urls")) {
            out.add(new WebhookEndpoint(url, url, defaultSecrets, List.of(), Map.of()));
        }
        for (String id : namedIds(settings)) {
            String own = settings.get(PREFIX + id + ".secret");
            Map<String, String> headers = new LinkedHashMap<>();
            String headerPrefix = PREFIX + id + ".header.";
            settings.values().forEach((key, value) -> {
                if (key.startsWith(headerPrefix) && key.length() > headerPrefix.length()) {
                    headers.put(key.substring(headerPrefix.length()), value.trim());
                }
            });
            out.add(new WebhookEndpoint(id, settings.get(PREFIX + id + ".url"), own.isEmpty() ? defaultSecrets : secretList(own),
                    settings.list(PREFIX + id + ".events"), headers));
        }
        return out;
    }

    /** The {@code <id>} of every {@code webhooks.endpoint.<id>.*} key, sorted. */
    public static TreeSet<String> namedIds(Settings settings) {
        return Settings.namedIds(settings.values(), PREFIX);
    }

    public static boolean validId(String id) {
        return ID.matcher(id).matches();
    }

    public static List<String> secretList(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.trim().split("[\\s,]+")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }

    /** Does this endpoint want events of this type? Patterns are exact types or a prefix ending in {@code *}. */
    public boolean accepts(String type) {
        if (events.isEmpty()) {
            return true;
        }
        for (String pattern : events) {
            if (pattern.equals("*") || pattern.equals(type)
                    || (pattern.endsWith("*") && type.startsWith(pattern.substring(0, pattern.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    /** The ids of the endpoints in {@code endpoints} that want this type. */
    public static List<String> idsFor(List<WebhookEndpoint> endpoints, String type) {
        List<String> out = new ArrayList<>();
        for (WebhookEndpoint e : endpoints) {
            if (e.accepts(type)) {
                out.add(e.id());
            }
        }
        return out;
    }

    /** How logs and the CLI name it: never its secrets, headers or URL query, which may all be credentials. */
    public String label() {
        return id.equals(url) ? withoutQuery(url) : id;
    }

    public static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?…";
    }

    @Override
    public String toString() {
        return label();
    }
}
