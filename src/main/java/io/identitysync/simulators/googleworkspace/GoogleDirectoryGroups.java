package io.identitysync.simulators.googleworkspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Directory API's groups and members, as the admin:directory_v1 discovery document models them. A Group carries
 * kind ({@code admin#directory#group}), id, etag, email, name, description, directMembersCount (int64, so a string),
 * adminCreated and, when it has any, aliases and nonEditableAliases. A Member carries kind ({@code admin#directory#member}),
 * etag, id (the user's unique id when the member is one of the domain's users), email, role, type and status. A group
 * key is a group's id, email or alias; a member key is a member's id or email. Refusals are Google's: 404
 * "Resource Not Found: groupKey" / "memberKey", 409 "Entity already exists." for a group whose email is taken, and
 * 409 "Member already exists." for a member twice.
 */
public final class GoogleDirectoryGroups {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GoogleDirectoryUsers users;
    private final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    private final Map<String, Map<String, ObjectNode>> members = new LinkedHashMap<>();
    private final AtomicLong nextId = new AtomicLong(2_176_782_336_000_000_000L);

    GoogleDirectoryGroups(GoogleDirectoryUsers users) {
        this.users = users;
    }

    public synchronized List<ObjectNode> groups() {
        return groups.values().stream().map(this::withCount).toList();
    }

    /** The members' emails, in the order they were added. */
    public synchronized List<String> memberEmails(String groupKey) {
        ObjectNode g = find(groupKey);
        return g == null ? List.of() : members.get(g.path("id").asText()).values().stream().map(m -> m.path("email").asText()).toList();
    }

    /** By id, email or alias; null when none. */
    synchronized ObjectNode find(String groupKey) {
        for (ObjectNode g : groups.values()) {
            if (g.path("id").asText().equals(groupKey) || g.path("email").asText().equalsIgnoreCase(groupKey)) {
                return g;
            }
            for (JsonNode a : g.path("aliases")) {
                if (a.asText().equalsIgnoreCase(groupKey)) {
                    return g;
                }
            }
        }
        return null;
    }

    public synchronized ObjectNode get(String groupKey) {
        return withCount(existing(groupKey));
    }

    /** groups.list's answer for {@code domain} (null: every group of the customer), in creation order. */
    synchronized List<ObjectNode> list(String domain) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode g : groups.values()) {
            if (domain == null || g.path("email").asText().toLowerCase(Locale.ROOT).endsWith("@" + domain.toLowerCase(Locale.ROOT))) {
                out.add(withCount(g));
            }
        }
        return out;
    }

    /** groups.insert: email is required and must be free (no group, alias or user holds it). */
    public synchronized ObjectNode insert(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new GoogleDirectoryUsers.Refused(400, "Invalid Input", "invalid");
        }
        String email = body.path("email").asText("").trim();
        if (email.isEmpty()) {
            throw new GoogleDirectoryUsers.Refused(400, "Missing required field: email", "required");
        }
        if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new GoogleDirectoryUsers.Refused(400, "Invalid Input: email", "invalid");
        }
        if (find(email) != null || users.find(email) != null) {
            throw new GoogleDirectoryUsers.Refused(409, "Entity already exists.", "duplicate");
        }
        String id = "0" + Long.toString(nextId.getAndIncrement(), 36);
        ObjectNode g = JSON.createObjectNode();
        g.put("kind", "admin#directory#group").put("id", id).put("etag", etag(id, 0)).put("email", email.toLowerCase(Locale.ROOT))
                .put("name", body.path("name").asText(email.substring(0, email.indexOf('@'))))
                .put("description", body.path("description").asText("")).put("adminCreated", true);
        groups.put(id, g);
        members.put(id, new LinkedHashMap<>());
        return withCount(g);
    }

    /** groups.patch: name and description change; email too, when free. */
    public synchronized ObjectNode patch(String groupKey, JsonNode body) {
        ObjectNode g = existing(groupKey);
        if (body == null || !body.isObject()) {
            throw new GoogleDirectoryUsers.Refused(400, "Invalid Input", "invalid");
        }
        for (String field : List.of("name", "description")) {
            if (body.has(field)) {
                g.put(field, body.path(field).asText());
            }
        }
        if (body.hasNonNull("email") && !body.path("email").asText().equalsIgnoreCase(g.path("email").asText())) {
            if (find(body.path("email").asText()) != null || users.find(body.path("email").asText()) != null) {
                throw new GoogleDirectoryUsers.Refused(409, "Entity already exists.", "duplicate");
            }
            g.put("email", body.path("email").asText().toLowerCase(Locale.ROOT));
        }
        g.put("etag", etag(g.path("id").asText(), g.path("etag").asText().hashCode()));
        return withCount(g);
    }

    public synchronized void delete(String groupKey) {
        ObjectNode g = existing(groupKey);
        groups.remove(g.path("id").asText());
        members.remove(g.path("id").asText());
    }

    /** members.list: every direct member (no pagination needed at a simulator's size, but the field is Google's). */
    synchronized List<ObjectNode> members(String groupKey) {
        ObjectNode g = existing(groupKey);
        return members.get(g.path("id").asText()).values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** members.insert: email (or id) required; a member twice is 409 "Member already exists.". */
    public synchronized ObjectNode addMember(String groupKey, JsonNode body) {
        ObjectNode g = existing(groupKey);
        String email = body == null ? "" : body.path("email").asText("").trim();
        String given = body == null ? "" : body.path("id").asText("").trim();
        ObjectNode user = !email.isEmpty() ? users.find(email) : !given.isEmpty() ? users.find(given) : null;
        if (email.isEmpty() && user == null) {
            throw new GoogleDirectoryUsers.Refused(400, "Missing required field: memberKey", "required");
        }
        String role = body.path("role").asText("MEMBER");
        if (!List.of("MEMBER", "MANAGER", "OWNER").contains(role)) {
            throw new GoogleDirectoryUsers.Refused(400, "Invalid Input: role", "invalid");
        }
        Map<String, ObjectNode> in = members.get(g.path("id").asText());
        String memberEmail = user != null ? user.path("primaryEmail").asText() : email.toLowerCase(Locale.ROOT);
        String id = user != null ? user.path("id").asText() : "1" + Long.toString(Math.abs(memberEmail.hashCode()), 10);
        if (in.containsKey(id)) {
            throw new GoogleDirectoryUsers.Refused(409, "Member already exists.", "duplicate");
        }
        ObjectNode m = JSON.createObjectNode();
        m.put("kind", "admin#directory#member").put("etag", etag(id, in.size())).put("id", id).put("email", memberEmail)
                .put("role", role).put("type", "USER").put("status", user != null && user.path("suspended").asBoolean(false) ? "SUSPENDED" : "ACTIVE");
        in.put(id, m);
        return m.deepCopy();
    }

    /** A member by id or email; seeded or added, the same. */
    public synchronized void removeMember(String groupKey, String memberKey) {
        ObjectNode g = existing(groupKey);
        Map<String, ObjectNode> in = members.get(g.path("id").asText());
        String id = null;
        for (ObjectNode m : in.values()) {
            if (m.path("id").asText().equals(memberKey) || m.path("email").asText().equalsIgnoreCase(memberKey)) {
                id = m.path("id").asText();
            }
        }
        if (id == null) {
            throw new GoogleDirectoryUsers.Refused(404, "Resource Not Found: memberKey", "notFound");
        }
        in.remove(id);
    }

    private ObjectNode existing(String groupKey) {
        ObjectNode g = find(groupKey);
        if (g == null) {
            throw new GoogleDirectoryUsers.Refused(404, "Resource Not Found: groupKey", "notFound");
        }
        return g;
    }

    private ObjectNode withCount(ObjectNode g) {
        ObjectNode out = g.deepCopy();
        out.put("directMembersCount", Integer.toString(members.get(g.path("id").asText()).size()));
        return out;
    }

    private static String etag(String id, int version) {
        return "\"" + Integer.toHexString((id + ":" + version).hashCode()) + "/group\"";
    }
}
