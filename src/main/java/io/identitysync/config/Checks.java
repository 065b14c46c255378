package io.identitysync.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects configuration problems, one line each, each naming its key; the checks every part of the configuration uses. */
public final class Checks {

    private final Settings settings;
    private final List<String> problems = new ArrayList<>();

    public Checks(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    public List<String> problems() {
        return problems;
    }

    /** A problem of {@code key}: "key: what is wrong". */
    public void add(String key, String problem) {
        problems.add(key + ": " + problem);
    }

    public void bool(String key) {
        String v = settings.get(key).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            add(key, "must be true or false, was '" + settings.get(key) + "'");
        }
    }

    public void range(String key, int min, int max) {
        try {
            int v = settings.integer(key);
            if (v < min || v > max) {
                add(key, "must be between " + min + " and " + max + ", was " + v);
            }
        } catch (NumberFormatException e) {
            add(key, "must be a whole number between " + min + " and " + max + ", was '" + settings.get(key) + "'");
        }
    }

    public void duration(String key) {
        try {
            settings.duration(key);
        } catch (IllegalArgumentException e) {
            add(key, e.getMessage());
        }
    }

    /** 1s, 5m, 30d: a bound as a reader writes it. */
    public static String describe(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return d.toHours() + "h";
        }
        if (d.toMinutes() > 0 && d.equals(Duration.ofMinutes(d.toMinutes()))) {
            return d.toMinutes() + "m";
        }
        return d.toSeconds() > 0 && d.equals(Duration.ofSeconds(d.toSeconds())) ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** A retry schedule: at least one wait, each a duration. */
    public void schedule(String key) {
        if (settings.list(key).isEmpty()) {
            add(key, "must list at least one wait, e.g. 5s,5m,30m");
        }
        for (String wait : settings.list(key)) {
            try {
                Settings.parseDuration(wait);
            } catch (IllegalArgumentException e) {
                add(key, e.getMessage());
            }
        }
    }

    public void httpUrl(String key) {
        if (!isHttpUrl(settings.get(key))) {
            add(key, "'" + settings.get(key) + "' is not an http(s) URL");
        }
    }

    /**
     * The folder itself when it exists, else its nearest ancestor that does (where creating it would start), or null:
     * what decides whether a folder the process needs can be created and written, without creating anything.
     */
    public static Path nearestExisting(Path folder) {
        Path existing = folder == null ? null : folder.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing;
    }

    public static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }
}
