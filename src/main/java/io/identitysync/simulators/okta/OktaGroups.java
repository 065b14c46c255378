package io.identitysync.simulators.okta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Okta's groups as its Groups API reference models them: the Group object (id, created, lastUpdated,
 * lastMembershipUpdated, objectClass ["okta:user_group"], type OKTA_GROUP, profile {name, description}, _links), a
 * required name unique in any case, PUT replacing the profile, and members added with PUT and removed with DELETE
 * (both 204).
 */
public final class OktaGroups {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Clock clock;
    private final OktaUsers users;
    private final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    private final Map<String, Set<String>> members = new LinkedHashMap<>();

    OktaGroups(String baseUrl, Clock clock, OktaUsers users) {
        this.baseUrl = baseUrl;
        this.clock = clock;
        this.users = users;
    }

    public synchronized List<ObjectNode> groups() {
        return groups.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** The ids of a group's members, in the order they were added. */
    public synchronized List<String> members(String groupId) {
        return new ArrayList<>(members.getOrDefault(groupId, Set.of()));
    }

    synchronized ObjectNode get(String id) {
        return require(id).deepCopy();
    }

    synchronized ObjectNode create(JsonNode body) {
        ObjectNode profile = profile(body, null);
        String id = users.newId("00g");
        String now = now();
        ObjectNode g = JSON.createObjectNode().put("id", id).put("created", now).put("lastUpdated", now).put("lastMembershipUpdated", now);
        g.putArray("objectClass").add("okta:user_group");
        g.put("type", "OKTA_GROUP");
        g.set("profile", profile);
        ObjectNode links = g.putObject("_links");
        for (String size : List.of("medium", "large")) {
            links.withArray("logo").addObject().put("name", size).put("href", baseUrl + "/img/logos/groups/okta-" + size + ".png").put("type", "image/png");
        }
        links.putObject("users").put("href", baseUrl + "/api/v1/groups/" + id + "/users");
        links.putObject("apps").put("href", baseUrl + "/api/v1/groups/" + id + "/apps");
        groups.put(id, g);
        members.put(id, new LinkedHashSet<>());
        return g.deepCopy();
    }

    /** PUT: the profile given replaces the group's. */
    synchronized ObjectNode replace(String id, JsonNode body) {
        ObjectNode g = require(id);
        g.set("profile", profile(body, id));
        g.put("lastUpdated", now());
        return g.deepCopy();
    }

    synchronized void delete(String id) {
        require(id);
        groups.remove(id);
        members.remove(id);
    }

    synchronized void member(String groupId, String userId, boolean add) {
        ObjectNode g = require(groupId);
        if (!users.exists(userId)) {
            throw OktaError.notFound(userId + " (User)");
        }
        boolean changed = add ? members.get(groupId).add(userId) : members.get(groupId).remove(userId);
        if (changed) {
            g.put("lastMembershipUpdated", now());
        }
    }

    /** {@code search}: {@code type} and {@code profile.*} terms, values in any case; {@code q}: name starts with. */
    synchronized List<ObjectNode> list(Map<String, String> search, String q) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode g : groups.values()) {
            boolean ok = q == null || g.path("profile").path("name").asText().toLowerCase(Locale.ROOT).startsWith(q.toLowerCase(Locale.ROOT));
            for (Map.Entry<String, String> t : search.entrySet()) {
                JsonNode v = t.getKey().startsWith("profile.") ? g.path("profile").path(t.getKey().substring(8)) : g.path(t.getKey());
                ok &= v.isValueNode() && v.asText().equalsIgnoreCase(t.getValue());
            }
            if (ok) {
                out.add(g.deepCopy());
            }
        }
        return out;
    }

    private ObjectNode profile(JsonNode body, String self) {
        JsonNode name = body.path("profile").path("name");
        if (!name.isTextual() || name.asText().isBlank()) {
            throw OktaError.validation("name", "The field cannot be left blank");
        }
        for (ObjectNode other : groups.values()) {
            if (!other.path("id").asText().equals(self) && other.path("profile").path("name").asText().equalsIgnoreCase(name.asText())) {
                throw OktaError.validation("name", "An object with this field already exists in the current organization");
            }
        }
        ObjectNode profile = JSON.createObjectNode().put("name", name.asText());
        JsonNode description = body.path("profile").path("description");
        if (description.isTextual()) {
            profile.put("description", description.asText());
        } else {
            profile.putNull("description");
        }
        return profile;
    }

    private ObjectNode require(String id) {
        ObjectNode g = groups.get(id);
        if (g == null) {
            throw OktaError.notFound(id + " (UserGroup)");
        }
        return g;
    }

    private String now() {
        return OktaUsers.TIMESTAMP.format(clock.instant());
    }
}
