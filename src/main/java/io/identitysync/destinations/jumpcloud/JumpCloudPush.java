package io.identitysync.destinations.jumpcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.destinations.directories.Change;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryException;
import io.identitysync.destinations.directories.DirectoryPush;
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
 * username, with a number appended while JumpCloud already has it (alpha.zed → alpha.zed1), kept for good; an
 * inactive person is not created; names, email, title, department and manager follow with one update of what
 * differs from JumpCloud's record, and nothing when nothing does; a leaver is suspended (a STAGED user has no
 * access and stays as it is), and re-enabled only if we suspended them.
 */
final class JumpCloudPush implements DirectoryPush {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SUFFIX = 50;
    private static final String USER = "user";
    private static final String GROUP = "group";

    private final DirectoryConfig config;
    private final JumpCloudClient client;
    private final DirectoryState state;
    private final boolean scopedIds;

    /** @param scopedIds several connectors feed the directory: employeeIdentifier is {@code <connector>:<external id>} */
    JumpCloudPush(DirectoryConfig config, String apiKey, Duration timeout, DirectoryState state, boolean scopedIds) {
        this.config = config;
        this.client = new JumpCloudClient("JumpCloud (" + config.label() + ")", config.url(), apiKey, timeout);
        this.state = state;
        this.scopedIds = scopedIds;
    }

    @Override
    public String apply(Change change) {
        if (change.type().startsWith("user.")) {
            return user(change.connector(), change.userId());
        }
        if (change.type().startsWith("group.")) {
            return config.groups() ? department(change.connector(), change.groupId(), false) : "groups are off";
        }
        return membership(change.connector(), change.groupId(), change.userId(), change.type().equals("membership.added"));
    }

    @Override
    public String user(String connector, String externalId) {
        ObjectNode row = state.user(connector, externalId);
        Link link = state.link(connector, USER, externalId);
        boolean gone = row == null || !row.path("deleted_at").isNull();
        boolean active = !gone && "active".equals(row.path("status").asText());
        ObjectNode remote = link == null ? null : client.user(link.remoteId());
        if (link != null && remote == null) {
            // Deleted in JumpCloud by hand: what the source says decides again.
            state.forget(connector, USER, externalId);
            link = null;
        }
        if (link == null) {
            return active ? create(connector, row) : "not created: " + (gone ? "deleted in the source" : "inactive");
        }
        if (gone && config.onDelete().equals("delete")) {
            client.deleteUser(link.remoteId());
            state.forget(connector, USER, externalId);
            return "deleted " + link.username();
        }
        return update(connector, row, link, remote, active, gone);
    }

    @Override
    public String group(String connector, String externalId) {
        return config.groups() ? department(connector, externalId, true) : "groups are off";
    }

    /** Adopts the person JumpCloud already has, or creates them under the first username JumpCloud does not have. */
    private String create(String connector, ObjectNode row) {
        String id = row.path("external_id").asText();
        ObjectNode found = lookup(connector, row);
        if (found != null) {
            Link link = new Link(found.path("_id").asText(), found.path("username").asText(), true, false);
            state.save(connector, USER, id, link);
            String updated = update(connector, row, link, found, true, false);
            reportsOf(connector, id, link.remoteId());
            return "adopted " + link.username() + (updated.equals("no change") ? "" : "; " + updated);
        }
        String base = row.path("username").asText();
        for (int n = 0; n <= MAX_SUFFIX; n++) {
            String candidate = n == 0 ? base : base + n;
            if (client.findUser("username", candidate) != null) {
                continue;
            }
            ObjectNode body = desired(connector, row);
            body.put("username", candidate);
            body.put("state", config.initialState());
            ObjectNode created;
            try {
                created = client.createUser(body);
            } catch (DirectoryException e) {
                if (e.kind() == DirectoryException.Kind.PERMANENT && e.status() == 400 && e.getMessage().toLowerCase(Locale.ROOT).contains("exist")) {
                    // Taken since we looked, or taken in another case: the person may have been added meanwhile.
                    if (lookup(connector, row) != null) {
                        return create(connector, row);
                    }
                    continue;
                }
                throw e;
            }
            Link link = new Link(created.path("_id").asText(), candidate, false, false);
            state.save(connector, USER, id, link);
            reportsOf(connector, id, link.remoteId());
            return "created " + candidate + " (" + created.path("state").asText(config.initialState()) + ")";
        }
        throw new DirectoryException(DirectoryException.Kind.PERMANENT, null, "JumpCloud (" + config.label() + "): every username from "
                + base + " to " + base + MAX_SUFFIX + " is taken", null);
    }

    /** The JumpCloud user that is this person: same employeeIdentifier, else same work email. */
    private ObjectNode lookup(String connector, ObjectNode row) {
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

    /** One update of what differs from JumpCloud's record (fields, and the state a leaver or returner needs); none when nothing does. */
    private String update(String connector, ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        String id = row.path("external_id").asText();
        ObjectNode diff = JSON.createObjectNode();
        desired(connector, row).fields().forEachRemaining(f -> {
            if (!text(f.getValue()).equals(text(remote.get(f.getKey())))) {
                diff.set(f.getKey(), f.getValue());
            }
        });
        boolean suspendedBySync = link.suspendedBySync();
        String remoteState = remote.path("state").asText();
        if (!active && (gone || config.onDisable().equals("suspend")) && remoteState.equals("ACTIVATED")) {
            diff.put("state", "SUSPENDED");
            suspendedBySync = true;
        } else if (active && link.suspendedBySync() && remoteState.equals("SUSPENDED")) {
            diff.put("state", "ACTIVATED");
            suspendedBySync = false;
        }
        if (diff.isEmpty()) {
            return "no change";
        }
        client.updateUser(link.remoteId(), diff);
        state.save(connector, USER, id, new Link(link.remoteId(), link.username(), link.adopted(), suspendedBySync));
        List<String> fields = new ArrayList<>();
        diff.fieldNames().forEachRemaining(fields::add);
        return "updated " + link.username() + " (" + String.join(", ", fields) + ")";
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
        String manager = row.path("manager_external_id").asText(null);
        Link managerLink = manager == null ? null : state.link(connector, USER, manager);
        fields.put("manager", managerLink == null ? null : managerLink.remoteId());
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

    /** A manager now in JumpCloud becomes the manager of their reports already there. */
    private void reportsOf(String connector, String managerId, String managerRemoteId) {
        for (String report : state.reports(connector, managerId)) {
            Link link = state.link(connector, USER, report);
            ObjectNode remote = link == null ? null : client.user(link.remoteId());
            if (remote != null && !managerRemoteId.equals(remote.path("manager").asText(null))) {
                client.updateUser(link.remoteId(), JSON.createObjectNode().put("manager", managerRemoteId));
            }
        }
    }

    /** A department as a JumpCloud user group: adopted by name or created, renamed with it, deleted with it unless adopted. */
    private String department(String connector, String externalId, boolean withMembers) {
        ObjectNode row = state.group(connector, externalId);
        if (row == null || !"department".equals(row.path("kind").asText())) {
            return "not a department";
        }
        String name = row.path("name").asText(externalId);
        Link link = state.link(connector, GROUP, externalId);
        if (!row.path("deleted_at").isNull()) {
            if (link == null) {
                return "no change";
            }
            if (!link.adopted()) {
                client.deleteGroup(link.remoteId());
            }
            state.forget(connector, GROUP, externalId);
            return (link.adopted() ? "unlinked group " : "deleted group ") + link.username();
        }
        if (link == null) {
            ObjectNode found = client.findGroup(name);
            boolean adopted = found != null;
            ObjectNode group = adopted ? found : client.createGroup(name);
            state.save(connector, GROUP, externalId, new Link(group.path("id").asText(), name, adopted, false));
            int added = 0;
            if (withMembers) {
                for (String member : state.members(connector, externalId)) {
                    Link user = state.link(connector, USER, member);
                    if (user != null) {
                        client.member(group.path("id").asText(), user.remoteId(), true);
                        added++;
                    }
                }
            }
            return (adopted ? "adopted group " : "created group ") + name + (withMembers ? " with " + added + " members" : "");
        }
        if (!name.equals(link.username())) {
            client.renameGroup(link.remoteId(), name);
            state.save(connector, GROUP, externalId, new Link(link.remoteId(), name, link.adopted(), false));
            return "renamed group " + link.username() + " to " + name;
        }
        return "no change";
    }

    /** A department membership: the member of the group (when groups are on), and the person's department field. */
    private String membership(String connector, String groupId, String userId, boolean added) {
        ObjectNode group = state.group(connector, groupId);
        if (group == null || !"department".equals(group.path("kind").asText())) {
            return "not a department";
        }
        if (state.link(connector, USER, userId) == null) {
            return "not in the directory";
        }
        String member = "";
        if (config.groups()) {
            Link groupLink = state.link(connector, GROUP, groupId);
            if (groupLink == null && added) {
                department(connector, groupId, false);
                groupLink = state.link(connector, GROUP, groupId);
            }
            if (groupLink != null) {
                client.member(groupLink.remoteId(), state.link(connector, USER, userId).remoteId(), added);
                member = (added ? "added to " : "removed from ") + groupLink.username() + "; ";
            }
        }
        return member + user(connector, userId);
    }

    private String employeeId(String connector, String externalId) {
        return scopedIds ? connector + ":" + externalId : externalId;
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "" : value.asText();
    }
}
