package io.identitysync.destinations.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the SCIM simulator holds, with RFC 7643/7644's rules: Users (userName required and unique in any case,
 * externalId unique) and Groups (displayName unique) with members; PATCH as RFC 7644 §3.5.2 puts it for the forms a
 * provisioning client sends (replace or add with a value object, add to and remove from members). A rule broken is a
 * {@link Refused} with the SCIM status and scimType. Tests read and change it directly, as an administrator would.
 */
public final class ScimDirectory {

    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final Pattern MEMBER_FILTER = Pattern.compile("members\\[value eq \"([^\"]+)\"]");

    /** A request the directory refuses: its status, and scimType where RFC 7644 defines one. */
    public static final class Refused extends RuntimeException {
        final int status;
        final String scimType;

        Refused(int status, String scimType, String detail) {
            super(detail);
            this.status = status;
            this.scimType = scimType;
        }
    }

    private final Map<String, ObjectNode> users = new LinkedHashMap<>();
    private final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    private final List<JsonNode> received = new ArrayList<>();

    /** Every body a client sent (POST, PUT, PATCH), in order: for checking them with another SCIM implementation. */
    public synchronized List<JsonNode> received() {
        return List.copyOf(received);
    }

    public synchronized List<ObjectNode> users() {
        return users.values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized List<ObjectNode> groups() {
        return groups.values().stream().map(ObjectNode::deepCopy).toList();
    }

    synchronized ObjectNode get(String type, String id) {
        ObjectNode r = store(type).get(id);
        if (r == null) {
            throw new Refused(404, null, "Resource " + id + " not found");
        }
        return r.deepCopy();
    }

    synchronized List<ObjectNode> list(String type) {
        return store(type).values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** POST: the resource as sent, with an id and meta; 409 uniqueness when its userName, externalId or displayName is taken. */
    public synchronized ObjectNode create(String type, JsonNode body) {
        record(body);
        ObjectNode r = resource(type, body);
        String id = UUID.randomUUID().toString();
        r.put("id", id);
        check(type, r, id);
        r.putObject("meta").put("resourceType", type.equals("Users") ? "User" : "Group").put("location", "/" + type + "/" + id);
        store(type).put(id, r);
        return r.deepCopy();
    }

    /** PUT: the whole resource replaced (id and meta kept). */
    synchronized ObjectNode replace(String type, String id, JsonNode body) {
        record(body);
        ObjectNode old = get(type, id);
        ObjectNode r = resource(type, body);
        r.put("id", id);
        r.set("meta", old.get("meta"));
        check(type, r, id);
        store(type).put(id, r);
        return r.deepCopy();
    }

    /** PATCH: the operations in order; all or nothing. */
    synchronized ObjectNode patch(String type, String id, JsonNode body) {
        record(body);
        ObjectNode r = get(type, id);
        if (body == null || !body.path("schemas").toString().contains("urn:ietf:params:scim:api:messages:2.0:PatchOp") || !body.path("Operations").isArray()) {
            throw new Refused(400, "invalidSyntax", "a PatchOp request with Operations is required");
        }
        for (JsonNode op : body.path("Operations")) {
            String verb = op.path("op").asText().toLowerCase(Locale.ROOT);
            String path = op.path("path").asText(null);
            JsonNode value = op.get("value");
            if (path == null && (verb.equals("replace") || verb.equals("add")) && value != null && value.isObject()) {
                merge(r, (ObjectNode) value);
            } else if ("members".equals(path) && verb.equals("add") && value != null && value.isArray()) {
                ArrayNode members = r.has("members") ? (ArrayNode) r.get("members") : r.putArray("members");
                for (JsonNode m : value) {
                    boolean present = false;
                    for (JsonNode existing : members) {
                        present |= existing.path("value").asText().equals(m.path("value").asText());
                    }
                    if (!present) {
                        members.addObject().put("value", m.path("value").asText());
                    }
                }
            } else if (path != null && verb.equals("remove") && MEMBER_FILTER.matcher(path).matches()) {
                Matcher m = MEMBER_FILTER.matcher(path);
                m.matches();
                Iterator<JsonNode> it = r.path("members").iterator();
                while (it.hasNext()) {
                    if (it.next().path("value").asText().equals(m.group(1))) {
                        it.remove();
                    }
                }
            } else if (path != null && !path.contains("[") && (verb.equals("replace") || verb.equals("add") || verb.equals("remove"))) {
                // A simple path: "title", "name.givenName", or an extension's "urn:…:User:department".
                ObjectNode parent = r;
                String attr = path;
                if (path.startsWith(ENTERPRISE + ":")) {
                    parent = r.has(ENTERPRISE) ? (ObjectNode) r.get(ENTERPRISE) : r.putObject(ENTERPRISE);
                    attr = path.substring(ENTERPRISE.length() + 1);
                }
                int dot = attr.indexOf('.');
                if (dot > 0) {
                    String outer = attr.substring(0, dot);
                    parent = parent.has(outer) ? (ObjectNode) parent.get(outer) : parent.putObject(outer);
                    attr = attr.substring(dot + 1);
                }
                if (verb.equals("remove")) {
                    parent.remove(attr);
                } else if (value == null) {
                    throw new Refused(400, "invalidValue", "no value for " + path);
                } else {
                    parent.set(attr, value);
                }
            } else {
                throw new Refused(400, "invalidPath", "unsupported operation " + op);
            }
        }
        check(type, r, id);
        store(type).put(id, r);
        return r.deepCopy();
    }

    synchronized void delete(String type, String id) {
        if (store(type).remove(id) == null) {
            throw new Refused(404, null, "Resource " + id + " not found");
        }
        if (type.equals("Users")) {
            for (ObjectNode g : groups.values()) {
                Iterator<JsonNode> it = g.path("members").iterator();
                while (it.hasNext()) {
                    if (it.next().path("value").asText().equals(id)) {
                        it.remove();
                    }
                }
            }
        }
    }

    private void record(JsonNode body) {
        if (body != null) {
            received.add(body.deepCopy());
        }
    }

    private ObjectNode resource(String type, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new Refused(400, "invalidSyntax", "the body is not a JSON object");
        }
        String schema = type.equals("Users") ? USER_SCHEMA : GROUP_SCHEMA;
        if (!body.path("schemas").toString().contains(schema)) {
            throw new Refused(400, "invalidValue", "schemas must include " + schema);
        }
        ObjectNode r = ((ObjectNode) body).deepCopy();
        r.remove("id");
        r.remove("meta");
        return r;
    }

    /** Deep merge of a PATCH value object: complex attributes (name, the enterprise extension) by sub-attribute. */
    private static void merge(ObjectNode target, ObjectNode value) {
        value.fields().forEachRemaining(f -> {
            if (f.getValue().isObject() && target.path(f.getKey()).isObject()) {
                merge((ObjectNode) target.get(f.getKey()), (ObjectNode) f.getValue());
            } else {
                target.set(f.getKey(), f.getValue());
            }
        });
    }

    private void check(String type, ObjectNode r, String self) {
        String unique = type.equals("Users") ? "userName" : "displayName";
        String value = r.path(unique).asText("");
        if (value.isBlank()) {
            throw new Refused(400, "invalidValue", unique + " is required");
        }
        for (ObjectNode other : store(type).values()) {
            if (other.path("id").asText().equals(self)) {
                continue;
            }
            if (other.path(unique).asText("").equalsIgnoreCase(value)
                    || r.hasNonNull("externalId") && r.path("externalId").asText().equals(other.path("externalId").asText(null))) {
                throw new Refused(409, "uniqueness", "One or more of the attribute values are already in use or are reserved.");
            }
        }
    }

    private Map<String, ObjectNode> store(String type) {
        return switch (type) {
            case "Users" -> users;
            case "Groups" -> groups;
            default -> throw new Refused(404, null, "no such resource type " + type);
        };
    }
}
