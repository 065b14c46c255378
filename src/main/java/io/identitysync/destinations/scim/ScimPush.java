package io.identitysync.destinations.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryException;
import io.identitysync.destinations.directories.DirectoryHttp;
import io.identitysync.destinations.directories.PushRules;
import io.identitysync.store.DirectoryState.Link;
import io.identitysync.store.DirectoryState;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.identitysync.destinations.scim.ScimDirectory.ENTERPRISE;
import static io.identitysync.destinations.scim.ScimDirectory.GROUP_SCHEMA;
import static io.identitysync.destinations.scim.ScimDirectory.USER_SCHEMA;

/**
 * Our users and departments in any SCIM 2.0 service provider (RFC 7643/7644): /ServiceProviderConfig is read first
 * and PATCH is used when it says so (PUT otherwise); a person is matched before being created (externalId, then
 * userName, then work email) and a 409 uniqueness is linked, not duplicated; the User carries userName (our username),
 * externalId, name, displayName, the work email as primary, title, active, and the enterprise extension's
 * employeeNumber, department and manager; a leaver gets {@code active=false}, is deleted only with
 * {@code on-delete=delete}, and is made active again only if we deactivated them.
 */
final class ScimPush extends PushRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    /** The attributes we manage, as SCIM paths; anything else on the record is the directory's own. */
    private static final List<String> MANAGED = List.of("externalId", "name.givenName", "name.familyName", "displayName", "emails",
            "title", "active", ENTERPRISE + ":employeeNumber", ENTERPRISE + ":department", ENTERPRISE + ":manager");

    private final DirectoryHttp http;
    private Boolean patch;

    ScimPush(DirectoryConfig config, String token, Duration timeout, DirectoryState state, boolean scopedIds) {
        super(config, state, scopedIds);
        this.http = new DirectoryHttp("SCIM (" + config.label() + ")", config.url(), Map.of("Authorization", "Bearer " + token), timeout);
    }

    /** Whether the service provider takes PATCH, as its /ServiceProviderConfig says (read once). */
    private boolean patch() {
        if (patch == null) {
            JsonNode spc = http.send("GET", "/ServiceProviderConfig", null).body();
            patch = spc != null && spc.path("patch").path("supported").asBoolean(false);
        }
        return patch;
    }

    @Override
    protected ObjectNode read(String remoteId) {
        DirectoryHttp.Answer a = http.send("GET", "/Users/" + remoteId, null, 404);
        return a.status() == 404 || a.body() == null || !a.body().has("id") ? null : (ObjectNode) a.body();
    }

    @Override
    protected String createOrAdopt(String connector, ObjectNode row) {
        String id = row.path("external_id").asText();
        ObjectNode found = match(connector, row);
        if (found == null) {
            ObjectNode body = resource(connector, row, true);
            body.put("userName", row.path("username").asText());
            try {
                ObjectNode created = resource(http.send("POST", "/Users", body), "POST /Users");
                linked(connector, id, new Link(created.path("id").asText(), row.path("username").asText(), false, false));
                return "created " + row.path("username").asText();
            } catch (DirectoryException e) {
                // 409 uniqueness: the person is there already, added since we looked: link them.
                found = e.status() != null && e.status() == 409 ? match(connector, row) : null;
                if (found == null) {
                    throw e;
                }
            }
        }
        Link link = new Link(found.path("id").asText(), found.path("userName").asText(), true, false);
        state.save(connector, USER, id, link);
        String updated = update(connector, row, link, found, true, false);
        linked(connector, id, link);
        return "adopted " + link.username() + (updated.equals("no change") ? "" : "; " + updated);
    }

    /** The directory's record of this person: the same externalId, else the same userName, else the same work email. */
    private ObjectNode match(String connector, ObjectNode row) {
        ObjectNode found = find("Users", "externalId", employeeId(connector, row.path("external_id").asText()));
        if (found == null) {
            found = find("Users", "userName", row.path("username").asText());
        }
        if (found == null && row.hasNonNull("email")) {
            found = find("Users", "emails.value", row.path("email").asText());
        }
        return found;
    }

    private ObjectNode find(String type, String attribute, String value) {
        String filter = attribute + " eq \"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        JsonNode list = http.send("GET", "/" + type + "?count=2&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8), null).body();
        JsonNode resources = list == null ? null : list.path("Resources");
        return resources != null && resources.isArray() && resources.size() > 0 ? (ObjectNode) resources.get(0) : null;
    }

    @Override
    protected String update(String connector, ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        boolean remoteActive = remote.path("active").asBoolean(true);
        boolean wantActive = remoteActive;
        boolean suspendedBySync = link.suspendedBySync();
        if (!active && (gone || config.onDisable().equals("suspend")) && remoteActive) {
            wantActive = false;
            suspendedBySync = true;
        } else if (active && link.suspendedBySync() && !remoteActive) {
            wantActive = true;
            suspendedBySync = false;
        }
        ObjectNode desired = resource(connector, row, wantActive);
        Map<String, String> want = managed(desired);
        Map<String, String> have = managed(remote);
        List<String> changed = MANAGED.stream().filter(p -> !want.get(p).equals(have.get(p))).toList();
        if (changed.isEmpty()) {
            return "no change";
        }
        String path = "/Users/" + link.remoteId();
        if (patch()) {
            http.send("PATCH", path, patchOf(desired, changed, want));
        } else {
            desired.put("userName", remote.path("userName").asText(link.username()));
            desired.put("id", link.remoteId());
            http.send("PUT", path, desired);
        }
        state.save(connector, USER, row.path("external_id").asText(), new Link(link.remoteId(), link.username(), link.adopted(), suspendedBySync));
        return "updated " + link.username() + " (" + String.join(", ", changed.stream().map(p -> p.replace(ENTERPRISE + ":", "")).toList()) + ")";
    }

    /** One replace with the changed values, and a remove for each value that is no longer there. */
    private static ObjectNode patchOf(ObjectNode desired, List<String> changed, Map<String, String> want) {
        ObjectNode patch = JSON.createObjectNode();
        patch.putArray("schemas").add(PATCH_OP);
        ArrayNode ops = patch.putArray("Operations");
        ObjectNode value = JSON.createObjectNode();
        for (String p : changed) {
            if (want.get(p).isEmpty()) {
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

    /** The managed attributes of a User as text, "" where absent, for comparing ours with the directory's. */
    private static Map<String, String> managed(ObjectNode user) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode ext = user.path(ENTERPRISE);
        String email = "";
        for (JsonNode e : user.path("emails")) {
            if (email.isEmpty() || e.path("primary").asBoolean(false)) {
                email = e.path("value").asText("");
            }
        }
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

    /** The User as the directory should hold it (without userName: it never changes); absent values left out. */
    private ObjectNode resource(String connector, ObjectNode row, boolean active) {
        String id = row.path("external_id").asText();
        ObjectNode user = JSON.createObjectNode();
        user.putArray("schemas").add(USER_SCHEMA).add(ENTERPRISE);
        user.put("externalId", employeeId(connector, id));
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
        ext.put("employeeNumber", employeeId(connector, id));
        putText(ext, "department", state.department(connector, id));
        String manager = managerOf(connector, row);
        if (manager != null) {
            ext.putObject("manager").put("value", manager);
        }
        return user;
    }

    private static ObjectNode child(ObjectNode node, String field) {
        return node.has(field) ? (ObjectNode) node.get(field) : node.putObject(field);
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    @Override
    protected void delete(String remoteId) {
        http.send("DELETE", "/Users/" + remoteId, null, 404);
    }

    @Override
    protected void manager(String reportRemoteId, String managerRemoteId) {
        ObjectNode remote = read(reportRemoteId);
        if (remote == null || managerRemoteId.equals(remote.path(ENTERPRISE).path("manager").path("value").asText(null))) {
            return;
        }
        if (patch()) {
            ObjectNode patch = JSON.createObjectNode();
            patch.putArray("schemas").add(PATCH_OP);
            patch.putArray("Operations").addObject().put("op", "replace").set("value",
                    JSON.createObjectNode().set(ENTERPRISE, JSON.createObjectNode().set("manager", JSON.createObjectNode().put("value", managerRemoteId))));
            http.send("PATCH", "/Users/" + reportRemoteId, patch);
        } else {
            child(remote, ENTERPRISE).putObject("manager").put("value", managerRemoteId);
            remote.remove("meta");
            http.send("PUT", "/Users/" + reportRemoteId, remote);
        }
    }

    @Override
    protected String findGroup(String name) {
        ObjectNode group = find("Groups", "displayName", name);
        return group == null ? null : group.path("id").asText();
    }

    @Override
    protected String createGroup(String name) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("schemas").add(GROUP_SCHEMA);
        body.put("displayName", name);
        return resource(http.send("POST", "/Groups", body), "POST /Groups").path("id").asText();
    }

    @Override
    protected void renameGroup(String remoteId, String name) {
        groupChange(remoteId, patchOp("replace", null, JSON.createObjectNode().put("displayName", name)), g -> g.put("displayName", name));
    }

    @Override
    protected void deleteGroup(String remoteId) {
        http.send("DELETE", "/Groups/" + remoteId, null, 404);
    }

    @Override
    protected void member(String groupRemoteId, String userRemoteId, boolean add) {
        ObjectNode op = add ? patchOp("add", "members", JSON.createArrayNode().add(JSON.createObjectNode().put("value", userRemoteId)))
                : patchOp("remove", "members[value eq \"" + userRemoteId + "\"]", null);
        groupChange(groupRemoteId, op, g -> {
            ArrayNode members = g.has("members") ? (ArrayNode) g.get("members") : g.putArray("members");
            Iterator<JsonNode> it = members.iterator();
            while (it.hasNext()) {
                if (it.next().path("value").asText().equals(userRemoteId)) {
                    it.remove();
                }
            }
            if (add) {
                members.addObject().put("value", userRemoteId);
            }
        });
    }

    /** A group change: the PATCH where the provider takes it, else read, change, PUT. */
    private void groupChange(String remoteId, ObjectNode patch, Consumer<ObjectNode> change) {
        if (patch()) {
            http.send("PATCH", "/Groups/" + remoteId, patch);
            return;
        }
        ObjectNode group = resource(http.send("GET", "/Groups/" + remoteId, null), "GET /Groups/{id}");
        change.accept(group);
        group.remove("meta");
        http.send("PUT", "/Groups/" + remoteId, group);
    }

    private static ObjectNode patchOp(String op, String path, JsonNode value) {
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

    /** A success without the resource it promised is a malformed answer: try again later, never link to nothing. */
    private ObjectNode resource(DirectoryHttp.Answer a, String what) {
        if (a.body() == null || !a.body().isObject() || !a.body().has("id")) {
            throw new DirectoryException(DirectoryException.Kind.TRANSIENT, a.status(), "SCIM (" + config.label() + "): " + what
                    + ": the answer has no id", null);
        }
        return (ObjectNode) a.body();
    }
}
