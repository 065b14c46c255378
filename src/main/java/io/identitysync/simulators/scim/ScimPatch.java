package io.identitysync.simulators.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.identitysync.simulators.scim.ScimDirectory.ENTERPRISE;

/**
 * The simulator's PATCH (RFC 7644 §3.5.2), for the forms a provisioning client sends: add or replace with a value
 * object and no path; add, replace or remove at a simple path ("title", "name.givenName", an extension's
 * "urn:…:User:department"); add to a multi-valued attribute (appended); and a value selection filter on a
 * multi-valued attribute, {@code emails[type eq "work"]} or {@code members[value eq "…"]}, with or without a
 * sub-attribute. A replace whose filter matches nothing is 400 noTarget, as §3.5.2.3 says.
 */
final class ScimPatch {

    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final Pattern VALUE_PATH = Pattern.compile("([A-Za-z][\\w$-]*)\\[([A-Za-z][\\w$-]*) eq (\"((?:[^\"\\\\]|\\\\.)*)\"|true|false)](?:\\.([A-Za-z][\\w$-]*))?");

    private ScimPatch() {
    }

    /** Applies the operations in order to {@code r}; a refusal leaves the caller's stored copy untouched. */
    static void apply(ObjectNode r, JsonNode body) {
        if (body == null || !body.path("schemas").toString().contains(PATCH_OP) || !body.path("Operations").isArray()) {
            throw new ScimDirectory.Refused(400, "invalidSyntax", "a PatchOp request with Operations is required");
        }
        for (JsonNode op : body.path("Operations")) {
            String verb = op.path("op").asText().toLowerCase(Locale.ROOT);
            String path = op.path("path").asText(null);
            JsonNode value = op.get("value");
            if (!List.of("add", "replace", "remove").contains(verb)) {
                throw new ScimDirectory.Refused(400, "invalidSyntax", "op must be add, replace or remove, was " + op.path("op"));
            }
            if (path == null) {
                if (verb.equals("remove")) {
                    throw new ScimDirectory.Refused(400, "noTarget", "a remove needs a path");
                }
                if (value == null || !value.isObject()) {
                    throw new ScimDirectory.Refused(400, "invalidValue", "an " + verb + " without path needs an object value");
                }
                merge(r, (ObjectNode) value);
                continue;
            }
            Matcher filter = VALUE_PATH.matcher(path);
            if (filter.matches()) {
                filtered(r, verb, filter, value);
            } else if (!path.contains("[")) {
                simple(r, verb, path, value);
            } else {
                throw new ScimDirectory.Refused(400, "invalidPath", "unsupported path " + path);
            }
        }
    }

    private static void simple(ObjectNode r, String verb, String path, JsonNode value) {
        ObjectNode parent = r;
        String attr = path;
        if (path.startsWith(ENTERPRISE + ":")) {
            parent = child(r, ENTERPRISE);
            attr = path.substring(ENTERPRISE.length() + 1);
        }
        int dot = attr.indexOf('.');
        if (dot > 0) {
            parent = child(parent, attr.substring(0, dot));
            attr = attr.substring(dot + 1);
        }
        if (verb.equals("remove")) {
            parent.remove(attr);
            return;
        }
        if (value == null) {
            throw new ScimDirectory.Refused(400, "invalidValue", "no value for " + path);
        }
        if (verb.equals("add") && value.isArray() && parent.path(attr).isArray()) {
            ArrayNode values = (ArrayNode) parent.get(attr);
            for (JsonNode v : value) {
                boolean present = false;
                for (JsonNode existing : values) {
                    present |= existing.path("value").asText().equals(v.path("value").asText());
                }
                if (!present) {
                    values.add(v.deepCopy());
                }
            }
            onePrimary(values, value);
        } else {
            parent.set(attr, value.deepCopy());
        }
    }

    private static void filtered(ObjectNode r, String verb, Matcher filter, JsonNode value) {
        String attr = filter.group(1);
        String sub = filter.group(5);
        JsonNode values = r.path(attr);
        List<Integer> matches = new ArrayList<>();
        for (int i = 0; values.isArray() && i < values.size(); i++) {
            if (matches(values.get(i).path(filter.group(2)), filter)) {
                matches.add(i);
            }
        }
        if (matches.isEmpty()) {
            if (verb.equals("remove")) {
                return;
            }
            throw new ScimDirectory.Refused(400, "noTarget", "no value of " + attr + " matches " + filter.group());
        }
        ArrayNode array = (ArrayNode) values;
        if (verb.equals("remove")) {
            for (int k = matches.size() - 1; k >= 0; k--) {
                int i = matches.get(k);
                if (sub == null) {
                    array.remove(i);
                } else {
                    ((ObjectNode) array.get(i)).remove(sub);
                }
            }
            if (array.isEmpty()) {
                r.remove(attr);
            }
            return;
        }
        if (value == null || sub == null && !value.isObject()) {
            throw new ScimDirectory.Refused(400, "invalidValue", "no usable value for " + filter.group());
        }
        for (int i : matches) {
            if (sub != null) {
                ((ObjectNode) array.get(i)).set(sub, value.deepCopy());
            } else if (verb.equals("replace")) {
                array.set(i, value.deepCopy());
            } else {
                ((ObjectNode) array.get(i)).setAll(((ObjectNode) value).deepCopy());
            }
        }
    }

    private static boolean matches(JsonNode actual, Matcher filter) {
        String literal = filter.group(3);
        if (literal.equals("true") || literal.equals("false")) {
            return actual.isBoolean() && actual.asBoolean() == Boolean.parseBoolean(literal);
        }
        String wanted = filter.group(4).replaceAll("\\\\(.)", "$1");
        // RFC 7643: "type" and "value" of emails are caseExact false; members' value is an id, compared exactly.
        return filter.group(1).equals("members") ? wanted.equals(actual.asText(null)) : wanted.equalsIgnoreCase(actual.asText(""));
    }

    /** RFC 7644 §3.5.2: a value added as primary makes the others stop being primary. */
    private static void onePrimary(ArrayNode values, JsonNode added) {
        JsonNode primary = null;
        for (JsonNode a : added) {
            if (a.path("primary").asBoolean(false)) {
                primary = a;
            }
        }
        if (primary == null) {
            return;
        }
        for (JsonNode v : values) {
            if (v.isObject() && v.path("primary").asBoolean(false) && !v.path("value").asText().equals(primary.path("value").asText())) {
                ((ObjectNode) v).put("primary", false);
            }
        }
    }

    /** Deep merge of a value object: complex attributes (name, the enterprise extension) by sub-attribute. */
    private static void merge(ObjectNode target, ObjectNode value) {
        value.fields().forEachRemaining(f -> {
            if (f.getValue().isObject() && target.path(f.getKey()).isObject()) {
                merge((ObjectNode) target.get(f.getKey()), (ObjectNode) f.getValue());
            } else {
                target.set(f.getKey(), f.getValue().deepCopy());
            }
        });
    }

    private static ObjectNode child(ObjectNode node, String field) {
        return node.path(field).isObject() ? (ObjectNode) node.get(field) : node.putObject(field);
    }
}
