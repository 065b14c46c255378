package io.identitysync.simulators.jumpcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * What the JumpCloud simulator holds, with JumpCloud's rules: system users (username, email and
 * employeeIdentifier each unique; states STAGED, ACTIVATED, SUSPENDED, and only {@code /state/activate} takes a
 * STAGED user to ACTIVATED; a manager is another user's id) and user groups with their members. Records are
 * shaped as the spec's SystemUserReturn and UserGroup: ids are strings, a field never set is absent (never null).
 * A rule broken is a {@link Refused} with the status and message JumpCloud would send. Tests read and change it
 * directly to play an administrator working by hand.
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
    /** Guarded by this directory's lock, as the users are. */
    private final JumpCloudGroups groups = new JumpCloudGroups();
    private final AtomicLong ids = new AtomicLong(0x5f0c1b2c3d4eL);
    private volatile String defaultState = "STAGED";
    private volatile String duplicateWording = "User already exists: %s must be unique";
    private final String organization = newId();

    /** The organisation's default state for users created without one (JumpCloud: an admin-portal setting). */
    public void defaultState(String state) {
        this.defaultState = state;
    }

    /**
     * How a duplicate on create or update is worded, {@code %s} the field ("username is already in use" with
     * {@code "%s is already in use"}): JumpCloud documents the 400, not its text.
     */
    public void duplicateWording(String format) {
        this.duplicateWording = format;
    }

    /** The organisation the users belong to (SystemUserReturn.organization). */
    public String organization() {
        return organization;
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
        absentNotNull(user);
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
        user.put("organization", organization);
        user.put("created", Instant.now().toString());
        setState(user, state);
        users.put(id, user);
        return user.deepCopy();
    }

    /**
     * PUT /systemusers/{id}: the fields sent replace those stored (a merge; null clears a field); state ACTIVATED or
     * SUSPENDED only, and a STAGED user is not activated this way (only {@link #activate} does that).
     */
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
        absentNotNull(next);
        next.put("_id", id);
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
        if ("ACTIVATED".equals(state) && stored.path("state").asText().equals("STAGED")) {
            throw new Refused(400, "a STAGED user is activated with POST /systemusers/{id}/state/activate");
        }
        check(next, id);
        setState(next, state != null ? state : stored.path("state").asText());
        users.put(id, next);
        return next.deepCopy();
    }

    /**
     * POST /systemusers/{id}/state/activate: a STAGED user becomes ACTIVATED. The optional body's {@code email} is
     * true, false or an address (whether and where the Welcome or Activation mail goes); the last one is kept in
     * {@link #activationEmails()}.
     */
    public synchronized ObjectNode activate(String id, JsonNode body) {
        ObjectNode u = users.get(id);
        if (u == null) {
            throw new Refused(404, "Not Found");
        }
        JsonNode email = body == null || body.isMissingNode() ? null : body.get("email");
        if (email != null && !email.isBoolean() && !email.isTextual() && !email.isObject()) {
            throw new Refused(400, "email must be true, false or an email address");
        }
        activationEmails.put(id, email == null || email.isObject() ? "default" : email.asText());
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
        reports.forEach(r -> r.remove("manager"));
        users.remove(id);
        groups.forgetUser(id);
        return u;
    }

    private final Map<String, String> activationEmails = new LinkedHashMap<>();

    /** Per activated user id, the {@code email} flag its activation was sent with ("true", "false", an address, "default"). */
    public synchronized Map<String, String> activationEmails() {
        return new LinkedHashMap<>(activationEmails);
    }

    /** JumpCloud leaves out a field that has no value (SystemUserReturn, UserGroup): a null sent clears it. */
    private static void absentNotNull(ObjectNode record) {
        List<String> empty = new ArrayList<>();
        record.fields().forEachRemaining(f -> {
            if (f.getValue().isNull()) {
                empty.add(f.getKey());
            }
        });
        record.remove(empty);
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
                    throw new Refused(400, String.format(duplicateWording, field));
                }
            }
        }
        String manager = user.path("manager").asText(null);
        if (manager != null && !manager.isEmpty() && (!users.containsKey(manager) || manager.equals(self))) {
            throw new Refused(400, "manager '" + manager + "' is not another system user");
        }
    }

    public synchronized List<ObjectNode> groups() {
        return groups.all();
    }

    public synchronized ObjectNode group(String id) {
        return groups.get(id);
    }

    /** POST /v2/usergroups. */
    public synchronized ObjectNode createGroup(JsonNode body) {
        return groups.create(newId(), body);
    }

    /** PUT /v2/usergroups/{id}. */
    public synchronized ObjectNode updateGroup(String id, JsonNode body) {
        return groups.update(id, body);
    }

    public synchronized void deleteGroup(String id) {
        groups.delete(id);
    }

    public synchronized List<String> members(String groupId) {
        return groups.members(groupId);
    }

    /** POST /v2/usergroups/{id}/members. */
    public synchronized void member(String groupId, JsonNode body) {
        groups.member(groupId, body, users::containsKey);
    }
}
