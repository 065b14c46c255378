package io.identitysync.destinations.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryException;
import io.identitysync.destinations.directories.DirectoryHttp;
import io.identitysync.destinations.directories.PushRules;
import io.identitysync.store.identities.DirectoryState.Link;
import io.identitysync.store.identities.DirectoryState;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.identitysync.destinations.scim.ScimUserResource.patchOp;
import static io.identitysync.simulators.scim.ScimDirectory.ENTERPRISE;
import static io.identitysync.simulators.scim.ScimDirectory.GROUP_SCHEMA;

/**
 * Our users and departments in any SCIM 2.0 service provider (RFC 7643/7644), spoken in application/scim+json:
 * /ServiceProviderConfig is read first and PATCH is used when it says so; otherwise the provider's record is read and
 * PUT back whole with our attributes merged in, so what only the provider holds survives; a person is matched before being created (externalId, then
 * userName, then work email) and a 409 uniqueness is linked, not duplicated; the User carries userName (our username),
 * externalId, name, displayName, the work email as primary, title, active, and the enterprise extension's
 * employeeNumber, department and manager; a leaver gets {@code active=false}, is deleted only with
 * {@code on-delete=delete}, and is made active again only if we deactivated them.
 */
final class ScimPush extends PushRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 100;
    /** RFC 7644 §3.8: what every provider MUST accept; application/json is only a SHOULD. */
    static final String MEDIA_TYPE = "application/scim+json";

    private final DirectoryHttp http;
    private Boolean patch;

    ScimPush(DirectoryConfig config, String token, Duration timeout, DirectoryState state, boolean scopedIds) {
        super(config, state, scopedIds);
        this.http = new DirectoryHttp("SCIM (" + config.label() + ")", config.url(), Map.of("Authorization", "Bearer " + token), timeout,
                MEDIA_TYPE, config.tokenKey());
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

    /** Under our username; a 409 uniqueness means the person is there already, added since we looked: linked. */
    @Override
    protected String create(String connector, ObjectNode row) {
        // A pre-hire is created inactive; their first day's update makes them active.
        ObjectNode body = resource(connector, row, !pending(row));
        body.put("userName", row.path("username").asText());
        try {
            ObjectNode created = resource(http.send("POST", "/Users", body), "POST /Users");
            linked(connector, row.path("external_id").asText(), new Link(created.path("id").asText(), row.path("username").asText(), false,
                    pending(row)));
            return "created " + row.path("username").asText();
        } catch (DirectoryException e) {
            ObjectNode found = e.status() != null && e.status() == 409 ? lookupExisting(connector, row) : null;
            if (found == null) {
                throw e;
            }
            return adopt(connector, row, found);
        }
    }

    /** The directory's record of this person: the same externalId, else the same userName, else the same work email. */
    @Override
    protected ObjectNode lookupExisting(String connector, ObjectNode row) {
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
        boolean wantActive = wantActive(link, remote, active, gone);
        ObjectNode desired = resource(connector, row, wantActive);
        List<String> changed = ScimUserResource.changed(desired, remote);
        if (changed.isEmpty()) {
            return "no change";
        }
        String path = "/Users/" + link.remoteId();
        if (patch()) {
            http.send("PATCH", path, ScimUserResource.patch(desired, changed, remote));
        } else {
            // Read again just before the PUT: what we merge into is then the provider's latest record, whole (a
            // search result may be a shortened one), and the window for an administrator's change is small.
            ObjectNode current = read(link.remoteId());
            if (current == null) {
                throw new DirectoryException(DirectoryException.Kind.TRANSIENT, 404, "SCIM (" + config.label() + "): GET " + path
                        + ": the user is gone since it was read", null);
            }
            changed = ScimUserResource.changed(desired, current);
            if (changed.isEmpty()) {
                return "no change";
            }
            http.send("PUT", path, ScimUserResource.merged(current, desired, changed));
        }
        boolean suspendedBySync = changed.contains("active") ? !wantActive : link.suspendedBySync();
        state.save(connector, USER, row.path("external_id").asText(), new Link(link.remoteId(), link.username(), link.adopted(), suspendedBySync));
        return "updated " + link.username() + " (" + String.join(", ", ScimUserResource.describe(changed, wantActive)) + ")";
    }

    @Override
    protected List<String> changes(String connector, ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        boolean wantActive = wantActive(link, remote, active, gone);
        return ScimUserResource.describe(ScimUserResource.changed(resource(connector, row, wantActive), remote), wantActive);
    }

    /** Active as the directory has it, except for a leaver (false) and for a returner we deactivated (true). */
    private boolean wantActive(Link link, ObjectNode remote, boolean active, boolean gone) {
        boolean remoteActive = remote.path("active").asBoolean(true);
        if (!active && (gone || config.onDisable().equals("suspend")) && remoteActive) {
            return false;
        }
        if (active && link.suspendedBySync() && !remoteActive) {
            return true;
        }
        return remoteActive;
    }

    @Override
    protected String nameOf(ObjectNode remote) {
        return remote.path("userName").asText();
    }

    @Override
    protected String remoteIdOf(ObjectNode remote) {
        return remote.path("id").asText();
    }

    @Override
    protected String proposedName(String connector, ObjectNode row) {
        return row.path("username").asText();
    }

    /** Every User's id, paged with startIndex and count. */
    @Override
    protected List<String> remoteUserIds() {
        List<String> ids = new ArrayList<>();
        for (int start = 1; ; ) {
            JsonNode page = http.send("GET", "/Users?startIndex=" + start + "&count=" + PAGE, null).body();
            JsonNode resources = page == null ? null : page.path("Resources");
            int n = resources == null || !resources.isArray() ? 0 : resources.size();
            for (int i = 0; i < n; i++) {
                ids.add(resources.get(i).path("id").asText());
            }
            start += n;
            if (n == 0 || start > page.path("totalResults").asInt(0)) {
                return ids;
            }
        }
    }

    /** The User as the directory should hold it (without userName: it never changes). */
    private ObjectNode resource(String connector, ObjectNode row, boolean active) {
        String id = row.path("external_id").asText();
        return ScimUserResource.of(employeeId(connector, id), row, active, state.department(connector, row), managerOf(connector, row));
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
            ObjectNode value = JSON.createObjectNode();
            value.putObject(ENTERPRISE).putObject("manager").put("value", managerRemoteId);
            http.send("PATCH", "/Users/" + reportRemoteId, patchOp("replace", null, value));
        } else {
            ScimUserResource.child(remote, ENTERPRISE).putObject("manager").put("value", managerRemoteId);
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

    /** A success without the resource it promised is a malformed answer: try again later, never link to nothing. */
    private ObjectNode resource(DirectoryHttp.Answer a, String what) {
        if (a.body() == null || !a.body().isObject() || !a.body().has("id")) {
            throw new DirectoryException(DirectoryException.Kind.TRANSIENT, a.status(), "SCIM (" + config.label() + "): " + what
                    + ": the answer has no id", null);
        }
        return (ObjectNode) a.body();
    }
}
