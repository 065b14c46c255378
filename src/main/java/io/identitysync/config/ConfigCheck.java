package io.identitysync.config;

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
        for (Sources.Source source : Sources.ALL) {
            checkSource(s, source, problems);
        }
        checkStore(s, problems);
        if (s.get("files.dir").isEmpty()) {
            problems.add("files.dir: must name a folder for the export files");
        }
        checkWebhooks(s, problems);
        checkBoolean(s, "sync.require-email", problems);
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

    private static void checkSource(Settings s, Sources.Source source, List<String> problems) {
        String enabledKey = source.key("enabled");
        String enabled = s.get(enabledKey).toLowerCase(Locale.ROOT);
        if (!enabled.isEmpty() && !enabled.equals("true") && !enabled.equals("false")) {
            problems.add(enabledKey + ": must be true, false or empty (empty: enabled when a token is set), was '" + s.get(enabledKey) + "'");
            return;
        }
        if (!s.sourceEnabled(source.id())) {
            return;
        }
        if (!s.has(source.key("api-token"))) {
            problems.add(source.key("api-token") + ": required because " + enabledKey + "=true (" + source.name() + " needs an API token)");
        }
        checkUrl(s, source.key("base-url"), problems);
        String schedule = s.get(source.key("schedule"));
        if (!CronExpression.isValidExpression(schedule)) {
            problems.add(source.key("schedule") + ": '" + schedule + "' is not a Quartz cron expression (e.g. 0 0/30 * * * ?)");
        }
        checkRange(s, source.key("page-size"), 1, source.maxPageSize(), problems);
        if (s.values().containsKey(source.key("api-version")) && !s.get(source.key("api-version")).matches("\\d{8}")) {
            problems.add(source.key("api-version") + ": must be a date such as 20240404, was '" + s.get(source.key("api-version")) + "'");
        }
        checkRange(s, source.key("connect-timeout-ms"), 1, 3_600_000, problems);
        checkRange(s, source.key("read-timeout-ms"), 1, 3_600_000, problems);
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
                problems.add("webhooks.urls: '" + url + "' is not an http(s) URL");
            }
        }
        String secret = s.get("webhooks.secret");
        if (!urls.isEmpty() && secret.isEmpty()) {
            problems.add("webhooks.secret: required when webhooks.urls is set (whsec_ followed by base64)");
        } else if (!secret.isEmpty()) {
            if (!secret.startsWith("whsec_")) {
                problems.add("webhooks.secret: must start with whsec_ followed by base64");
            } else {
                try {
                    if (Base64.getDecoder().decode(secret.substring("whsec_".length())).length < 16) {
                        problems.add("webhooks.secret: the key after whsec_ must be at least 16 bytes");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add("webhooks.secret: the part after whsec_ is not base64");
                }
            }
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
