package io.identitysync.destinations.directories;

import io.identitysync.config.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One configured directory, {@code directories.<id>.*}: its type, URL and token key, the connectors that feed it
 * (empty: all), whether departments become directory groups, and what a push does on create, disable and delete.
 * Its queue in the outbox is the endpoint {@code directory:<id>}. {@code orgId}: the organisation a multi-tenant
 * JumpCloud admin's key acts for ({@code x-org-id}); empty for everyone else.
 */
public record DirectoryConfig(String id, String type, String url, String tokenKey, List<String> connectors, boolean groups,
                              String initialState, String onDisable, String onDelete, String orgId, Map<String, String> options) {

    public DirectoryConfig(String id, String type, String url, String tokenKey, List<String> connectors, boolean groups,
                           String initialState, String onDisable, String onDelete, String orgId) {
        this(id, type, url, tokenKey, connectors, groups, initialState, onDisable, onDelete, orgId, Map.of());
    }

    public static final String PREFIX = "directories.";
    public static final String ENDPOINT_PREFIX = "directory:";
    /** A directory's keys and their defaults (url's depends on the type). */
    static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("enabled", "true"), Map.entry("connectors", ""),
            Map.entry("groups", "false"), Map.entry("initial-state", "STAGED"), Map.entry("on-disable", "suspend"),
            Map.entry("on-delete", "suspend"), Map.entry("delete-after", "30d"), Map.entry("org-unit", "/"), Map.entry("quarantine-schedule", "0 0 * * * ?"),
            Map.entry("activation-email", "true"), Map.entry("login-url", "https://login.microsoftonline.com"),
            Map.entry("on-out-of-scope", "disable"));
    static final Set<String> KEYS = Set.of("type", "url", "api-token", "enabled", "connectors", "groups", "initial-state", "on-disable", "on-delete",
            "delete-after", "org-id", "credentials-file", "admin-email", "domain", "org-unit", "quarantine-schedule", "activation-email",
            "tenant-id", "client-id", "client-secret", "login-url", "usage-location",
            "scope", "on-out-of-scope");
    /** The keys only a google-workspace directory reads, kept in {@link #options}. */
    static final List<String> GOOGLE_KEYS = List.of("credentials-file", "admin-email", "domain", "org-unit");
    public static final String GOOGLE_WORKSPACE = "google-workspace";
    /** The keys only an okta directory reads, kept in {@link #options}. */
    static final List<String> OKTA_KEYS = List.of("activation-email");
    public static final String OKTA = "okta";
    /** The keys only an entra-id directory reads, kept in {@link #options}. */
    static final List<String> ENTRA_KEYS = List.of("tenant-id", "client-id", "domain", "login-url", "usage-location");
    public static final String ENTRA_ID = "entra-id";
    static final Map<String, String> DEFAULT_URLS = Map.of("jumpcloud", "https://console.jumpcloud.com/api", GOOGLE_WORKSPACE, "https://admin.googleapis.com",
            ENTRA_ID, "https://graph.microsoft.com/v1.0");

    /** The enabled directories, by id. */
    public static List<DirectoryConfig> all(Settings s) {
        List<DirectoryConfig> out = new ArrayList<>();
        for (String id : ids(s)) {
            if (Boolean.parseBoolean(value(s, id, "enabled"))) {
                out.add(of(s, id));
            }
        }
        return out;
    }

    static DirectoryConfig of(Settings s, String id) {
        String type = s.get(PREFIX + id + ".type");
        String url = s.has(PREFIX + id + ".url") ? s.get(PREFIX + id + ".url") : DEFAULT_URLS.getOrDefault(type, "");
        Map<String, String> options = new java.util.LinkedHashMap<>();
        if (GOOGLE_WORKSPACE.equals(type)) {
            GOOGLE_KEYS.forEach(k -> options.put(k, value(s, id, k).trim()));
        } else if (ENTRA_ID.equals(type)) {
            ENTRA_KEYS.forEach(k -> options.put(k, value(s, id, k).trim()));
        } else if (OKTA.equals(type)) {
            OKTA_KEYS.forEach(k -> options.put(k, value(s, id, k).trim()));
        }
        options.put("delete-after", value(s, id, "delete-after").trim());
        // Scope and map rules (io.identitysync.rules), whatever the kind: PushRules compiles them.
        s.values().forEach((k, v) -> {
            String rest = k.startsWith(PREFIX + id + ".") ? k.substring((PREFIX + id + ".").length()) : "";
            if (rest.equals("scope") || rest.equals("on-out-of-scope") || rest.startsWith("map.")) {
                options.put(rest, v);
            }
        });
        // A Google Workspace directory's credential is its service account key file: the key every refusal names.
        // Entra's credential is the app registration's client secret.
        String tokenKey = PREFIX + id + (GOOGLE_WORKSPACE.equals(type) ? ".credentials-file" : ENTRA_ID.equals(type) ? ".client-secret" : ".api-token");
        return new DirectoryConfig(id, type, url, tokenKey, s.list(PREFIX + id + ".connectors"),
                Boolean.parseBoolean(value(s, id, "groups")), value(s, id, "initial-state"), value(s, id, "on-disable"), value(s, id, "on-delete"),
                s.get(PREFIX + id + ".org-id").trim(), Map.copyOf(options));
    }

    /** A key of the directory, or its default. */
    static String value(Settings s, String id, String key) {
        String v = s.get(PREFIX + id + "." + key);
        return v.isEmpty() ? DEFAULTS.getOrDefault(key, "") : v;
    }

    /** The {@code <id>} of every {@code directories.<id>.*} key, except the shared {@code directories.*} settings. */
    static TreeSet<String> ids(Settings s) {
        TreeSet<String> ids = new TreeSet<>();
        for (String id : Settings.namedIds(s.values(), PREFIX)) {
            if (s.values().keySet().stream().anyMatch(k -> k.startsWith(PREFIX + id + "."))) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** A kind-specific key's value ({@code admin-email}, {@code domain}…), or its default; "" when none. */
    public String option(String key) {
        return options.getOrDefault(key, DEFAULTS.getOrDefault(key, ""));
    }

    /**
     * With {@code on-delete=delete}: how long a person deleted in the source stays suspended before their account is
     * deleted, so that a source read that lost people costs no account before someone notices.
     */
    public java.time.Duration deleteAfter() {
        return Settings.parseDuration(option("delete-after"));
    }

    /** The full name of one of this directory's keys, for messages. */
    public String key(String key) {
        return PREFIX + id + "." + key;
    }

    /** The key that holds the organisation id, for messages. */
    public String orgIdKey() {
        return PREFIX + id + ".org-id";
    }

    public String endpoint() {
        return ENDPOINT_PREFIX + id;
    }

    /** How messages name it. */
    public String label() {
        return "directory " + id;
    }

    public boolean feeds(String connector) {
        return connectors.isEmpty() || connectors.contains(connector);
    }

    /**
     * The events it acts on: its connectors' user and membership changes (a membership sets the person's department),
     * and their group changes when it keeps groups.
     */
    public boolean wants(String connector, String eventType) {
        return feeds(connector) && (eventType.startsWith("user.") || eventType.startsWith("membership.") || groups && eventType.startsWith("group."));
    }
}
