package io.identitysync.destinations.entra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.core.Usernames;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryException;
import io.identitysync.destinations.directories.PushRules;
import io.identitysync.store.identities.DirectoryState;
import io.identitysync.store.identities.DirectoryState.Link;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Our users in Microsoft Entra ID. A person already there is adopted and keeps their userPrincipalName: the account
 * whose employeeId is ours, else the one whose userPrincipalName or mail is the work email. A new account's
 * userPrincipalName is the work email when it is in {@code domain} and free, else {@code <username>@<domain>},
 * numbered while taken; its random password is never kept and must be changed at first sign-in. Only the properties
 * that differ are sent, with PATCH. A leaver is disabled (accountEnabled false, employeeLeaveDateTime) first and alone;
 * someone we disabled, or created disabled as a pre-hire, is enabled last. Managers are references
 * ({@code manager/$ref}); departments, with {@code groups=true}, are security groups.
 */
final class EntraPush extends PushRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SUFFIX = 50;
    private static final String[] PASSWORD_SETS = {"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!#%+-=?@^_"};
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntraClient client;
    private final String domain;
    private final boolean scoped;
    private final String label;

    EntraPush(DirectoryConfig config, EntraClient client, DirectoryState state, boolean scopedIds) {
        super(config, state, scopedIds);
        this.client = client;
        this.scoped = scopedIds;
        this.domain = config.option("domain").toLowerCase(Locale.ROOT);
        this.label = EntraTokens.label(config);
    }

    /** Our employeeId for a person; a refusal naming the connectors key when it cannot fit in Entra's 16 characters. */
    private String ourId(String connector, String externalId) {
        String id = EmployeeIds.of(connector, externalId, scoped);
        if (id == null) {
            throw new DirectoryException(DirectoryException.Kind.PERMANENT, null, label + ": " + connector + "'s id " + externalId
                    + " does not fit Entra's employeeId (" + EmployeeIds.MAX + " characters" + (scoped ? ", with its prefix" : "")
                    + "); check " + config.key("connectors"), null);
        }
        return id;
    }

    @Override
    protected ObjectNode read(String remoteId) {
        return client.user(remoteId);
    }

    @Override
    protected ObjectNode lookupExisting(String connector, ObjectNode row) {
        List<ObjectNode> byId = client.usersWhere("employeeId", ourId(connector, row.path("external_id").asText()));
        if (!byId.isEmpty()) {
            return byId.get(0);
        }
        String email = row.path("email").asText("").trim();
        if (!email.isEmpty()) {
            for (String field : List.of("userPrincipalName", "mail")) {
                List<ObjectNode> hits = client.usersWhere(field, email);
                if (!hits.isEmpty()) {
                    return hits.get(0);
                }
            }
        }
        return null;
    }

    @Override
    protected String create(String connector, ObjectNode row) {
        Set<String> refused = new HashSet<>();
        String externalId = row.path("external_id").asText();
        boolean pending = pending(row);
        while (true) {
            String upn = userPrincipalName(row, refused);
            if (upn == null) {
                throw new DirectoryException(DirectoryException.Kind.PERMANENT, null, label + ": every userPrincipalName from "
                        + row.path("username").asText() + "@" + domain + " to " + Usernames.numbered(row.path("username").asText(), MAX_SUFFIX)
                        + "@" + domain + " is taken", null);
            }
            ObjectNode body = JSON.createObjectNode();
            // A pre-hire waits disabled (no sign-in); their first day enables them.
            body.put("accountEnabled", !pending);
            body.setAll(desired(connector, row, null));
            body.put("mailNickname", mailNickname(upn));
            body.put("userPrincipalName", upn);
            body.putObject("passwordProfile").put("password", password()).put("forceChangePasswordNextSignIn", true);
            ObjectNode created;
            try {
                created = client.create(body);
            } catch (DirectoryException e) {
                if (e.status() != null && e.status() == 400 && e.getMessage().contains("already exists")) {
                    // "Another object with the same value for property userPrincipalName already exists.": a stranger, or this person made meanwhile.
                    ObjectNode found = lookupExisting(connector, row);
                    if (found != null) {
                        return adopt(connector, row, found);
                    }
                    refused.add(upn.toLowerCase(Locale.ROOT));
                    continue;
                }
                throw e;
            }
            String id = created.path("id").asText();
            String manager = managerOf(connector, row);
            if (manager != null) {
                client.setManager(id, manager);
            }
            linked(connector, externalId, new Link(id, upn, false, pending));
            return "created " + upn + (pending ? " (disabled until their first day)" : "");
        }
    }

    /** The work email when it is in the domain and free, else the first free {@code <username>[n]@<domain>}; null when none. */
    private String userPrincipalName(ObjectNode row, Set<String> refused) {
        String email = row.path("email").asText("").trim();
        if (email.toLowerCase(Locale.ROOT).endsWith("@" + domain) && !refused.contains(email.toLowerCase(Locale.ROOT)) && client.user(email) == null) {
            return email;
        }
        String base = Normalizer.normalize(row.path("username").asText(), Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        for (int n = 0; n <= MAX_SUFFIX; n++) {
            String candidate = Usernames.numbered(base, n) + "@" + domain;
            if (!refused.contains(candidate) && client.user(candidate) == null) {
                return candidate;
            }
        }
        return null;
    }

    /** The alias Graph requires: the UPN's local part, without the characters it refuses there. */
    private static String mailNickname(String upn) {
        String local = upn.substring(0, upn.indexOf('@')).replaceAll("[^A-Za-z0-9._-]", "");
        return local.isEmpty() ? "user" : local;
    }

    /** Random, with each kind of character Entra's complexity rules count; never logged nor kept. */
    private static String password() {
        List<Character> chars = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String set = PASSWORD_SETS[i < PASSWORD_SETS.length ? i : RANDOM.nextInt(PASSWORD_SETS.length)];
            chars.add(set.charAt(RANDOM.nextInt(set.length())));
        }
        java.util.Collections.shuffle(chars, RANDOM);
        StringBuilder p = new StringBuilder();
        chars.forEach(p::append);
        return p.toString();
    }

    private ObjectNode desired(String connector, ObjectNode row, ObjectNode remote) {
        String id = row.path("external_id").asText();
        return EntraUserFields.desired(row, ourId(connector, id), state.department(connector, row), config.option("usage-location"), remote);
    }

    /** true: enable; false: disable; null: neither. A pre-hire is left as they are until their first day. */
    private Boolean nextEnabled(ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        boolean enabled = remote.path("accountEnabled").asBoolean(true);
        boolean leaver = !active && (gone || !pending(row)) && (gone || config.onDisable().equals("suspend"));
        if (leaver && enabled) {
            return false;
        }
        if (active && link.suspendedBySync() && !enabled) {
            return true;
        }
        return null;
    }

    /** The manager's id when the source's manager is linked and Entra says otherwise; null when nothing to do. */
    private String managerChange(String connector, ObjectNode row, Link link) {
        String manager = managerOf(connector, row);
        return manager != null && !manager.equals(client.manager(link.remoteId())) ? manager : null;
    }

    @Override
    protected String update(String connector, ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        ObjectNode fields = EntraUserFields.diff(desired(connector, row, remote), remote);
        Boolean next = nextEnabled(row, link, remote, active, gone);
        String manager = managerChange(connector, row, link);
        if (fields.isEmpty() && next == null && manager == null) {
            return "no change";
        }
        String externalId = row.path("external_id").asText();
        if (Boolean.FALSE.equals(next)) {
            ObjectNode off = JSON.createObjectNode().put("accountEnabled", false);
            String leave = EntraUserFields.leaveDate(row);
            if (leave != null) {
                off.put("employeeLeaveDateTime", leave);
            }
            client.update(link.remoteId(), off);
            state.save(connector, USER, externalId, new Link(link.remoteId(), link.username(), link.adopted(), true));
        }
        if (!fields.isEmpty()) {
            client.update(link.remoteId(), fields);
        }
        if (manager != null) {
            client.setManager(link.remoteId(), manager);
        }
        if (Boolean.TRUE.equals(next)) {
            ObjectNode on = JSON.createObjectNode().put("accountEnabled", true);
            if (remote.path("employeeLeaveDateTime").isTextual()) {
                // A comeback: the leave date we set no longer holds.
                on.putNull("employeeLeaveDateTime");
            }
            client.update(link.remoteId(), on);
            state.save(connector, USER, externalId, new Link(link.remoteId(), link.username(), link.adopted(), false));
        }
        return "updated " + link.username() + " (" + String.join(", ", changes(fields, next, manager != null)) + ")";
    }

    @Override
    protected List<String> changes(String connector, ObjectNode row, Link link, ObjectNode remote, boolean active, boolean gone) {
        return changes(EntraUserFields.diff(desired(connector, row, remote), remote), nextEnabled(row, link, remote, active, gone),
                managerChange(connector, row, link) != null);
    }

    private static List<String> changes(ObjectNode fields, Boolean next, boolean manager) {
        List<String> out = new ArrayList<>();
        if (Boolean.FALSE.equals(next)) {
            out.add("disabled");
        }
        fields.fieldNames().forEachRemaining(out::add);
        if (manager) {
            out.add("manager");
        }
        if (Boolean.TRUE.equals(next)) {
            out.add("enabled");
        }
        return out;
    }

    @Override
    protected String nameOf(ObjectNode remote) {
        return remote.path("userPrincipalName").asText();
    }

    @Override
    protected String remoteIdOf(ObjectNode remote) {
        return remote.path("id").asText();
    }

    @Override
    protected String proposedName(String connector, ObjectNode row) {
        String p = userPrincipalName(row, Set.of());
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

    @Override
    protected void manager(String reportRemoteId, String managerRemoteId) {
        if (!managerRemoteId.equals(client.manager(reportRemoteId))) {
            client.setManager(reportRemoteId, managerRemoteId);
        }
    }

    @Override
    protected String findGroup(String name) {
        return client.groupsNamed(name).stream().filter(g -> g.path("securityEnabled").asBoolean(false)).map(g -> g.path("id").asText())
                .findFirst().orElse(null);
    }

    @Override
    protected String createGroup(String name) {
        String slug = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        ObjectNode body = JSON.createObjectNode().put("displayName", name).put("description", "The " + name
                + " department, its members kept by identity-sync").put("mailEnabled", false).put("mailNickname", slug.isEmpty() ? "department" : slug)
                .put("securityEnabled", true);
        return client.createGroup(body).path("id").asText();
    }

    @Override
    protected void renameGroup(String remoteId, String name) {
        client.updateGroup(remoteId, JSON.createObjectNode().put("displayName", name));
    }

    @Override
    protected void deleteGroup(String remoteId) {
        client.deleteGroup(remoteId);
    }

    @Override
    protected void member(String groupRemoteId, String userRemoteId, boolean add) {
        if (add) {
            client.addMember(groupRemoteId, userRemoteId);
        } else {
            client.removeMember(groupRemoteId, userRemoteId);
        }
    }
}
