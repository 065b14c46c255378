package io.identitysync.simulators.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Microsoft Graph's group resource (resources/group.md): create requires displayName, mailEnabled, mailNickname and
 * securityEnabled; members are added by reference ({@code members/$ref}, 400 when already a member) and removed by
 * reference (404 when not one).
 */
public final class GraphGroups {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REQUIRED = List.of("displayName", "mailEnabled", "mailNickname", "securityEnabled");
    private static final Set<String> WRITABLE = Set.of("displayName", "description", "mailEnabled", "mailNickname", "securityEnabled", "groupTypes");

    private final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    private final Map<String, Set<String>> members = new LinkedHashMap<>();

    public synchronized List<ObjectNode> all() {
        return groups.values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized Set<String> members(String id) {
        return Set.copyOf(members.getOrDefault(id, Set.of()));
    }

    /** The group with this displayName, or null. */
    public synchronized ObjectNode named(String displayName) {
        return groups.values().stream().filter(g -> g.path("displayName").asText().equals(displayName)).findFirst().map(ObjectNode::deepCopy).orElse(null);
    }

    public synchronized ObjectNode seed(String displayName) {
        ObjectNode g = JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("displayName", displayName).putNull("description")
                .put("mailEnabled", false).put("mailNickname", displayName.replaceAll("[^A-Za-z0-9]", "")).put("securityEnabled", true);
        g.putArray("groupTypes");
        g.put("createdDateTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        groups.put(g.path("id").asText(), g);
        return g.deepCopy();
    }

    synchronized ObjectNode create(JsonNode body) {
        for (String f : REQUIRED) {
            if (body == null || !body.has(f) || body.get(f).isNull()) {
                throw GraphRefused.required(f, "Group");
            }
        }
        ObjectNode g = JSON.createObjectNode().put("id", UUID.randomUUID().toString()).putNull("description");
        g.putArray("groupTypes");
        g.put("createdDateTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        apply(g, body);
        groups.put(g.path("id").asText(), g);
        return g.deepCopy();
    }

    synchronized void update(String id, JsonNode body) {
        apply(existing(id), body);
    }

    synchronized void delete(String id) {
        existing(id);
        groups.remove(id);
        members.remove(id);
    }

    synchronized List<ObjectNode> where(String field, String value) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode g : groups.values()) {
            if (field == null || g.path(field).asText().equalsIgnoreCase(value)) {
                out.add(g.deepCopy());
            }
        }
        return out;
    }

    synchronized void addMember(String id, String userId) {
        existing(id);
        if (!members.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(userId)) {
            throw GraphRefused.badRequest("One or more added object references already exist for the following modified properties: 'members'.");
        }
    }

    synchronized void removeMember(String id, String userId) {
        existing(id);
        if (!members.getOrDefault(id, Set.of()).contains(userId)) {
            throw GraphRefused.notFound(userId);
        }
        members.get(id).remove(userId);
    }

    synchronized void forgetUser(String userId) {
        members.values().forEach(m -> m.remove(userId));
    }

    private ObjectNode existing(String id) {
        ObjectNode g = groups.get(id);
        if (g == null) {
            throw GraphRefused.notFound(id);
        }
        return g;
    }

    private static void apply(ObjectNode g, JsonNode body) {
        body.fieldNames().forEachRemaining(f -> {
            if (!WRITABLE.contains(f)) {
                throw GraphRefused.badRequest("Property '" + f + "' does not exist on type 'microsoft.graph.group' or is read-only.");
            }
        });
        body.fields().forEachRemaining(e -> g.set(e.getKey(), e.getValue()));
    }
}
