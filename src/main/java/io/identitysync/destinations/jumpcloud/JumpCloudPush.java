package io.identitysync.destinations.jumpcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryException;
import io.identitysync.destinations.directories.PushRules;
import io.identitysync.store.DirectoryState.Link;
import io.identitysync.store.DirectoryState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Our users and departments in JumpCloud, as JumpCloud's own Factorial integration does it, and stricter: a person
 * already there (same employeeIdentifier, else same email) is adopted, never duplicated; a new one gets our
 * username, with a number appended while JumpCloud already has it (alpha.zed → alpha.zed1), kept for good; names,
 * email, title, department and manager follow with one update of what differs from JumpCloud's record; a leaver is
 * suspended (a STAGED user has no access and stays as it is), and re-enabled only if we suspended them.
 */
final class JumpCloudPush extends PushRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SUFFIX = 50;

    private final JumpCloudClient client;

    JumpCloudPush(DirectoryConfig config, String apiKey, Duration timeout, DirectoryState state, boolean scopedIds) {
        super(config, state, scopedIds);
        this.client = new JumpCloudClient("JumpCloud (" + config.label() + ")", config.url(), apiKey, timeout);
    }

    @Override
    protected ObjectNode read(String remoteId) {
        return client.user(remoteId);
    }

    /** Under the first username JumpCloud does not have, in any case. */
    @Override
    protected String create(String connector, ObjectNode row) {
        String id = row.path("external_id").asText();
        String base = row.path("username").asText();
        for (int n = 0; n <= MAX_SUFFIX; n++) {
            String candidate = n == 0 ? base : base + n;
            if (client.findUser("username", candidate) != null) {
                continue;
            }
            ObjectNode body = desired(connector, row);
            body.put("username", candidate);
            // A pre-hire waits STAGED (no access) whatever initial-state says; their first day activates them.
            body.put("state", pending(row) ? "STAGED" : config.initialState());
            ObjectNode created;
            try {
                created = client.createUser(body);
            } catch (DirectoryException e) {
                if (e.kind() == DirectoryException.Kind.PERMANENT && e.status() == 400 && e.getMessage().toLowerCase(Locale.ROOT).contains("exist")) {
                    // Taken since we looked, or taken in another case: the person may have been added meanwhile.
                    ObjectNode found = lookupExisting(connector, row);
                    if (found != null) {
                        return adopt(connector, row, found);
                    }
                    continue;
                }
                throw e;
            }
            linked(connector, id, new Link(created.path("_id").asText(), candidate, false, pending(row)));
            return "created " + candidate + " (" + created.path("state").asText(config.initialState()) + ")";
        }
        throw new DirectoryException(DirectoryException.Kind.PERMANENT, null, "JumpCloud (" + config.label() + "): every username from "
                + base + " to " + base + MAX_SUFFIX + " is taken", null);
    }

    /** The JumpCloud user that is this person: same employeeIdentifier, else same work email. */
    @Override
    protected ObjectNode lookupExisting(String connector, ObjectNode row) {
        ObjectNode found = client.findUser("employeeIdentifier", employeeId(connector, row.path("external_id").asText()));
        String email = row.path("email").asText(null);
        if (found == null && email != null) {
            found = client.findUser("email", email);
            if (found == null && !email.equals(email.toLowerCase(Locale.ROOT))) {
                found = client.findUser("email", email.toLowerCase(Locale.ROOT));
            }
        }
        return found;
    }

    @Override
    protected String update(String connector, ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        ObjectNode diff = diff(connector, row, link, remote, active, gone);
        if (diff.isEmpty()) {
            return "no change";
        }
        client.updateUser(link.remoteId(), diff);
        boolean suspendedBySync = diff.has("state") ? diff.path("state").asText().equals("SUSPENDED") : link.suspendedBySync();
        state.save(connector, USER, row.path("external_id").asText(), new Link(link.remoteId(), link.username(), link.adopted(), suspendedBySync));
        return "updated " + link.username() + " (" + String.join(", ", changes(diff)) + ")";
    }

    @Override
    protected List<String> changes(String connector, ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        return changes(diff(connector, row, link, remote, active, gone));
    }

    private static List<String> changes(ObjectNode diff) {
        List<String> fields = new ArrayList<>();
        diff.fieldNames().forEachRemaining(f -> fields.add(f.equals("state") ? "state " + diff.path("state").asText() : f));
        return fields;
    }

    /** What differs from JumpCloud's record: fields, and the state a leaver (suspend) or a returner (activate) needs. */
    private ObjectNode diff(String connector, ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        ObjectNode diff = JSON.createObjectNode();
        desired(connector, row).fields().forEachRemaining(f -> {
            if (!text(f.getValue()).equals(text(remote.get(f.getKey())))) {
                diff.set(f.getKey(), f.getValue());
            }
        });
        String remoteState = remote.path("state").asText();
        if (!active && (gone || config.onDisable().equals("suspend")) && remoteState.equals("ACTIVATED")) {
            diff.put("state", "SUSPENDED");
        } else if (active && link.suspendedBySync() && (remoteState.equals("SUSPENDED")
                || remoteState.equals("STAGED") && config.initialState().equals("ACTIVATED"))) {
            // Re-enabled, or a pre-hire held STAGED by us whose first day has come (with initial-state=STAGED an admin activates).
            diff.put("state", "ACTIVATED");
        }
        return diff;
    }

    @Override
    protected String nameOf(ObjectNode remote) {
        return remote.path("username").asText();
    }

    @Override
    protected String remoteIdOf(ObjectNode remote) {
        return remote.path("_id").asText();
    }

    /** The username a create would take: ours, or the first with a number that JumpCloud does not have. */
    @Override
    protected String proposedName(String connector, ObjectNode row) {
        String base = row.path("username").asText();
        for (int n = 0; n <= MAX_SUFFIX; n++) {
            String candidate = n == 0 ? base : base + n;
            if (client.findUser("username", candidate) == null) {
                return candidate;
            }
        }
        return base + "?";
    }

    @Override
    protected List<String> remoteUserIds() {
        return client.userIds();
    }

    /** What JumpCloud's record of this person should say; the username is not here: it never changes. */
    private ObjectNode desired(String connector, ObjectNode row) {
        String id = row.path("external_id").asText();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("email", row.path("email").asText(null));
        fields.put("firstname", row.path("given_name").asText(null));
        fields.put("lastname", row.path("family_name").asText(null));
        fields.put("displayname", row.path("display_name").asText(null));
        fields.put("employeeIdentifier", employeeId(connector, id));
        fields.put("jobTitle", row.path("title").asText(null));
        fields.put("department", state.department(connector, id));
        fields.put("manager", managerOf(connector, row));
        ObjectNode out = JSON.createObjectNode();
        fields.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            } else if (k.equals("manager")) {
                out.putNull(k);
            } else {
                out.put(k, "");
            }
        });
        return out;
    }

    @Override
    protected void delete(String remoteId) {
        client.deleteUser(remoteId);
    }

    @Override
    protected void manager(String reportRemoteId, String managerRemoteId) {
        ObjectNode remote = client.user(reportRemoteId);
        if (remote != null && !managerRemoteId.equals(remote.path("manager").asText(null))) {
            client.updateUser(reportRemoteId, JSON.createObjectNode().put("manager", managerRemoteId));
        }
    }

    @Override
    protected String findGroup(String name) {
        ObjectNode group = client.findGroup(name);
        return group == null ? null : group.path("id").asText();
    }

    @Override
    protected String createGroup(String name) {
        return client.createGroup(name).path("id").asText();
    }

    @Override
    protected void renameGroup(String remoteId, String name) {
        client.renameGroup(remoteId, name);
    }

    @Override
    protected void deleteGroup(String remoteId) {
        client.deleteGroup(remoteId);
    }

    @Override
    protected void member(String groupRemoteId, String userRemoteId, boolean add) {
        client.member(groupRemoteId, userRemoteId, add);
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "" : value.asText();
    }
}
