package io.identitysync.config;

import io.identitysync.destinations.webhooks.WebhookEndpoint;
import io.identitysync.store.Store;
import org.quartz.CronExpression;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** Everything that can be wrong in the configuration, one line per problem, each naming its key. */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    public static List<String> problems(Settings s) {
        List<String> problems = new ArrayList<>();
        checkConnectorIds(s, problems);
        for (Connectors.Connector connector : Connectors.declared(s)) {
            checkSource(s, connector, problems);
        }
        checkStore(s, problems);
        if (s.get("files.dir").isEmpty()) {
            problems.add("files.dir: must name a folder for the export files");
        }
        checkWebhooks(s, problems);
        checkBoolean(s, "sync.require-email", problems);
        checkBoolean(s, "management.enabled", problems);
        if (s.bool("management.enabled")) {
            checkRange(s, "management.port", 0, 65535, problems);
            if (s.get("management.host").isEmpty()) {
                problems.add("management.host: must name the address to listen on, e.g. 127.0.0.1");
            }
        }
        checkBoolean(s, "sync.once", problems);
        try {
            double ratio = s.decimal("sync.max-delete-ratio");
            if (ratio < 0 || ratio > 1) {
                problems.add("sync.max-delete-ratio: must be between 0 and 1, was " + s.get("sync.max-delete-ratio"));
            }
        } catch (NumberFormatException e) {
            problems.add("sync.max-delete-ratio: must be a number between 0 and 1, was '" + s.get("sync.max-delete-ratio") + "'");
        }
        return problems;
    }

    private static void checkConnectorIds(Settings s, List<String> problems) {
        for (String id : Connectors.namedIds(s.values())) {
            String typeKey = Connectors.PREFIX + id + ".type";
            if (!Connectors.validId(id)) {
                problems.add(Connectors.PREFIX + id + ": the connector id '" + id + "' must be lower-case letters, digits and '-' "
                        + "(it names files, rows and metrics)");
            } else if (Sources.find(id) != null) {
                problems.add(Connectors.PREFIX + id + ": the id '" + id + "' is the plain " + id + ".* connector; choose another id");
            } else if (s.get(typeKey).isEmpty()) {
                problems.add(typeKey + ": required (one of " + typeNames() + ")");
            } else if (Sources.find(s.get(typeKey)) == null) {
                problems.add(typeKey + ": unknown connector type '" + s.get(typeKey) + "' (known: " + typeNames() + ")");
            } else {
                // A misspelt key (api_token, pagesize) would otherwise be ignored in silence.
                String type = s.get(typeKey);
                java.util.Set<String> known = new java.util.HashSet<>(List.of("type"));
                Settings.bundled().keySet().stream().filter(k -> k.startsWith(type + "."))
                        .forEach(k -> known.add(k.substring(type.length() + 1)));
                String prefix = Connectors.PREFIX + id + ".";
                for (String key : s.values().keySet()) {
                    if (key.startsWith(prefix) && !known.contains(key.substring(prefix.length()))) {
                        problems.add(key + ": unknown key for a " + type + " connector (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
                    }
                }
            }
        }
    }

    private static String typeNames() {
        return String.join(", ", Sources.ALL.stream().map(Sources.Source::id).toList());
    }

    private static void checkSource(Settings s, Connectors.Connector c, List<String> problems) {
        Sources.Source source = c.source();
        String enabledKey = c.key("enabled");
        String enabled = s.get(enabledKey).toLowerCase(Locale.ROOT);
        if (!enabled.isEmpty() && !enabled.equals("true") && !enabled.equals("false")) {
            problems.add(enabledKey + ": must be true, false or empty (empty: enabled when a token is set), was '" + s.get(enabledKey) + "'");
            return;
        }
        if (!Connectors.enabled(s, c)) {
            return;
        }
        if (!s.has(c.key("api-token"))) {
            problems.add(c.key("api-token") + ": required because " + enabledKey + "=true (" + source.name() + " needs an API token)");
        }
        checkUrl(s, c.key("base-url"), problems);
        String schedule = s.get(c.key("schedule"));
        if (!CronExpression.isValidExpression(schedule)) {
            problems.add(c.key("schedule") + ": '" + schedule + "' is not a Quartz cron expression (e.g. 0 0/30 * * * ?)");
        }
        checkRange(s, c.key("page-size"), 1, source.maxPageSize(), problems);
        if (s.values().containsKey(c.key("api-version")) && !s.get(c.key("api-version")).matches("\\d{8}")) {
            problems.add(c.key("api-version") + ": must be a date such as 20240404, was '" + s.get(c.key("api-version")) + "'");
        }
        checkRange(s, c.key("connect-timeout-ms"), 1, 3_600_000, problems);
        checkRange(s, c.key("read-timeout-ms"), 1, 3_600_000, problems);
        checkRange(s, c.key("retry.max-attempts"), 1, 20, problems);
        checkDuration(s, c.key("retry.backoff"), problems);
        checkDuration(s, c.key("retry.max-backoff"), problems);
    }

    private static void checkStore(Settings s, List<String> problems) {
        String url = s.get("store.url");
        if (!url.startsWith("jdbc:sqlite:")) {
            problems.add("store.url: must be a jdbc:sqlite: URL, was '" + url + "'");
            return;
        }
        Path file = Store.fileOf(url);
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            problems.add("store.url: the folder of " + file + " cannot be created or written");
        } else if (Files.exists(file) && (!Files.isRegularFile(file) || !Files.isWritable(file))) {
            problems.add("store.url: " + file + " is not a writable file");
        }
    }

    private static void checkWebhooks(Settings s, List<String> problems) {
        List<String> urls = s.list("webhooks.urls");
        for (String url : urls) {
            if (!isHttpUrl(url)) {
                problems.add("webhooks.urls: '" + WebhookEndpoint.withoutQuery(url) + "' is not an http(s) URL");
            }
        }
        String secret = s.get("webhooks.secret");
        if (!urls.isEmpty() && secret.isEmpty()) {
            problems.add("webhooks.secret: required when webhooks.urls is set (whsec_ followed by base64)");
        }
        checkSecrets("webhooks.secret", secret, problems);
        for (String id : WebhookEndpoint.namedIds(s)) {
            checkEndpoint(s, id, problems);
        }
        for (String key : List.of("webhooks.once-wait", "webhooks.timeout", "webhooks.poll-interval")) {
            checkDuration(s, key, problems);
        }
        if (s.list("webhooks.retry-schedule").isEmpty()) {
            problems.add("webhooks.retry-schedule: must list at least one wait, e.g. 5s,5m,30m");
        }
        for (String wait : s.list("webhooks.retry-schedule")) {
            try {
                Settings.parseDuration(wait);
            } catch (IllegalArgumentException e) {
                problems.add("webhooks.retry-schedule: " + e.getMessage());
            }
        }
    }

    private static final java.util.Set<String> ENDPOINT_KEYS = java.util.Set.of("url", "secret", "events");
    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9-]+");
    private static final java.util.regex.Pattern EVENT_FILTER = java.util.regex.Pattern.compile("\\*|[a-z_]+(\\.\\*|\\.[a-z_]+)?\\*?");

    private static void checkEndpoint(Settings s, String id, List<String> problems) {
        String prefix = WebhookEndpoint.PREFIX + id;
        if (!WebhookEndpoint.validId(id)) {
            problems.add(prefix + ": the endpoint id '" + id + "' must be lower-case letters, digits and '-'");
            return;
        }
        for (String key : s.values().keySet()) {
            if (key.startsWith(prefix + ".")) {
                String rest = key.substring(prefix.length() + 1);
                if (rest.startsWith("header.")) {
                    String name = rest.substring("header.".length());
                    if (!HEADER_NAME.matcher(name).matches() || name.toLowerCase(Locale.ROOT).startsWith("webhook-")
                            || name.equalsIgnoreCase("content-type") || name.equalsIgnoreCase("host") || name.equalsIgnoreCase("content-length")) {
                        problems.add(key + ": '" + name + "' cannot be an extra header (letters, digits and '-'; not webhook-*, content-type, host, content-length)");
                    }
                } else if (!ENDPOINT_KEYS.contains(rest)) {
                    problems.add(key + ": unknown key (an endpoint has url, secret, events and header.<Name>)");
                }
            }
        }
        String url = s.get(prefix + ".url");
        if (url.isEmpty()) {
            problems.add(prefix + ".url: required for the endpoint '" + id + "'");
        } else if (!isHttpUrl(url)) {
            problems.add(prefix + ".url: '" + WebhookEndpoint.withoutQuery(url) + "' is not an http(s) URL");
        }
        String own = s.get(prefix + ".secret");
        if (own.isEmpty() && s.get("webhooks.secret").isEmpty()) {
            problems.add(prefix + ".secret: required (or set webhooks.secret for every endpoint)");
        }
        checkSecrets(prefix + ".secret", own, problems);
        for (String filter : s.list(prefix + ".events")) {
            if (!EVENT_FILTER.matcher(filter).matches()) {
                problems.add(prefix + ".events: '" + filter + "' is not an event type or pattern such as user.* or sync.failed");
            }
        }
    }

    /** One or more secrets (several during a rotation), each whsec_ + base64 of at least 16 bytes. */
    private static void checkSecrets(String key, String value, List<String> problems) {
        for (String secret : WebhookEndpoint.secretList(value)) {
            if (!secret.startsWith("whsec_")) {
                problems.add(key + ": must start with whsec_ followed by base64");
                continue;
            }
            try {
                if (Base64.getDecoder().decode(secret.substring("whsec_".length())).length < 16) {
                    problems.add(key + ": the key after whsec_ must be at least 16 bytes");
                }
            } catch (IllegalArgumentException e) {
                problems.add(key + ": the part after whsec_ is not base64");
            }
        }
    }

    private static void checkDuration(Settings s, String key, List<String> problems) {
        try {
            s.duration(key);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
        }
    }

    private static void checkUrl(Settings s, String key, List<String> problems) {
        if (!isHttpUrl(s.get(key))) {
            problems.add(key + ": '" + s.get(key) + "' is not an http(s) URL");
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static void checkBoolean(Settings s, String key, List<String> problems) {
        String v = s.get(key).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            problems.add(key + ": must be true or false, was '" + s.get(key) + "'");
        }
    }

    private static void checkRange(Settings s, String key, int min, int max, List<String> problems) {
        try {
            int v = s.integer(key);
            if (v < min || v > max) {
                problems.add(key + ": must be between " + min + " and " + max + ", was " + v);
            }
        } catch (NumberFormatException e) {
            problems.add(key + ": must be a whole number between " + min + " and " + max + ", was '" + s.get(key) + "'");
        }
    }
}
