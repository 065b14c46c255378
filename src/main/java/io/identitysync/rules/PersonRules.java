package io.identitysync.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.config.Checks;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules under one key prefix ({@code factorial.}, {@code connectors.acme.}, {@code directories.gw.}): the scope
 * predicate, when set, and the map overrides by attribute.
 */
public final class PersonRules {

    public static final String SCOPE = "scope";
    public static final String MAP = "map.";
    /** What a person who leaves a directory's scope becomes there. */
    public static final String ON_OUT_OF_SCOPE = "on-out-of-scope";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix;
    private final Rule scope;
    private final Map<String, Rule> map;

    private PersonRules(String prefix, Rule scope, Map<String, Rule> map) {
        this.prefix = prefix;
        this.scope = scope;
        this.map = map;
    }

    /** The rules of {@code prefix}'s keys in {@code values}; RuleException naming the first key that does not compile. */
    public static PersonRules of(Map<String, String> values, String prefix) {
        Rule scope = null;
        Map<String, Rule> map = new TreeMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix) || e.getValue() == null || e.getValue().isBlank()) {
                continue;
            }
            String rest = key.substring(prefix.length());
            if (rest.equals(SCOPE)) {
                scope = Rule.predicate(key, e.getValue());
            } else if (rest.startsWith(MAP) && rest.length() > MAP.length()) {
                map.put(rest.substring(MAP.length()), Rule.expression(key, e.getValue()));
            }
        }
        return new PersonRules(prefix, scope, map);
    }

    public static PersonRules of(Settings s, String prefix) {
        return of(s.values(), prefix);
    }

    /** Every connector's and directory's rules compile: one problem per key that does not, with Camel's own words. */
    public static void check(Checks checks) {
        Settings s = checks.settings();
        List<String> prefixes = new ArrayList<>();
        Connectors.declared(s).forEach(c -> prefixes.add(c.keyPrefix()));
        for (String key : s.values().keySet()) {
            String[] parts = key.split("\\.");
            if (parts.length >= 3 && parts[0].equals("directories") && !prefixes.contains("directories." + parts[1] + ".")) {
                prefixes.add("directories." + parts[1] + ".");
            }
        }
        for (String prefix : prefixes) {
            Map<String, String> mine = s.under(prefix);
            // Each key alone, so that every bad key is named, not only the first.
            for (Map.Entry<String, String> e : mine.entrySet()) {
                try {
                    of(Map.of(e.getKey(), e.getValue() == null ? "" : e.getValue()), prefix);
                } catch (RuleException ex) {
                    checks.add(ex.key(), ex.getMessage().substring(ex.key().length() + 2));
                }
            }
            String onOut = s.get(prefix + ON_OUT_OF_SCOPE);
            if (prefix.startsWith("directories.") && !onOut.isEmpty() && !onOut.equals("disable") && !onOut.equals("ignore")) {
                checks.add(prefix + ON_OUT_OF_SCOPE, "must be disable or ignore, was '" + onOut + "'");
            }
        }
    }

    public boolean isEmpty() {
        return scope == null && map.isEmpty();
    }

    public boolean hasScope() {
        return scope != null;
    }

    /** The rule that excludes this person ("out of scope (factorial.scope: …)"), or null when they are in. */
    public String outOfScope(Map<String, Object> person) {
        return outOfScope(person, null);
    }

    /** The same, with the source's record as read. */
    public String outOfScope(Map<String, Object> person, JsonNode record) {
        if (scope == null || scope.matches(person, record)) {
            return null;
        }
        return "out of scope (" + scope.key() + ": " + scope.text() + ")";
    }

    /** Attribute → its value for this person, in name order; RuleException naming the key that failed for them. */
    public Map<String, String> overrides(Map<String, Object> person) {
        return overrides(person, null);
    }

    public Map<String, String> overrides(Map<String, Object> person, JsonNode record) {
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((attribute, rule) -> out.put(attribute, rule.value(person, record)));
        return out;
    }

    public Map<String, Rule> map() {
        return map;
    }

    public String prefix() {
        return prefix;
    }

    /** A stored person (a users row as events show it) as rules see them: its fields, attributes and employment as maps. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> person(ObjectNode row, String department) {
        Map<String, Object> person = JSON.convertValue(row, LinkedHashMap.class);
        if (department != null) {
            person.put("department", department);
        }
        Object attributes = person.get("attributes");
        if (attributes instanceof Map<?, ?> a && a.get("department") != null) {
            person.put("department", a.get("department"));
        }
        person.putIfAbsent("attributes", new LinkedHashMap<>());
        return person;
    }
}
