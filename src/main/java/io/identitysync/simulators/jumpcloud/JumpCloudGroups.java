package io.identitysync.simulators.jumpcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.simulators.jumpcloud.JumpCloudDirectory.Refused;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The simulator's v2 user groups and their direct members, shaped as the spec's UserGroup (id, name, type and the
 * writable fields sent; the others absent). Not thread-safe: {@link JumpCloudDirectory} holds its lock around it.
 */
final class JumpCloudGroups {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** UserGroupPut's properties in the v2 spec. */
    private static final List<String> GROUP_WRITABLE = List.of("attributes", "description", "email", "memberQuery",
            "memberQueryExemptions", "memberSuggestionsNotify", "membershipAutomated", "membershipMethod", "name");

    private final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    private final Map<String, Set<String>> members = new LinkedHashMap<>();

    List<ObjectNode> all() {
        return groups.values().stream().map(ObjectNode::deepCopy).toList();
    }

    ObjectNode get(String id) {
        ObjectNode g = groups.get(id);
        if (g == null) {
            throw new Refused(404, "Not Found");
        }
        return g.deepCopy();
    }

    /** POST /v2/usergroups: a name is required and unique in any case; the writable fields sent are kept. */
    ObjectNode create(String id, JsonNode body) {
        String name = groupName(body, null);
        ObjectNode group = JSON.createObjectNode();
        group.put("id", id);
        group.put("name", name);
        group.put("type", "user_group");
        writable(group, body);
        groups.put(id, group);
        members.put(id, new LinkedHashSet<>());
        return group.deepCopy();
    }

    /** PUT /v2/usergroups/{id}: "a full update": the writable fields not sent are gone afterwards. */
    ObjectNode update(String id, JsonNode body) {
        ObjectNode group = groups.get(id);
        if (group == null) {
            throw new Refused(404, "Not Found");
        }
        String name = groupName(body, id);
        GROUP_WRITABLE.forEach(group::remove);
        group.put("name", name);
        writable(group, body);
        return group.deepCopy();
    }

    private String groupName(JsonNode body, String self) {
        String name = body == null ? null : body.path("name").asText(null);
        if (name == null || name.isBlank()) {
            throw new Refused(400, "name is required");
        }
        if (groups.values().stream().anyMatch(g -> !g.path("id").asText().equals(self) && g.path("name").asText().equalsIgnoreCase(name))) {
            throw new Refused(409, "Already Exists");
        }
        return name;
    }

    /** The UserGroupPost/UserGroupPut fields other than name, as sent (null: absent). */
    private static void writable(ObjectNode group, JsonNode body) {
        for (String field : GROUP_WRITABLE) {
            if (!field.equals("name") && body.has(field) && !body.get(field).isNull()) {
                group.set(field, body.get(field).deepCopy());
            }
        }
    }

    void delete(String id) {
        if (groups.remove(id) == null) {
            throw new Refused(404, "Not Found");
        }
        members.remove(id);
    }

    List<String> members(String groupId) {
        get(groupId);
        return new ArrayList<>(members.get(groupId));
    }

    /** POST /v2/usergroups/{id}/members: add (409 when already a member) or remove (404 when not one). */
    void member(String groupId, JsonNode body, Predicate<String> userExists) {
        get(groupId);
        if (body == null || !body.isObject()) {
            throw new Refused(400, "invalid request body");
        }
        String op = body.path("op").asText();
        String userId = body.path("id").asText();
        if (!body.path("type").asText().equals("user") || !(op.equals("add") || op.equals("remove"))) {
            throw new Refused(400, "op must be add or remove, type must be user");
        }
        if (!userExists.test(userId)) {
            throw new Refused(404, "Not Found");
        }
        Set<String> set = members.get(groupId);
        if (op.equals("add") && !set.add(userId)) {
            throw new Refused(409, "Already Exists");
        }
        if (op.equals("remove") && !set.remove(userId)) {
            throw new Refused(404, "Not Found");
        }
    }

    /** A deleted user is no group's member any more. */
    void forgetUser(String userId) {
        members.values().forEach(m -> m.remove(userId));
    }
}
