package io.identitysync.destinations.directories;

import io.identitysync.config.Checks;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.config.UnknownKeys;
import io.identitysync.destinations.entra.EntraChecks;
import io.identitysync.destinations.googleworkspace.GoogleWorkspaceChecks;
import io.identitysync.destinations.okta.OktaChecks;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The directories.* keys: each directory's type, URL, token, connectors and behaviour, and the shared timings. */
public final class DirectoryChecks {

    private DirectoryChecks() {
    }

    public static void check(Checks checks, Set<String> kinds) {
        Settings s = checks.settings();
        for (String key : List.of("directories.once-wait", "directories.timeout", "directories.poll-interval")) {
            checks.duration(key);
        }
        checks.schedule("directories.retry-schedule");
        for (String id : DirectoryConfig.ids(s)) {
            checkDirectory(checks, id, kinds);
        }
    }

    private static void checkDirectory(Checks checks, String id, Set<String> kinds) {
        Settings s = checks.settings();
        String prefix = DirectoryConfig.PREFIX + id + ".";
        if (!Connectors.validId(id)) {
            checks.add(DirectoryConfig.PREFIX + id, "the directory id '" + id + "' must be lower-case letters, digits and '-'");
            return;
        }
        for (String key : s.values().keySet()) {
            if (key.startsWith(prefix) && !DirectoryConfig.KEYS.contains(key.substring(prefix.length())) && !key.startsWith(prefix + "map.")) {
                checks.add(key, "unknown key; the nearest known key is " + prefix + UnknownKeys.nearest(key.substring(prefix.length()), DirectoryConfig.KEYS));
            }
        }
        String enabled = DirectoryConfig.value(s, id, "enabled");
        if (!enabled.equals("true") && !enabled.equals("false")) {
            checks.add(prefix + "enabled", "must be true or false, was '" + enabled + "'");
            return;
        }
        if (!enabled.equals("true")) {
            return;
        }
        String type = s.get(prefix + "type");
        if (!kinds.contains(type)) {
            checks.add(prefix + "type", (type.isEmpty() ? "required" : "unknown directory type '" + type + "'") + " (known: "
                    + String.join(", ", new TreeSet<>(kinds)) + ")");
            return;
        }
        DirectoryConfig config = DirectoryConfig.of(s, id);
        if (!Checks.isHttpUrl(config.url())) {
            checks.add(prefix + "url", config.url().isEmpty() ? "required for a " + type + " directory" : "'" + config.url() + "' is not an http(s) URL");
        }
        if (type.equals(DirectoryConfig.GOOGLE_WORKSPACE)) {
            GoogleWorkspaceChecks.check(checks, config);
        } else if (type.equals(DirectoryConfig.ENTRA_ID)) {
            EntraChecks.check(checks, config);
        } else if (!s.has(config.tokenKey())) {
            checks.add(config.tokenKey(), "required (the directory's API token)");
        }
        if (type.equals(DirectoryConfig.OKTA)) {
            OktaChecks.check(checks, config);
        }
        List<String> declared = Connectors.declared(s).stream().map(Connectors.Connector::id).toList();
        for (String connector : config.connectors()) {
            if (!declared.contains(connector)) {
                checks.add(prefix + "connectors", "'" + connector + "' is not a connector (known: " + String.join(", ", declared) + ")");
            }
        }
        oneOf(checks, prefix + "groups", DirectoryConfig.value(s, id, "groups"), "true", "false");
        oneOf(checks, prefix + "initial-state", config.initialState(), "STAGED", "ACTIVATED");
        if (!type.equals(DirectoryConfig.OKTA)) {
            oneOf(checks, prefix + "on-disable", config.onDisable(), "suspend", "ignore");
        }
        oneOf(checks, prefix + "on-delete", config.onDelete(), "suspend", "delete");
        try {
            if (config.deleteAfter().isNegative()) {
                checks.add(prefix + "delete-after", "must not be negative, was '" + config.option("delete-after") + "'");
            }
        } catch (IllegalArgumentException e) {
            checks.add(prefix + "delete-after", e.getMessage() + " (e.g. 30d)");
        }
        String quarantine = DirectoryConfig.value(s, id, "quarantine-schedule");
        if (!org.quartz.CronExpression.isValidExpression(quarantine)) {
            checks.add(prefix + "quarantine-schedule", "'" + quarantine + "' is not a Quartz cron expression (e.g. 0 0 * * * ?)");
        }
    }

    public static void oneOf(Checks checks, String key, String value, String... allowed) {
        if (!List.of(allowed).contains(value)) {
            checks.add(key, "must be " + String.join(" or ", allowed) + ", was '" + value + "'");
        }
    }
}
