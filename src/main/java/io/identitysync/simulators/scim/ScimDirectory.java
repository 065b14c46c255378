package io.identitysync.simulators.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the SCIM simulator holds, with RFC 7643/7644's rules: Users (userName required and unique in any case,
 * externalId unique) and Groups (displayName unique) with members; PATCH as RFC 7644 §3.5.2 puts it for the forms a
 * provisioning client sends (see {@link ScimPatch}). A rule broken is a
 * {@link Refused} with the SCIM status and scimType. Tests read and change it directly, as an administrator would.
 */
public final class ScimDirectory {

    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

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

    private final String baseUrl;
    private final Clock clock;
    private final Map<String, ObjectNode> users = new LinkedHashMap<>();
    private final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    private final List<JsonNode> received = new ArrayList<>();

    /** A directory alone (tests that use no HTTP): meta.location is then relative. */
    public ScimDirectory() {
        this("", Clock.systemUTC());
    }

    /** @param baseUrl what meta.location starts with (RFC 7643 §3.1: the resource's URI) */
    ScimDirectory(String baseUrl, Clock clock) {
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

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
        String now = Instant.now(clock).toString();
        // RFC 7643 §3.1: resourceType, created, lastModified, location; version only with ETags, which this provider has not.
        r.putObject("meta").put("resourceType", type.equals("Users") ? "User" : "Group").put("created", now).put("lastModified", now)
                .put("location", baseUrl + "/" + type + "/" + id);
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
        touch(r);
        store(type).put(id, r);
        return r.deepCopy();
    }

    /** PATCH: the operations in order (see {@link ScimPatch}); all or nothing. */
    public synchronized ObjectNode patch(String type, String id, JsonNode body) {
        record(body);
        ObjectNode r = get(type, id);
        ScimPatch.apply(r, body);
        // RFC 7643 §3: schemas names every schema the resource uses, so an extension set by PATCH joins it.
        if (r.has(ENTERPRISE) && r.path("schemas").isArray() && !r.path("schemas").toString().contains("\"" + ENTERPRISE + "\"")) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) r.get("schemas")).add(ENTERPRISE);
        }
        check(type, r, id);
        touch(r);
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

    private void touch(ObjectNode r) {
        ((ObjectNode) r.get("meta")).put("lastModified", Instant.now(clock).toString());
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
