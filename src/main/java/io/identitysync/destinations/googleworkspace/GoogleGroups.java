package io.identitysync.destinations.googleworkspace;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.destinations.directories.DirectoryException;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Departments as Google groups ({@code groups=true}). A department is the group {@code <slug>@<domain>}; a group with
 * that email, or else with exactly the department's name, is adopted, never duplicated. A rename changes the group's
 * name only, so its address (and the mail sent to it) stays. Members are kept in step through the members API:
 * members.insert {email, role: MEMBER} (409 "Member already exists." is what was wanted) and members.delete by the
 * user's id (404 likewise).
 */
final class GoogleGroups {

    private final GoogleWorkspaceClient client;
    private final String domain;
    private final String name;

    GoogleGroups(GoogleWorkspaceClient client, String domain, String name) {
        this.client = client;
        this.domain = domain;
        this.name = name;
    }

    /** A department's group address: the name's lowercase ASCII (accents dropped), other runs '-', none at the ends. */
    static String groupEmail(String department, String domain) {
        String ascii = Normalizer.normalize(department, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        String slug = ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return (slug.isEmpty() ? "department" : slug) + "@" + domain;
    }

    /** The id of the group whose email is the department's address, else of the one named exactly so; null when none. */
    String find(String department) {
        ObjectNode byEmail = client.group(groupEmail(department, domain));
        if (byEmail != null) {
            return byEmail.path("id").asText();
        }
        for (ObjectNode g : client.groups(domain)) {
            if (department.equals(g.path("name").asText())) {
                return g.path("id").asText();
            }
        }
        return null;
    }

    String create(String department) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("email", groupEmail(department, domain)).put("name", department)
                .put("description", "The " + department + " department, its members kept by identity-sync");
        return client.insertGroup(body).path("id").asText();
    }

    void rename(String id, String department) {
        client.patchGroup(id, JsonNodeFactory.instance.objectNode().put("name", department));
    }

    /** members.insert takes the member's email: the user's primaryEmail as Google has it now. */
    void member(String groupId, String userId, boolean add) {
        if (!add) {
            client.removeMember(groupId, userId);
            return;
        }
        ObjectNode user = client.user(userId);
        if (user == null) {
            throw new DirectoryException(DirectoryException.Kind.TRANSIENT, 404, name + ": user " + userId
                    + " is not in Google to join group " + groupId, null);
        }
        client.addMember(groupId, user.path("primaryEmail").asText());
    }
}
