package io.identitysync.destinations.jumpcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * What the JumpCloud simulator holds, with JumpCloud's rules: system users (username, email and
 * employeeIdentifier each unique; states STAGED, ACTIVATED, SUSPENDED; a manager is another user's id) and user
 * groups with their members. A rule broken is a {@link Refused} with the status and message JumpCloud would send.
 * Tests read and change it directly to play an administrator working by hand.
 */
public final class JumpCloudDirectory {

    /** JumpCloud's naming convention: starts with a letter, letters, digits, '.', '_' or '-', at most 30. */
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,29}");
    private static final Set<String> STATES = Set.of("STAGED", "ACTIVATED", "SUSPENDED");
    private static final List<String> UNIQUE = List.of("username", "email", "employeeIdentifier");

    /** A request JumpCloud refuses: its status and the message of its error body. */
    public static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, ObjectNode> users = new LinkedHashMap<>();
    private final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    private final Map<String, Set<String>> members = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(0x5f0c1b2c3d4eL);
    private volatile String defaultState = "STAGED";

    /** The organisation's default state for users created without one (JumpCloud: an admin-portal setting). */
    public void defaultState(String state) {
        this.defaultState = state;
    }

    /** 24 hex digits, like JumpCloud's ObjectIds. */
    private String newId() {
        return String.format("%024x", ids.incrementAndGet());
    }

    public synchronized List<ObjectNode> users() {
        return users.values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized ObjectNode user(String id) {
        ObjectNode u = users.get(id);
        if (u == null) {
            throw new Refused(404, "Not Found");
        }
        return u.deepCopy();
    }

    /** POST /systemusers: email and username required, each unique field unique, state as sent or the default. */
    public synchronized ObjectNode createUser(JsonNode body) {
        ObjectNode user = json.createObjectNode();
        if (body == null || !body.isObject()) {
            throw new Refused(400, "invalid request body");
        }
        user.setAll((ObjectNode) body);
        for (String required : List.of("email", "username")) {
            if (!user.path(required).isTextual() || user.path(required).asText().isBlank()) {
                throw new Refused(400, required + " is required");
            }
        }
        String state = user.path("state").asText(defaultState);
        if (!STATES.contains(state)) {
            throw new Refused(400, "state must be one of STAGED, ACTIVATED, SUSPENDED");
        }
        check(user, null);
        String id = newId();
        user.put("_id", id);
        user.put("id", id);
        user.put("created", Instant.now().toString());
        setState(user, state);
        users.put(id, user);
        return user.deepCopy();
    }

    /** PUT /systemusers/{id}: the fields sent replace those stored (a merge); state ACTIVATED or SUSPENDED only. */
    public synchronized ObjectNode updateUser(String id, JsonNode body) {
        ObjectNode stored = users.get(id);
        if (stored == null) {
            throw new Refused(404, "Not Found");
        }
        if (body == null || !body.isObject()) {
            throw new Refused(400, "invalid request body");
        }
        ObjectNode next = stored.deepCopy();
        next.setAll((ObjectNode) body.deepCopy());
        next.put("_id", id);
        next.put("id", id);
        String state = body.has("state") ? body.path("state").asText() : null;
        if (state != null && !state.equals("ACTIVATED") && !state.equals("SUSPENDED")) {
            throw new Refused(400, "state can only be set to ACTIVATED or SUSPENDED");
        }
        if (body.has("suspended")) {
            boolean suspended = body.path("suspended").asBoolean();
            if (state != null && suspended != state.equals("SUSPENDED")) {
                throw new Refused(400, "Cannot save conflicting state and suspended fields");
            }
            state = suspended ? "SUSPENDED" : state != null ? state : "ACTIVATED";
        }
        check(next, id);
        setState(next, state != null ? state : stored.path("state").asText());
        users.put(id, next);
        return next.deepCopy();
    }

    /** POST /systemusers/{id}/state/activate: a STAGED user becomes ACTIVATED. */
    public synchronized ObjectNode activate(String id) {
        ObjectNode u = users.get(id);
        if (u == null) {
            throw new Refused(404, "Not Found");
        }
        if (!u.path("state").asText().equals("STAGED")) {
            throw new Refused(400, "user is not in the STAGED state");
        }
        setState(u, "ACTIVATED");
        return u.deepCopy();
    }

    /** DELETE /systemusers/{id}: refused (409) while the user manages someone, unless their reports are cleared. */
    public synchronized ObjectNode deleteUser(String id, boolean clearManagerOfReports) {
        ObjectNode u = users.get(id);
        if (u == null) {
            throw new Refused(404, "Not Found");
        }
        List<ObjectNode> reports = users.values().stream().filter(r -> id.equals(r.path("manager").asText(null))).toList();
        if (!reports.isEmpty() && !clearManagerOfReports) {
            throw new Refused(409, "user is the manager of other users");
        }
        reports.forEach(r -> r.putNull("manager"));
        users.remove(id);
        members.values().forEach(m -> m.remove(id));
        return u;
    }

    private static void setState(ObjectNode user, String state) {
        user.put("state", state);
        user.put("suspended", state.equals("SUSPENDED"));
        user.put("activated", !state.equals("STAGED"));
    }

    /** The fields JumpCloud checks on every write; {@code self} is the user being updated (null on create). */
    private void check(ObjectNode user, String self) {
        String username = user.path("username").asText();
        if (!USERNAME.matcher(username).matches()) {
            throw new Refused(400, "username '" + username + "' is invalid: it must start with a letter and use letters, numbers, '.', '_' or '-' (at most 30)");
        }
        if (!user.path("email").asText().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new Refused(400, "email '" + user.path("email").asText() + "' is invalid");
        }
        for (String field : UNIQUE) {
            String value = user.path(field).asText(null);
            if (value == null || value.isEmpty()) {
                continue;
            }
            for (ObjectNode other : users.values()) {
                if (!other.path("_id").asText().equals(self) && value.toLowerCase(Locale.ROOT).equals(other.path(field).asText("").toLowerCase(Locale.ROOT))) {
                    throw new Refused(400, "User already exists: " + field + " must be unique");
                }
            }
        }
        String manager = user.path("manager").asText(null);
        if (manager != null && !manager.isEmpty() && (!users.containsKey(manager) || manager.equals(self))) {
            throw new Refused(400, "manager '" + manager + "' is not another system user");
        }
    }

    public synchronized List<ObjectNode> groups() {
        return groups.values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized ObjectNode group(String id) {
        ObjectNode g = groups.get(id);
        if (g == null) {
            throw new Refused(404, "Not Found");
        }
        return g.deepCopy();
    }

    /** POST /v2/usergroups: a name is required and unique. */
    public synchronized ObjectNode createGroup(JsonNode body) {
        String name = body == null ? null : body.path("name").asText(null);
        if (name == null || name.isBlank()) {
            throw new Refused(400, "name is required");
        }
        if (groups.values().stream().anyMatch(g -> g.path("name").asText().equalsIgnoreCase(name))) {
            throw new Refused(409, "Already Exists");
        }
        ObjectNode group = json.createObjectNode();
        String id = newId();
        group.put("id", id);
        group.put("name", name);
        group.put("type", "user_group");
        group.put("description", body.path("description").asText(""));
        groups.put(id, group);
        members.put(id, new LinkedHashSet<>());
        return group.deepCopy();
    }

    public synchronized ObjectNode updateGroup(String id, JsonNode body) {
        ObjectNode group = groups.get(id);
        if (group == null) {
            throw new Refused(404, "Not Found");
        }
        String name = body == null ? null : body.path("name").asText(null);
        if (name == null || name.isBlank()) {
            throw new Refused(400, "name is required");
        }
        if (groups.values().stream().anyMatch(g -> !g.path("id").asText().equals(id) && g.path("name").asText().equalsIgnoreCase(name))) {
            throw new Refused(409, "Already Exists");
        }
        group.put("name", name);
        group.put("description", body.path("description").asText(""));
        return group.deepCopy();
    }

    public synchronized void deleteGroup(String id) {
        if (groups.remove(id) == null) {
            throw new Refused(404, "Not Found");
        }
        members.remove(id);
    }

    public synchronized List<String> members(String groupId) {
        group(groupId);
        return new ArrayList<>(members.get(groupId));
    }

    /** POST /v2/usergroups/{id}/members: add (409 when already a member) or remove (404 when not one). */
    public synchronized void member(String groupId, JsonNode body) {
        group(groupId);
        if (body == null || !body.isObject()) {
            throw new Refused(400, "invalid request body");
        }
        String op = body.path("op").asText();
        String userId = body.path("id").asText();
        if (!body.path("type").asText().equals("user") || !(op.equals("add") || op.equals("remove"))) {
            throw new Refused(400, "op must be add or remove, type must be user");
        }
        if (!users.containsKey(userId)) {
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
}
