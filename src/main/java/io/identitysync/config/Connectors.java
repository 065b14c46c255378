package io.identitysync.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The configured instances of the sources. Each has an id (used in the store, events, file paths and metrics), a
 * source type, and its keys under a prefix:
 * <ul>
 * <li>{@code connectors.<id>.type=factorial} and {@code connectors.<id>.api-token=…} etc.: as many as needed;</li>
 * <li>the contract's plain {@code factorial.*} and {@code teamtailor.*} keys: the instances named {@code factorial}
 * and {@code teamtailor}.</li>
 * </ul>
 * A named connector's keys it leaves out take the bundled defaults of its type (Settings fills them in).
 */
public final class Connectors {

    public static final String PREFIX = "connectors.";
    private static final Pattern ID = Pattern.compile("[a-z0-9-]+");

    /** One configured instance of a source. */
    public record Connector(String id, Source source, String keyPrefix) {
        /** The full key of one of its settings: {@code factorial.page-size}, {@code connectors.acme-hr.page-size}. */
        public String key(String suffix) {
            return keyPrefix + suffix;
        }

        /** Its {@code <prefix>attributes.<name>=custom:<field>} keys: attribute name → {key, reference}, by name. */
        public Map<String, String[]> customAttributes(Settings settings) {
            Map<String, String[]> out = new TreeMap<>();
            String start = key(ATTRIBUTES);
            settings.under(start).forEach((k, v) -> {
                if (k.length() > start.length() && v != null && !v.isBlank()) {
                    out.put(k.substring(start.length()), new String[] {k, v.trim()});
                }
            });
            return out;
        }
    }

    /** Where a connector's attribute mappings start: {@code <prefix>attributes.<name>}. */
    public static final String ATTRIBUTES = "attributes.";

    /** A connector's rules (io.identitysync.rules): {@code scope} and {@code map.<attribute>}, checked where they are compiled. */
    public static boolean isRuleKey(String rest) {
        return rest.equals("scope") || rest.startsWith("map.");
    }

    private Connectors() {
    }

    /** Every declared connector, enabled or not: the two plain ones first, then the named ones by id. */
    public static List<Connector> declared(Settings settings) {
        List<Connector> out = new ArrayList<>();
        for (Source source : Sources.all()) {
            out.add(new Connector(source.id(), source, source.id() + "."));
        }
        for (String id : namedIds(settings.values())) {
            Source type = Sources.find(settings.get(PREFIX + id + ".type"));
            if (type != null && validId(id) && out.stream().noneMatch(c -> c.id().equals(id))) {
                out.add(new Connector(id, type, PREFIX + id + "."));
            }
        }
        return out;
    }

    /** The connectors that run: enabled explicitly, or left empty and given a token. */
    public static List<Connector> enabled(Settings settings) {
        return declared(settings).stream().filter(c -> enabled(settings, c)).toList();
    }

    public static boolean enabled(Settings settings, Connector c) {
        String enabled = settings.get(c.key("enabled"));
        return enabled.isEmpty() ? settings.has(c.key("api-token")) || usesOAuth(settings, c) : Boolean.parseBoolean(enabled);
    }

    /** A source that offers OAuth, given a refresh token. */
    public static boolean usesOAuth(Settings settings, Connector c) {
        return c.source().offersOAuth() && settings.has(c.key("oauth.refresh-token"));
    }

    public static Connector byId(Settings settings, String id) {
        return declared(settings).stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown connector '" + id + "'"));
    }

    /** Where a declared connector's keys start: a source's plain id is its own ({@code factorial.}), else {@code connectors.<id>.}. */
    public static String keyPrefix(String id) {
        return Sources.find(id) != null ? id + "." : PREFIX + id + ".";
    }

    /** The {@code <id>} of every {@code connectors.<id>.*} key, sorted. */
    public static TreeSet<String> namedIds(Map<String, String> values) {
        return Settings.namedIds(values, PREFIX);
    }

    /** Safe in file paths, SQL literals, route ids and metric labels. */
    public static boolean validId(String id) {
        return ID.matcher(id).matches();
    }
}
