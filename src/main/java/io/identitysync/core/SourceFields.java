package io.identitysync.core;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading source JSON the same way in every mapping: absent, null, blank and nested values are all "no value". */
public final class SourceFields {

    private SourceFields() {
    }

    /** The trimmed text of {@code node.field}, or null. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }

    /** A record's id ({@code node.id}), or the node itself when it is the id; null when absent, blank or not a scalar. */
    public static String id(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        JsonNode id = node.isObject() ? node.get("id") : node;
        if (id == null || id.isNull() || id.asText().isBlank() || id.isContainerNode()) {
            return null;
        }
        return id.asText();
    }

    /** {@code node.field} when it is a boolean, else null. */
    public static Boolean bool(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.isBoolean() ? null : v.asBoolean();
    }
}
