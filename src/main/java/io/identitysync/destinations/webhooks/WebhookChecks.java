package io.identitysync.destinations.webhooks;

import io.identitysync.config.Checks;
import io.identitysync.config.Settings;
import io.identitysync.config.UnknownKeys;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The webhooks.* keys: URLs, secrets, named endpoints with their filters and headers, timings. */
public final class WebhookChecks {

    private static final Set<String> ENDPOINT_KEYS = Set.of("url", "secret", "events");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]+");
    private static final Pattern EVENT_FILTER = Pattern.compile("\\*|[a-z_]+(\\.\\*|\\.[a-z_]+)?\\*?");

    private WebhookChecks() {
    }

    public static void check(Checks checks) {
        Settings s = checks.settings();
        List<String> urls = s.list("webhooks.urls");
        for (String url : urls) {
            if (!Checks.isHttpUrl(url)) {
                checks.add("webhooks.urls", "'" + WebhookEndpoint.withoutQuery(url) + "' is not an http(s) URL");
            }
        }
        String secret = s.get("webhooks.secret");
        if (!urls.isEmpty() && secret.isEmpty()) {
            checks.add("webhooks.secret", "required when webhooks.urls is set (whsec_ followed by base64)");
        }
        checkSecrets(checks, "webhooks.secret", secret);
        for (String id : WebhookEndpoint.namedIds(s)) {
            checkEndpoint(checks, id);
        }
        for (String key : List.of("webhooks.once-wait", "webhooks.timeout", "webhooks.poll-interval")) {
            checks.duration(key);
        }
        checks.schedule("webhooks.retry-schedule");
    }

    private static void checkEndpoint(Checks checks, String id) {
        Settings s = checks.settings();
        String prefix = WebhookEndpoint.PREFIX + id;
        if (!WebhookEndpoint.validId(id)) {
            checks.add(prefix, "the endpoint id '" + id + "' must be lower-case letters, digits and '-'");
            return;
        }
        for (String key : s.values().keySet()) {
            if (key.startsWith(prefix + ".")) {
                String rest = key.substring(prefix.length() + 1);
                if (rest.startsWith("header.")) {
                    String name = rest.substring("header.".length());
                    if (!HEADER_NAME.matcher(name).matches() || name.toLowerCase(Locale.ROOT).startsWith("webhook-")
                            || name.equalsIgnoreCase("content-type") || name.equalsIgnoreCase("host") || name.equalsIgnoreCase("content-length")) {
                        checks.add(key, "'" + name + "' cannot be an extra header (letters, digits and '-'; not webhook-*, content-type, host, content-length)");
                    }
                } else if (!ENDPOINT_KEYS.contains(rest)) {
                    checks.add(key, "unknown key (an endpoint has url, secret, events and header.<Name>); the nearest known key is "
                            + prefix + "." + UnknownKeys.nearest(rest, ENDPOINT_KEYS));
                }
            }
        }
        String url = s.get(prefix + ".url");
        if (url.isEmpty()) {
            checks.add(prefix + ".url", "required for the endpoint '" + id + "'");
        } else if (!Checks.isHttpUrl(url)) {
            checks.add(prefix + ".url", "'" + WebhookEndpoint.withoutQuery(url) + "' is not an http(s) URL");
        }
        String own = s.get(prefix + ".secret");
        if (own.isEmpty() && s.get("webhooks.secret").isEmpty()) {
            checks.add(prefix + ".secret", "required (or set webhooks.secret for every endpoint)");
        }
        checkSecrets(checks, prefix + ".secret", own);
        for (String filter : s.list(prefix + ".events")) {
            if (!EVENT_FILTER.matcher(filter).matches()) {
                checks.add(prefix + ".events", "'" + filter + "' is not an event type or pattern such as user.* or sync.failed");
            }
        }
    }

    /** One or more secrets (several during a rotation), each whsec_ + base64 of at least 16 bytes. */
    private static void checkSecrets(Checks checks, String key, String value) {
        for (String secret : WebhookEndpoint.secretList(value)) {
            if (!secret.startsWith("whsec_")) {
                checks.add(key, "must start with whsec_ followed by base64");
                continue;
            }
            try {
                if (Base64.getDecoder().decode(secret.substring("whsec_".length())).length < 16) {
                    checks.add(key, "the key after whsec_ must be at least 16 bytes");
                }
            } catch (IllegalArgumentException e) {
                checks.add(key, "the part after whsec_ is not base64");
            }
        }
    }
}
