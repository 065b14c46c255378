package io.identitysync.destinations.okta;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.core.Usernames;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryException;
import io.identitysync.destinations.directories.PushRules;
import io.identitysync.store.identities.DirectoryState.Link;
import io.identitysync.store.identities.DirectoryState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our users and departments in Okta, following Okta's lifecycle rules. A person already there is adopted: by our
 * employeeNumber in any status (a DEPROVISIONED one is a rehire, and is activated again), else by their work email as
 * login or email, unless that account is DEPROVISIONED or holds another employeeNumber. A new person is created
 * STAGED under their work email as login, or {@code <username>@<domain>} numbered while another account holds it,
 * and activated only with {@code initial-state=ACTIVATED}. Only changed profile properties are sent. A leaver is
 * suspended when ACTIVE and deactivated otherwise (Okta suspends only ACTIVE users), and given access back only if
 * we took it: unsuspended, or activated again.
 */
final class OktaPush extends PushRules {

    private static final int MAX_SUFFIX = 50;
    static final String DEPROVISIONED = "DEPROVISIONED";

    private final OktaClient client;
    /** DEPROVISIONED accounts found by our employeeNumber, about to be adopted: rehires, to activate again. */
    private final Set<String> rehires = ConcurrentHashMap.newKeySet();

    OktaPush(DirectoryConfig config, OktaClient client, DirectoryState state, boolean scopedIds) {
        super(config, state, scopedIds);
        this.client = client;
    }

    @Override
    protected ObjectNode read(String remoteId) {
        return client.user(remoteId);
    }

    @Override
    protected String create(String connector, ObjectNode row) {
        String id = row.path("external_id").asText();
        String email = row.path("email").asText("");
        if (email.isBlank() || !email.contains("@")) {
            // Okta's base profile requires an email, and its login is one: asking would only earn its 400.
            throw new DirectoryException(DirectoryException.Kind.PERMANENT, null, "Okta (" + config.label() + "): "
                    + row.path("username").asText() + " has no work email in " + connector + ", and Okta requires one to create a user", null);
        }
        String ours = employeeId(connector, id);
        for (String login : logins(row)) {
            ObjectNode holder = client.user(login);
            if (holder != null) {
                if (ours.equals(holder.path("profile").path("employeeNumber").asText(null))) {
                    // Ours, made by a run that stopped before it could link it (Okta's search may not show it yet).
                    noteRehire(holder);
                    return adopt(connector, row, holder);
                }
                continue;
            }
            ObjectNode created;
            try {
                created = client.createUser(OktaProfile.forCreate(desired(connector, row), login));
            } catch (DirectoryException e) {
                if (loginTaken(e)) {
                    // Taken since we looked.
                    continue;
                }
                throw e;
            }
            String remoteId = created.path("id").asText();
            // Created STAGED: held by us until activated (a pre-hire on their first day, or now with initial-state=ACTIVATED).
            linked(connector, id, new Link(remoteId, login, false, true));
            String status = created.path("status").asText("STAGED");
            if (!pending(row) && config.initialState().equals("ACTIVATED")) {
                client.lifecycle(remoteId, "activate", activationQuery());
                state.save(connector, USER, id, new Link(remoteId, login, false, false));
                status = "activated";
            }
            return "created " + login + " (" + status + ")";
        }
        throw new DirectoryException(DirectoryException.Kind.PERMANENT, null, "Okta (" + config.label() + "): every login from "
                + email + " to " + candidate(row, MAX_SUFFIX) + " is taken", null);
    }

    /** Okta's words for a login already held: E0000001 "login: An object with this field already exists …". */
    private static boolean loginTaken(DirectoryException e) {
        String m = e.getMessage().toLowerCase(Locale.ROOT);
        return e.kind() == DirectoryException.Kind.PERMANENT && e.status() != null && e.status() == 400 && m.contains("login")
                && m.contains("already exists");
    }

    /** The logins a create tries, in order: the work email, then {@code <username>@<its domain>}, numbered. */
    private List<String> logins(ObjectNode row) {
        List<String> out = new ArrayList<>();
        out.add(row.path("email").asText());
        for (int n = 0; n <= MAX_SUFFIX; n++) {
            String c = candidate(row, n);
            if (out.stream().noneMatch(c::equalsIgnoreCase)) {
                out.add(c);
            }
        }
        return out;
    }

    private static String candidate(ObjectNode row, int n) {
        String email = row.path("email").asText();
        return Usernames.numbered(row.path("username").asText(), n) + email.substring(email.lastIndexOf('@'));
    }

    private String activationQuery() {
        return "sendEmail=" + config.option("activation-email");
    }

    private void noteRehire(ObjectNode found) {
        if (DEPROVISIONED.equals(found.path("status").asText())) {
            rehires.add(found.path("id").asText());
        }
    }

    /** Same employeeNumber in any status; else the work email as login or email, neither DEPROVISIONED nor someone else's. */
    @Override
    protected ObjectNode lookupExisting(String connector, ObjectNode row) {
        String ours = employeeId(connector, row.path("external_id").asText());
        ObjectNode byNumber = null;
        for (ObjectNode u : client.users("search", "profile.employeeNumber", ours)) {
            if (ours.equals(u.path("profile").path("employeeNumber").asText(null)) && (byNumber == null || DEPROVISIONED.equals(byNumber.path("status").asText()))) {
                byNumber = u;
            }
        }
        if (byNumber != null) {
            noteRehire(byNumber);
            return byNumber;
        }
        String email = row.path("email").asText("");
        if (email.isBlank()) {
            return null;
        }
        if (!email.contains("/")) {
            ObjectNode byLogin = client.user(email);
            if (adoptableByEmail(byLogin, ours)) {
                return byLogin;
            }
        }
        for (ObjectNode u : client.users("filter", "profile.email", email)) {
            if (adoptableByEmail(u, ours)) {
                return u;
            }
        }
        return null;
    }

    private static boolean adoptableByEmail(ObjectNode u, String ours) {
        if (u == null || DEPROVISIONED.equals(u.path("status").asText())) {
            return false;
        }
        String number = u.path("profile").path("employeeNumber").asText("");
        return number.isEmpty() || number.equals(ours);
    }

    @Override
    protected String update(String connector, ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        String move = nextMove(row, link, remote, active, gone);
        ObjectNode fields = fields(connector, row, remote, move);
        if (fields.isEmpty() && move == null) {
            return "no change";
        }
        String externalId = row.path("external_id").asText();
        boolean giving = "activate".equals(move) || "unsuspend".equals(move);
        if (move != null && !giving) {
            // Access goes first and alone: a property Okta refuses can never keep a leaver's access.
            state.save(connector, USER, externalId, new Link(link.remoteId(), link.username(), link.adopted(), true));
            client.lifecycle(link.remoteId(), move, "");
        }
        boolean deprovisioned = DEPROVISIONED.equals(remote.path("status").asText());
        if (giving && deprovisioned) {
            // A DEPROVISIONED account takes changes only once active again.
            state.save(connector, USER, externalId, new Link(link.remoteId(), link.username(), link.adopted(), true));
            client.lifecycle(link.remoteId(), move, activationQuery());
        }
        if (!fields.isEmpty()) {
            client.updateProfile(link.remoteId(), fields);
        }
        if (giving) {
            if (!deprovisioned) {
                // Access comes last, once the profile is right.
                client.lifecycle(link.remoteId(), move, move.equals("activate") ? activationQuery() : "");
            }
            rehires.remove(link.remoteId());
            state.save(connector, USER, externalId, new Link(link.remoteId(), link.username(), link.adopted(), false));
        }
        return "updated " + link.username() + " (" + String.join(", ", changes(fields, move)) + ")";
    }

    @Override
    protected List<String> changes(String connector, ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        String move = nextMove(row, link, remote, active, gone);
        return changes(fields(connector, row, remote, move), move);
    }

    /**
     * The profile properties to send; none to an account that is or is about to be DEPROVISIONED and stays so (its
     * profile catches up when it is activated again).
     */
    private ObjectNode fields(String connector, ObjectNode row, ObjectNode remote, String move) {
        ObjectNode diff = OktaProfile.diff(desired(connector, row), remote.path("profile"));
        if ("deactivate".equals(move) || DEPROVISIONED.equals(remote.path("status").asText()) && !"activate".equals(move)) {
            diff.removeAll();
        }
        return diff;
    }

    private static List<String> changes(ObjectNode fields, String move) {
        List<String> out = new ArrayList<>();
        fields.fieldNames().forEachRemaining(out::add);
        if (move != null) {
            out.add(0, move);
        }
        return out;
    }

    private String nextMove(ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        boolean held = link.suspendedBySync() || rehires.contains(link.remoteId());
        return OktaLifecycle.nextMove(config, remote.path("status").asText(), active, gone, pending(row), held);
    }

    private Map<String, String> desired(String connector, ObjectNode row) {
        return OktaProfile.desired(state, connector, row, this::employeeId);
    }

    @Override
    protected String nameOf(ObjectNode remote) {
        return remote.path("profile").path("login").asText();
    }

    @Override
    protected String remoteIdOf(ObjectNode remote) {
        return remote.path("id").asText();
    }

    /** The login a create would take: the first of its candidates that no account holds; reads only. */
    @Override
    protected String proposedName(String connector, ObjectNode row) {
        if (row.path("email").asText("").isBlank()) {
            return row.path("username").asText() + " (no work email)";
        }
        for (String login : logins(row)) {
            if (client.user(login) == null) {
                return login;
            }
        }
        return row.path("email").asText() + "?";
    }

    @Override
    protected List<String> remoteUserIds() {
        return client.userIds();
    }

    @Override
    protected void delete(String remoteId) {
        ObjectNode remote = client.user(remoteId);
        if (remote != null) {
            client.deleteUser(remoteId, remote.path("status").asText());
        }
    }

    /** Okta's managerId and manager come from the source (employeeNumber and name), so a new manager's link changes nothing. */
    @Override
    protected void manager(String reportRemoteId, String managerRemoteId) {
    }

    @Override
    protected String findGroup(String name) {
        ObjectNode group = client.group(name);
        return group == null ? null : group.path("id").asText();
    }

    /** Okta answers a name already taken with 400 E0000001; the rules adopt a group on a 409, so it is told as one. */
    @Override
    protected String createGroup(String name) {
        try {
            return client.createGroup(name).path("id").asText();
        } catch (DirectoryException e) {
            if (e.status() != null && e.status() == 400 && e.getMessage().toLowerCase(Locale.ROOT).contains("already exists")) {
                throw new DirectoryException(e.kind(), 409, e.getMessage(), e.retryAfter());
            }
            throw e;
        }
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
}
