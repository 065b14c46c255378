package io.identitysync.destinations.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.identitysync.simulators.scim.ScimDirectory.ENTERPRISE;
import static io.identitysync.simulators.scim.ScimDirectory.USER_SCHEMA;

/**
 * A person as a SCIM User (RFC 7643 core and enterprise extension): what it should hold, which of the attributes we
 * manage differ from a provider's record, and the PATCH (RFC 7644 §3.5.2) that makes them equal.
 */
final class ScimUserResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    /** The attributes we manage, as SCIM paths; anything else on the record is the directory's own. */
    private static final List<String> MANAGED = List.of("externalId", "name.givenName", "name.familyName", "displayName", "emails",
            "title", "active", ENTERPRISE + ":employeeNumber", ENTERPRISE + ":department", ENTERPRISE + ":manager");

    private ScimUserResource() {
    }

    /** The User as the directory should hold it (without userName: it never changes); absent values left out. */
    static ObjectNode of(String employeeId, ObjectNode row, boolean active, String department, String managerRemoteId) {
        ObjectNode user = JSON.createObjectNode();
        user.putArray("schemas").add(USER_SCHEMA).add(ENTERPRISE);
        user.put("externalId", employeeId);
        ObjectNode name = user.putObject("name");
        putText(name, "givenName", row.path("given_name").asText(null));
        putText(name, "familyName", row.path("family_name").asText(null));
        putText(user, "displayName", row.path("display_name").asText(null));
        if (row.hasNonNull("email")) {
            user.putArray("emails").addObject().put("value", row.path("email").asText()).put("type", "work").put("primary", true);
        }
        putText(user, "title", row.path("title").asText(null));
        user.put("active", active);
        ObjectNode ext = user.putObject(ENTERPRISE);
        ext.put("employeeNumber", employeeId);
        putText(ext, "department", department);
        if (managerRemoteId != null) {
            ext.putObject("manager").put("value", managerRemoteId);
        }
        return user;
    }

    static List<String> changed(ObjectNode desired, ObjectNode remote) {
        Map<String, String> want = managed(desired);
        Map<String, String> have = managed(remote);
        return MANAGED.stream().filter(p -> !want.get(p).equals(have.get(p))).toList();
    }

    static List<String> describe(List<String> changed, boolean wantActive) {
        return changed.stream().map(p -> p.equals("active") ? "active " + wantActive : p.replace(ENTERPRISE + ":", "")).toList();
    }

    /**
     * One replace with the changed values, and a remove for each value that is no longer there. The work email is
     * changed by a path filter on the one value we own (RFC 7644 §3.5.2.3): a replace of "emails" as a whole would
     * drop the other addresses the directory holds.
     */
    static ObjectNode patch(ObjectNode desired, List<String> changed, ObjectNode remote) {
        Map<String, String> want = managed(desired);
        ObjectNode patch = JSON.createObjectNode();
        patch.putArray("schemas").add(PATCH_OP);
        ArrayNode ops = patch.putArray("Operations");
        ObjectNode value = JSON.createObjectNode();
        for (String p : changed) {
            if (p.equals("emails")) {
                emailOp(ops, want.get(p), ownedEmailFilter(remote));
            } else if (want.get(p).isEmpty()) {
                ops.addObject().put("op", "remove").put("path", p);
            } else if (p.startsWith(ENTERPRISE + ":")) {
                String attr = p.substring(ENTERPRISE.length() + 1);
                child(value, ENTERPRISE).set(attr, desired.path(ENTERPRISE).get(attr));
            } else if (p.startsWith("name.")) {
                child(value, "name").set(p.substring(5), desired.path("name").get(p.substring(5)));
            } else {
                value.set(p, desired.get(p));
            }
        }
        if (!value.isEmpty()) {
            ops.insertObject(0).put("op", "replace").set("value", value);
        }
        return patch;
    }

    private static void emailOp(ArrayNode ops, String email, String filter) {
        if (email.isEmpty()) {
            if (filter != null) {
                ops.addObject().put("op", "remove").put("path", filter);
            }
        } else if (filter != null) {
            ops.addObject().put("op", "replace").put("path", filter + ".value").put("value", email);
        } else {
            // An add to a multi-valued attribute appends (RFC 7644 §3.5.2.1); primary true makes the provider clear
            // the others' primary (§3.5.2).
            ops.addObject().put("op", "add").put("path", "emails").putArray("value").add(workEmail(email));
        }
    }

    /**
     * The whole User for a PUT (a provider without PATCH): the directory's record with only our changed attributes
     * set or removed, so what the provider holds beyond them (phone numbers, other emails, addresses…) is sent back
     * as it was instead of being cleared (RFC 7644 §3.5.1 lets a provider clear what a PUT leaves out).
     */
    static ObjectNode merged(ObjectNode remote, ObjectNode desired, List<String> changed) {
        ObjectNode user = remote.deepCopy();
        user.remove("meta");
        Map<String, String> want = managed(desired);
        for (String p : changed) {
            if (p.equals("emails")) {
                mergeEmail(user, want.get(p));
                continue;
            }
            ObjectNode parent = user;
            JsonNode source = desired;
            String attr = p;
            if (p.startsWith(ENTERPRISE + ":")) {
                attr = p.substring(ENTERPRISE.length() + 1);
                parent = child(user, ENTERPRISE);
                source = desired.path(ENTERPRISE);
                ArrayNode schemas = user.has("schemas") && user.get("schemas").isArray() ? (ArrayNode) user.get("schemas") : user.putArray("schemas");
                if (!schemas.toString().contains("\"" + ENTERPRISE + "\"")) {
                    schemas.add(ENTERPRISE);
                }
            } else if (p.startsWith("name.")) {
                attr = p.substring(5);
                parent = child(user, "name");
                source = desired.path("name");
            }
            if (want.get(p).isEmpty() || !source.has(attr)) {
                parent.remove(attr);
            } else {
                parent.set(attr, source.get(attr).deepCopy());
            }
        }
        return user;
    }

    private static void mergeEmail(ObjectNode user, String email) {
        ArrayNode emails = user.has("emails") && user.get("emails").isArray() ? (ArrayNode) user.get("emails") : user.putArray("emails");
        int owned = ownedEmail(emails);
        if (email.isEmpty()) {
            if (owned >= 0) {
                emails.remove(owned);
            }
        } else if (owned >= 0) {
            ((ObjectNode) emails.get(owned)).put("value", email);
        } else {
            // As a PATCH add with primary true would: the provider's other values stop being primary (RFC 7643 §2.4).
            emails.forEach(e -> {
                if (e.isObject() && e.has("primary")) {
                    ((ObjectNode) e).put("primary", false);
                }
            });
            emails.add(workEmail(email));
        }
        if (emails.isEmpty()) {
            user.remove("emails");
        }
    }

    private static ObjectNode workEmail(String email) {
        return JSON.createObjectNode().put("value", email).put("type", "work").put("primary", true);
    }

    /**
     * Which of the directory's emails is ours: the one of type "work"; else, where the provider keeps no type, the
     * primary untyped one, else the first untyped one; -1 when every email is someone else's (home, other…).
     */
    static int ownedEmail(JsonNode emails) {
        int untyped = -1;
        for (int i = 0; i < emails.size(); i++) {
            JsonNode e = emails.get(i);
            String type = e.path("type").asText("");
            if (type.equalsIgnoreCase("work")) {
                return i;
            }
            if (type.isEmpty() && (untyped < 0 || e.path("primary").asBoolean(false) && !emails.get(untyped).path("primary").asBoolean(false))) {
                untyped = i;
            }
        }
        return untyped;
    }

    /** The PATCH path (RFC 7644 §3.5.2 valuePath) that selects our email in the directory's record, or null when there is none. */
    static String ownedEmailFilter(ObjectNode remote) {
        JsonNode emails = remote.path("emails");
        int owned = ownedEmail(emails);
        if (owned < 0) {
            return null;
        }
        JsonNode e = emails.get(owned);
        if (e.path("type").asText("").equalsIgnoreCase("work")) {
            return "emails[type eq \"" + e.path("type").asText() + "\"]";
        }
        return "emails[value eq \"" + e.path("value").asText("").replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    /** The managed attributes of a User as text, "" where absent, for comparing ours with the directory's. */
    static Map<String, String> managed(ObjectNode user) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode ext = user.path(ENTERPRISE);
        int owned = ownedEmail(user.path("emails"));
        String email = owned < 0 ? "" : user.path("emails").get(owned).path("value").asText("");
        out.put("externalId", user.path("externalId").asText(""));
        out.put("name.givenName", user.path("name").path("givenName").asText(""));
        out.put("name.familyName", user.path("name").path("familyName").asText(""));
        out.put("displayName", user.path("displayName").asText(""));
        out.put("emails", email);
        out.put("title", user.path("title").asText(""));
        out.put("active", Boolean.toString(user.path("active").asBoolean(true)));
        out.put(ENTERPRISE + ":employeeNumber", ext.path("employeeNumber").asText(""));
        out.put(ENTERPRISE + ":department", ext.path("department").asText(""));
        out.put(ENTERPRISE + ":manager", ext.path("manager").path("value").asText(""));
        return out;
    }

    static ObjectNode child(ObjectNode node, String field) {
        return node.has(field) ? (ObjectNode) node.get(field) : node.putObject(field);
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    /** A PatchOp request of one operation; path or value may be null. */
    static ObjectNode patchOp(String op, String path, JsonNode value) {
        ObjectNode patch = JSON.createObjectNode();
        patch.putArray("schemas").add(PATCH_OP);
        ObjectNode o = patch.putArray("Operations").addObject().put("op", op);
        if (path != null) {
            o.put("path", path);
        }
        if (value != null) {
            o.set("value", value);
        }
        return patch;
    }
}
