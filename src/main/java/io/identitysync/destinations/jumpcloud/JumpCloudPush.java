package io.identitysync.destinations.jumpcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.core.Usernames;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryException;
import io.identitysync.destinations.directories.PushRules;
import io.identitysync.store.identities.DirectoryState.Link;
import io.identitysync.store.identities.DirectoryState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Our users and departments in JumpCloud, as JumpCloud's own Factorial integration does it, and stricter: a person
 * already there (same employeeIdentifier, else same email) is adopted, never duplicated; a new one gets our
 * username, with a number appended while JumpCloud already has it in any case (alpha.zed → alpha.zed1), within 30
 * characters, kept for good; names, email, title, department and manager follow with one update of what differs
 * from JumpCloud's record; a leaver is suspended whatever their state (a STAGED user would get access from
 * JumpCloud's onboarding otherwise), and re-enabled only if we suspended them.
 */
final class JumpCloudPush extends PushRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SUFFIX = 50;
    /**
     * How JumpCloud may word a duplicate on create: its spec documents only the status ("User already exists or Bad
     * Request"), not the text, so any of these means "taken"; see docs/vendors/jumpcloud.md.
     */
    private static final List<String> DUPLICATE_WORDS = List.of("exist", "already", "in use", "taken", "unique", "duplicate", "conflict");

    private final JumpCloudClient client;

    JumpCloudPush(DirectoryConfig config, String apiKey, Duration timeout, DirectoryState state, boolean scopedIds) {
        super(config, state, scopedIds);
        this.client = new JumpCloudClient(config, apiKey, timeout);
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
        if (row.path("email").asText("").isBlank()) {
            // JumpCloud requires an email on create; asking would only earn its 400.
            throw new DirectoryException(DirectoryException.Kind.PERMANENT, null, "JumpCloud (" + config.label() + "): " + base
                    + " has no email in " + connector + ", and JumpCloud requires one to create a user", null);
        }
        for (int n = 0; n <= MAX_SUFFIX; n++) {
            String candidate = Usernames.numbered(base, n);
            if (client.usernameTaken(candidate)) {
                continue;
            }
            ObjectNode body = JSON.createObjectNode();
            body.put("username", candidate);
            desired(connector, row).forEach((k, v) -> {
                if (v != null) {
                    body.put(k, v);
                }
            });
            // A pre-hire waits STAGED (no access) whatever initial-state says; their first day activates them.
            body.put("state", pending(row) ? "STAGED" : config.initialState());
            ObjectNode created;
            try {
                created = client.createUser(body);
            } catch (DirectoryException e) {
                if (e.kind() == DirectoryException.Kind.PERMANENT && e.status() != null && (e.status() == 400 || e.status() == 409)) {
                    // Taken since we looked, or in a way the search did not show: the person may have been added meanwhile.
                    ObjectNode found = lookupExisting(connector, row);
                    if (found != null) {
                        return adopt(connector, row, found);
                    }
                    if (usernameDuplicate(e.getMessage()) || client.usernameTaken(candidate)) {
                        continue;
                    }
                }
                throw e;
            }
            linked(connector, id, new Link(created.path("_id").asText(), candidate, false, pending(row)));
            return "created " + candidate + " (" + created.path("state").asText(config.initialState()) + ")";
        }
        throw new DirectoryException(DirectoryException.Kind.PERMANENT, null, "JumpCloud (" + config.label() + "): every username from "
                + base + " to " + Usernames.numbered(base, MAX_SUFFIX) + " is taken", null);
    }

    /** A refusal that says "taken" about the username: one about the email or employeeIdentifier is not cured by a number. */
    private static boolean usernameDuplicate(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return DUPLICATE_WORDS.stream().anyMatch(m::contains) && !m.contains("email") && !m.contains("employeeidentifier");
    }

    /** The JumpCloud user that is this person: same employeeIdentifier, else same work email. */
    @Override
    protected ObjectNode lookupExisting(String connector, ObjectNode row) {
        ObjectNode found = client.findUser("employeeIdentifier", employeeId(connector, row.path("external_id").asText()));
        String email = row.path("email").asText(null);
        if (found == null && email != null && !email.isBlank()) {
            found = client.findUser("email", email);
            if (found == null && !email.equals(email.toLowerCase(Locale.ROOT))) {
                found = client.findUser("email", email.toLowerCase(Locale.ROOT));
            }
        }
        return found;
    }

    /**
     * The suspension goes alone and first, the fields after, an activation last: a field JumpCloud refuses (a bad
     * email, say) can then never keep a leaver's access, nor give a returner access before their record is right.
     */
    @Override
    protected String update(String connector, ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        ObjectNode fields = fieldDiff(connector, row, remote);
        String next = nextState(row, link, remote, active, gone);
        if (fields.isEmpty() && next == null) {
            return "no change";
        }
        String externalId = row.path("external_id").asText();
        if ("SUSPENDED".equals(next)) {
            client.updateUser(link.remoteId(), JSON.createObjectNode().put("state", "SUSPENDED"));
            state.save(connector, USER, externalId, new Link(link.remoteId(), link.username(), link.adopted(), true));
        }
        if (!fields.isEmpty()) {
            client.updateUser(link.remoteId(), fields);
        }
        if ("ACTIVATED".equals(next)) {
            if (remote.path("state").asText().equals("STAGED")) {
                client.activate(link.remoteId());
            } else {
                client.updateUser(link.remoteId(), JSON.createObjectNode().put("state", "ACTIVATED"));
            }
            state.save(connector, USER, externalId, new Link(link.remoteId(), link.username(), link.adopted(), false));
        }
        return "updated " + link.username() + " (" + String.join(", ", changes(fields, next)) + ")";
    }

    @Override
    protected List<String> changes(String connector, ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        return changes(fieldDiff(connector, row, remote), nextState(row, link, remote, active, gone));
    }

    private static List<String> changes(ObjectNode fields, String next) {
        List<String> out = new ArrayList<>();
        if ("SUSPENDED".equals(next)) {
            out.add("state SUSPENDED");
        }
        fields.fieldNames().forEachRemaining(out::add);
        if ("ACTIVATED".equals(next)) {
            out.add("state ACTIVATED");
        }
        return out;
    }

    /**
     * What differs from JumpCloud's record, compared as JumpCloud keeps it (absent, null and "" alike; email in any
     * case), so a run with nothing new writes nothing. A field the source no longer has is cleared with "" (the
     * manager with null, as JumpCloud's own Set-JCUser does), except email: JumpCloud requires it, so a missing
     * source email leaves JumpCloud's as it is.
     */
    private ObjectNode fieldDiff(String connector, ObjectNode row, ObjectNode remote) {
        ObjectNode diff = JSON.createObjectNode();
        desired(connector, row).forEach((k, v) -> {
            String held = text(remote.get(k));
            if (k.equals("email")) {
                if (v != null && !v.isBlank() && !v.equalsIgnoreCase(held)) {
                    diff.put(k, v);
                }
            } else if (!(v == null ? "" : v).equals(held)) {
                if (v != null) {
                    diff.put(k, v);
                } else if (k.equals("manager")) {
                    diff.putNull(k);
                } else {
                    diff.put(k, "");
                }
            }
        });
        return diff;
    }

    /**
     * The state a leaver (SUSPENDED, from STAGED too) or a returner (ACTIVATED, when we suspended them or held them
     * STAGED as a pre-hire) needs; null when none. A pre-hire is left as they are until their first day.
     */
    private String nextState(ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        String remoteState = remote.path("state").asText();
        boolean leaver = !active && (gone || !pending(row)) && (gone || config.onDisable().equals("suspend"));
        if (leaver && !remoteState.equals("SUSPENDED")) {
            return "SUSPENDED";
        }
        if (active && link.suspendedBySync() && (remoteState.equals("SUSPENDED")
                || remoteState.equals("STAGED") && config.initialState().equals("ACTIVATED"))) {
            // Re-enabled, or a pre-hire held STAGED by us whose first day has come (with initial-state=STAGED an admin activates).
            return "ACTIVATED";
        }
        return null;
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
            String candidate = Usernames.numbered(base, n);
            if (!client.usernameTaken(candidate)) {
                return candidate;
            }
        }
        return base + "?";
    }

    @Override
    protected List<String> remoteUserIds() {
        return client.userIds();
    }

    /** What JumpCloud's record of this person should say (null: the source has nothing); the username never changes. */
    private Map<String, String> desired(String connector, ObjectNode row) {
        String id = row.path("external_id").asText();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("email", row.path("email").asText(null));
        fields.put("firstname", row.path("given_name").asText(null));
        fields.put("lastname", row.path("family_name").asText(null));
        fields.put("displayname", row.path("display_name").asText(null));
        fields.put("employeeIdentifier", employeeId(connector, id));
        fields.put("jobTitle", row.path("title").asText(null));
        fields.put("department", state.department(connector, row));
        fields.put("manager", managerOf(connector, row));
        return fields;
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
