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
}
