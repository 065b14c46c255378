package io.identitysync.people;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.Rows;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The fields an event says changed, each with its value before (the person as the previous event carried them)
 * and after (as this one does). Objects (attributes, employment) are compared key by key, so one attribute that
 * changed is named alone; a sensitive field is named with neither value.
 */
final class Changes {

    private Changes() {
    }

    /** [{"field","before","after"}], or with "sensitive": true and no values. */
    static ArrayNode of(JsonNode before, JsonNode after, JsonNode named, Sensitive sensitive) {
        ArrayNode out = Rows.JSON.createArrayNode();
        if (before == null || !named.isArray()) {
            return out;
        }
        for (JsonNode n : named) {
            String field = n.asText();
            JsonNode was = before.get(field);
            JsonNode is = after.get(field);
            if ((was != null && was.isObject()) || (is != null && is.isObject())) {
                TreeSet<String> keys = new TreeSet<>();
                if (was != null) {
                    was.fieldNames().forEachRemaining(keys::add);
                }
                if (is != null) {
                    is.fieldNames().forEachRemaining(keys::add);
                }
                for (String key : keys) {
                    JsonNode a = was == null ? null : was.get(key);
                    JsonNode b = is == null ? null : is.get(key);
                    if (a == null ? b != null : !a.equals(b)) {
                        out.add(change(field + "." + key, a, b, sensitive.hides(field) || sensitive.hides(key)));
                    }
                }
            } else {
                out.add(change(field, was, is, sensitive.hides(field)));
            }
        }
        return out;
    }

    private static ObjectNode change(String field, JsonNode before, JsonNode after, boolean hidden) {
        ObjectNode c = Rows.JSON.createObjectNode().put("field", field);
        if (hidden) {
            c.put("sensitive", true);
        } else {
            c.set("before", before == null ? Rows.JSON.nullNode() : before);
            c.set("after", after == null ? Rows.JSON.nullNode() : after);
        }
        return c;
    }

    /** "title: Engineer → Lead; attributes.salary_band changed (sensitive, not shown)". */
    static String describe(ArrayNode changes) {
        if (changes.isEmpty()) {
            return "no field changed";
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode c : changes) {
            parts.add(c.path("sensitive").asBoolean() ? c.path("field").asText() + " changed " + Sensitive.HIDDEN
                    : c.path("field").asText() + ": " + text(c.get("before")) + " → " + text(c.get("after")));
        }
        return String.join("; ", parts);
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? "(none)" : v.isTextual() ? v.asText() : v.toString();
    }
}
