package io.identitysync.destinations.googleworkspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.core.Usernames;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryException;
import io.identitysync.destinations.directories.PushRules;
import io.identitysync.store.identities.DirectoryState.Link;
import io.identitysync.store.identities.DirectoryState;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Our users in Google Workspace. A person already there is adopted: the account whose {@code externalIds} hold our
 * id with type organization (a search match is read again by id, Google's search being eventually consistent), else
 * the account whose primaryEmail is the work email (an exact users.get; an address that is someone else's alias is
 * never adopted). A new account's primaryEmail is the work email when it is in the domain and free, else
 * {@code <username>@<domain>}, numbered while taken; its random password is never kept, and must be changed at first
 * login. Names, title, department and manager follow with one patch of what differs; a repeated field is sent whole,
 * and with users.update when it must be cleared. A leaver is suspended first and alone; someone we suspended (or
 * created suspended as a pre-hire) is unsuspended last. With {@code groups=true} a department is a Google group,
 * as {@link GoogleGroups} finds, makes and fills it.
 */
final class GoogleWorkspacePush extends PushRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SUFFIX = 50;
    private static final String PASSWORD_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+-=?@^_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GoogleWorkspaceClient client;
    private final String domain;
    private final GoogleGroups groups;

    GoogleWorkspacePush(DirectoryConfig config, GoogleWorkspaceClient client, DirectoryState state, boolean scopedIds) {
        super(config, state, scopedIds);
        this.client = client;
        this.domain = config.option("domain").toLowerCase(Locale.ROOT);
        this.groups = new GoogleGroups(client, domain, "Google Workspace (" + config.label() + ")");
    }

    @Override
    protected ObjectNode read(String remoteId) {
        return client.user(remoteId);
    }

    @Override
    protected ObjectNode lookupExisting(String connector, ObjectNode row) {
        String ours = employeeId(connector, row.path("external_id").asText());
        for (ObjectNode hit : client.search("externalId:'" + ours.replace("'", "\\'") + "'")) {
            // The search matches every type, and may lag: what counts is the account as users.get has it now.
            ObjectNode current = client.user(hit.path("id").asText());
            if (current != null && holdsOurId(current, ours)) {
                return current;
            }
        }
        String email = row.path("email").asText("").trim();
        if (!email.isEmpty()) {
            ObjectNode byEmail = client.user(email);
            if (byEmail != null && byEmail.path("primaryEmail").asText().equalsIgnoreCase(email)) {
                return byEmail;
            }
        }
        return null;
    }

    private static boolean holdsOurId(JsonNode user, String ours) {
        for (JsonNode e : user.path("externalIds")) {
            if ("organization".equals(e.path("type").asText()) && ours.equals(e.path("value").asText())) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected String create(String connector, ObjectNode row) {
        String given = row.path("given_name").asText("").trim();
        String family = row.path("family_name").asText("").trim();
        if (given.isEmpty() || family.isEmpty()) {
            throw new DirectoryException(DirectoryException.Kind.PERMANENT, null, "Google Workspace (" + config.label() + "): "
                    + row.path("username").asText() + " has no " + (given.isEmpty() ? "first" : "last") + " name in " + connector
                    + ", and Google requires name.givenName and name.familyName to create a user", null);
        }
        Set<String> refused = new HashSet<>();
        while (true) {
            String primary = primaryEmail(row, refused);
            if (primary == null) {
                throw new DirectoryException(DirectoryException.Kind.PERMANENT, null, "Google Workspace (" + config.label() + "): every address from "
                        + row.path("username").asText() + "@" + domain + " to " + Usernames.numbered(row.path("username").asText(), MAX_SUFFIX)
                        + "@" + domain + " is taken", null);
            }
            ObjectNode body = desired(connector, row, null);
            body.put("primaryEmail", primary);
            body.put("password", password());
            body.put("changePasswordAtNextLogin", true);
            // directories.<id>.map.orgUnitPath puts each person in their own unit; else every new account goes to org-unit.
            String unit = row.path("attributes").path("orgUnitPath").asText("");
            body.put("orgUnitPath", unit.isEmpty() ? config.option("org-unit") : unit);
            // A pre-hire waits suspended (no sign-in); their first day unsuspends them.
            body.put("suspended", pending(row));
            ObjectNode created;
            try {
                created = client.insert(body);
            } catch (DirectoryException e) {
                if (e.status() != null && e.status() == 409) {
                    // "Entity already exists.": the same for a stranger, an alias, or this person made meanwhile.
                    ObjectNode found = lookupExisting(connector, row);
                    if (found != null) {
                        return adopt(connector, row, found);
                    }
                    refused.add(primary.toLowerCase(Locale.ROOT));
                    continue;
                }
                throw e;
            }
            linked(connector, row.path("external_id").asText(), new Link(created.path("id").asText(), primary, false, pending(row)));
            return "created " + primary + (pending(row) ? " (suspended until their first day)" : "");
        }
    }

    /** The work email when it is in the domain and free, else the first free {@code <username>[n]@<domain>}; null when none. */
    private String primaryEmail(ObjectNode row, Set<String> refused) {
        String email = row.path("email").asText("").trim();
        if (email.toLowerCase(Locale.ROOT).endsWith("@" + domain) && !refused.contains(email.toLowerCase(Locale.ROOT)) && client.user(email) == null) {
            return email;
        }
        String base = row.path("username").asText();
        for (int n = 0; n <= MAX_SUFFIX; n++) {
            String candidate = Usernames.numbered(base, n) + "@" + domain;
            if (!refused.contains(candidate) && client.user(candidate) == null) {
                return candidate;
            }
        }
        return null;
    }

    private static String password() {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            p.append(PASSWORD_CHARS.charAt(RANDOM.nextInt(PASSWORD_CHARS.length())));
        }
        return p.toString();
    }

    /** The fields we own as Google should hold them, from the stored person and the account as it is. */
    private ObjectNode desired(String connector, ObjectNode row, ObjectNode remote) {
        String id = row.path("external_id").asText();
        String managerId = row.path("manager_external_id").asText(null);
        Link manager = managerId == null ? null : state.link(connector, USER, managerId);
        return GoogleUserFields.desired(row, remote, employeeId(connector, id), state.department(connector, row),
                manager == null ? null : manager.username(), managerId != null);
    }

    private ObjectNode fieldDiff(String connector, ObjectNode row, ObjectNode remote) {
        return GoogleUserFields.diff(desired(connector, row, remote), remote);
    }

    /** true: suspend; false: unsuspend; null: neither. A pre-hire is left as they are until their first day. */
    private Boolean nextSuspended(ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        boolean suspended = remote.path("suspended").asBoolean(false);
        boolean leaver = !active && (gone || !pending(row)) && (gone || config.onDisable().equals("suspend"));
        if (leaver && !suspended) {
            return true;
        }
        if (active && link.suspendedBySync() && suspended) {
            return false;
        }
        return null;
    }

    @Override
    protected String update(String connector, ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        ObjectNode fields = fieldDiff(connector, row, remote);
        Boolean next = nextSuspended(row, link, remote, active, gone);
        if (fields.isEmpty() && next == null) {
            return "no change";
        }
        String externalId = row.path("external_id").asText();
        if (Boolean.TRUE.equals(next)) {
            client.patch(link.remoteId(), JSON.createObjectNode().put("suspended", true));
            state.save(connector, USER, externalId, new Link(link.remoteId(), link.username(), link.adopted(), true));
        }
        if (!fields.isEmpty()) {
            if (GoogleUserFields.clears(fields)) {
                client.update(link.remoteId(), fields);
            } else {
                client.patch(link.remoteId(), fields);
            }
        }
        if (Boolean.FALSE.equals(next)) {
            client.patch(link.remoteId(), JSON.createObjectNode().put("suspended", false));
            state.save(connector, USER, externalId, new Link(link.remoteId(), link.username(), link.adopted(), false));
        }
        return "updated " + link.username() + " (" + String.join(", ", changes(fields, next)) + ")";
    }

    @Override
    protected List<String> changes(String connector, ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        return changes(fieldDiff(connector, row, remote), nextSuspended(row, link, remote, active, gone));
    }

    private static List<String> changes(ObjectNode fields, Boolean next) {
        List<String> out = new ArrayList<>();
        if (Boolean.TRUE.equals(next)) {
            out.add("suspended");
        }
        fields.fieldNames().forEachRemaining(out::add);
        if (Boolean.FALSE.equals(next)) {
            out.add("unsuspended");
        }
        return out;
    }

    @Override
    protected String nameOf(ObjectNode remote) {
        return remote.path("primaryEmail").asText();
    }

    @Override
    protected String remoteIdOf(ObjectNode remote) {
        return remote.path("id").asText();
    }

    @Override
    protected String proposedName(String connector, ObjectNode row) {
        String p = primaryEmail(row, Set.of());
        return p == null ? row.path("username").asText() + "?@" + domain : p;
    }

    @Override
    protected List<String> remoteUserIds() {
        return client.userIds();
    }

    @Override
    protected void delete(String remoteId) {
        client.delete(remoteId);
    }

    /** The manager relation holds the manager's primaryEmail; the report's other relations are kept. */
    @Override
    protected void manager(String reportRemoteId, String managerRemoteId) {
        ObjectNode report = client.user(reportRemoteId);
        ObjectNode manager = client.user(managerRemoteId);
        if (report == null || manager == null) {
            return;
        }
        String email = manager.path("primaryEmail").asText();
        ArrayNode relations = JSON.createArrayNode();
        GoogleUserFields.keep(report, "relations", r -> !"manager".equals(r.path("type").asText()), relations);
        relations.addObject().put("value", email).put("type", "manager");
        if (!relations.equals(report.path("relations"))) {
            client.patch(reportRemoteId, (ObjectNode) JSON.createObjectNode().set("relations", relations));
        }
    }

    @Override
    protected String findGroup(String name) {
        return groups.find(name);
    }

    @Override
    protected String createGroup(String name) {
        return groups.create(name);
    }

    @Override
    protected void renameGroup(String remoteId, String name) {
        groups.rename(remoteId, name);
    }

    @Override
    protected void deleteGroup(String remoteId) {
        client.deleteGroup(remoteId);
    }

    @Override
    protected void member(String groupRemoteId, String userRemoteId, boolean add) {
        groups.member(groupRemoteId, userRemoteId, add);
    }
}
