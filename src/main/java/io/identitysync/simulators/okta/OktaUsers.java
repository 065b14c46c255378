package io.identitysync.simulators.okta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Okta's users as its Users API reference models them: the User object (id, status, created, activated,
 * statusChanged, lastLogin, lastUpdated, passwordChanged, type, profile, credentials, _links; timestamps null until
 * they happen), the base profile's required login, email, firstName and lastName, a login unique in any case and in
 * any status, and the lifecycle rules: activate from STAGED or DEPROVISIONED (to PROVISIONED: no password is ever
 * set here), suspend only from ACTIVE, unsuspend only from SUSPENDED, deactivate from any status but DEPROVISIONED,
 * delete only a DEPROVISIONED user. {@code search} reads an index that lags writes by {@link #searchLag}, as Okta's
 * eventually consistent search does.
 */
public final class OktaUsers {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String USER_TYPE = "oty1a2b3c4d5e6f7g8h9";
    private static final List<String> REQUIRED = List.of("login", "email", "firstName", "lastName");
    /** Okta's timestamps: UTC, always with milliseconds ("2013-07-02T21:36:25.344Z"). */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final String baseUrl;
    private final Clock clock;
    private final Map<String, ObjectNode> users = new LinkedHashMap<>();
    private final Map<String, ObjectNode> index = new LinkedHashMap<>();
    private final Deque<Object[]> indexing = new ArrayDeque<>();
    private final List<JsonNode> received = new ArrayList<>();
    private final Random random = new Random(7);
    private int activationEmails;
    private Duration searchLag = Duration.ZERO;

    OktaUsers(String baseUrl, Clock clock) {
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /** How long a write takes to reach {@code search}: Okta says "typically less than one second". */
    public synchronized void searchLag(Duration lag) {
        this.searchLag = lag;
    }

    synchronized String newId(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        while (id.length() < 20) {
            id.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
        }
        return id.toString();
    }

    /** Every user, as Okta answers it. */
    public synchronized List<ObjectNode> users() {
        return users.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** The profile bodies the API received (creates and updates), in order. */
    public synchronized List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** How many activations asked Okta to mail the person ({@code sendEmail=true}). */
    public synchronized int activationEmails() {
        return activationEmails;
    }

    /** A user already there, in a status (a test's seed); returns it. */
    public synchronized ObjectNode seed(ObjectNode profile, String status) {
        ObjectNode u = newUser(profile.deepCopy());
        if (!status.equals("STAGED")) {
            u.put("activated", now()).put("statusChanged", now());
        }
        u.put("status", status);
        return store(u);
    }

    /** The person set their password after activation: PROVISIONED becomes ACTIVE, as Okta's welcome flow does. */
    public synchronized void completeActivation(String id) {
        ObjectNode u = require(id);
        u.put("status", "ACTIVE").put("statusChanged", now()).put("passwordChanged", now());
        store(u);
    }

    synchronized ObjectNode get(String idOrLogin) {
        ObjectNode u = find(idOrLogin);
        if (u == null) {
            throw OktaError.notFound(idOrLogin + " (User)");
        }
        return u.deepCopy();
    }

    /** POST /api/v1/users: STAGED, or with activate=true activated at once. */
    synchronized ObjectNode create(JsonNode body, boolean activate, boolean sendEmail) {
        received.add(body.deepCopy());
        if (!body.path("profile").isObject()) {
            throw OktaError.validation("profile", "The field cannot be left blank");
        }
        ObjectNode profile = ((ObjectNode) body.path("profile")).deepCopy();
        validate(profile, null);
        ObjectNode u = store(newUser(profile));
        return activate ? lifecycle(u.path("id").asText(), "activate", sendEmail) : u.deepCopy();
    }

    /** POST /api/v1/users/{id}: the profile properties given replace Okta's, the others stay (null clears one). */
    public synchronized ObjectNode update(String id, JsonNode body) {
        received.add(body.deepCopy());
        ObjectNode u = require(id);
        ObjectNode profile = ((ObjectNode) u.path("profile")).deepCopy();
        body.path("profile").properties().forEach(e -> profile.set(e.getKey(), e.getValue()));
        validate(profile, u.path("id").asText());
        u.set("profile", profile);
        u.put("lastUpdated", now());
        return store(u).deepCopy();
    }

    /** One lifecycle operation under Okta's state rules; the user as it now is. */
    synchronized ObjectNode lifecycle(String id, String operation, boolean sendEmail) {
        ObjectNode u = require(id);
        String status = u.path("status").asText();
        String next = switch (operation) {
            case "activate" -> {
                if (!status.equals("STAGED") && !status.equals("DEPROVISIONED")) {
                    throw new OktaError(403, "E0000016", "Activation failed because the user is already active");
                }
                if (sendEmail) {
                    activationEmails++;
                }
                u.put("activated", now());
                yield "PROVISIONED";
            }
            case "suspend" -> {
                if (!status.equals("ACTIVE")) {
                    throw new OktaError(400, "E0000001", "Api validation failed: suspend", "Cannot suspend a user that is not active");
                }
                yield "SUSPENDED";
            }
            case "unsuspend" -> {
                if (!status.equals("SUSPENDED")) {
                    throw new OktaError(400, "E0000001", "Api validation failed: unsuspend", "Cannot unsuspend a user that is not suspended");
                }
                yield "ACTIVE";
            }
            case "deactivate" -> {
                if (status.equals("DEPROVISIONED")) {
                    throw new OktaError(400, "E0000001", "Api validation failed: deactivate", "Cannot deactivate a user that is deprovisioned");
                }
                yield "DEPROVISIONED";
            }
            default -> throw OktaError.notFound(operation + " (Lifecycle operation)");
        };
        u.put("status", next).put("statusChanged", now()).put("lastUpdated", now());
        return store(u).deepCopy();
    }

    /** DELETE /api/v1/users/{id}: a user not yet DEPROVISIONED is deactivated; a DEPROVISIONED one is deleted. */
    synchronized void delete(String id) {
        ObjectNode u = require(id);
        if (!u.path("status").asText().equals("DEPROVISIONED")) {
            lifecycle(id, "deactivate", false);
            return;
        }
        users.remove(id);
        indexing.add(new Object[] {System.nanoTime() + searchLag.toNanos(), id, null});
    }

    /** The list without a query: every user but the DEPROVISIONED, in id order of creation. */
    synchronized List<ObjectNode> listed() {
        return users.values().stream().filter(u -> !u.path("status").asText().equals("DEPROVISIONED")).map(ObjectNode::deepCopy).toList();
    }

    /** {@code filter}: exact, case-sensitive values, every status, from the users as they are. */
    synchronized List<ObjectNode> filtered(Map<String, String> terms) {
        return users.values().stream().filter(u -> matches(u, terms, false)).map(ObjectNode::deepCopy).toList();
    }

    /** {@code search}: values in any case, every status, from the index as it was {@link #searchLag} ago. */
    synchronized List<ObjectNode> searched(Map<String, String> terms) {
        long now = System.nanoTime();
        for (Iterator<Object[]> it = indexing.iterator(); it.hasNext(); ) {
            Object[] entry = it.next();
            if ((long) entry[0] - now > 0) {
                break;
            }
            if (entry[2] == null) {
                index.remove((String) entry[1]);
            } else {
                index.put((String) entry[1], (ObjectNode) entry[2]);
            }
            it.remove();
        }
        return index.values().stream().filter(u -> matches(u, terms, true)).map(ObjectNode::deepCopy).toList();
    }

    private static boolean matches(ObjectNode u, Map<String, String> terms, boolean anyCase) {
        for (Map.Entry<String, String> t : terms.entrySet()) {
            JsonNode v = u;
            for (String part : t.getKey().split("\\.")) {
                v = v.path(part);
            }
            String held = v.isValueNode() && !v.isNull() ? v.asText() : null;
            if (held == null || !(anyCase ? held.equalsIgnoreCase(t.getValue()) : held.equals(t.getValue()))) {
                return false;
            }
        }
        return true;
    }

    boolean exists(String id) {
        return users.containsKey(id);
    }

    private ObjectNode require(String id) {
        ObjectNode u = users.get(id);
        if (u == null) {
            throw OktaError.notFound(id + " (User)");
        }
        return u;
    }

    /** By id, or by login in any case (GET /api/v1/users/{login}). */
    private ObjectNode find(String idOrLogin) {
        ObjectNode u = users.get(idOrLogin);
        if (u != null) {
            return u;
        }
        return users.values().stream().filter(x -> x.path("profile").path("login").asText().equalsIgnoreCase(idOrLogin)).findFirst().orElse(null);
    }

    private void validate(ObjectNode profile, String self) {
        for (String field : REQUIRED) {
            JsonNode v = profile.get(field);
            if ((v == null || v.isNull() || v.asText().isBlank())) {
                throw OktaError.validation(field, "The field cannot be left blank");
            }
        }
        if (!profile.path("login").asText().matches("[^@\\s]+@[^@\\s]+")) {
            throw OktaError.validation("login", "Username must be in the form of an email address");
        }
        if (!profile.path("email").asText().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw OktaError.validation("email", "Does not match required pattern");
        }
        String login = profile.path("login").asText().toLowerCase(Locale.ROOT);
        for (ObjectNode other : users.values()) {
            if (!other.path("id").asText().equals(self) && other.path("profile").path("login").asText().toLowerCase(Locale.ROOT).equals(login)) {
                throw OktaError.validation("login", "An object with this field already exists in the current organization");
            }
        }
    }

    private ObjectNode newUser(ObjectNode profile) {
        ObjectNode u = JSON.createObjectNode().put("id", newId("00u")).put("status", "STAGED").put("created", now()).putNull("activated")
                .putNull("statusChanged").putNull("lastLogin").put("lastUpdated", now()).putNull("passwordChanged");
        u.putObject("type").put("id", USER_TYPE);
        u.set("profile", profile);
        u.putObject("credentials").putObject("provider").put("type", "OKTA").put("name", "OKTA");
        return u;
    }

    /** Saves the user with the links its status allows, and queues it for the search index. */
    private ObjectNode store(ObjectNode u) {
        String id = u.path("id").asText();
        ObjectNode links = JSON.createObjectNode();
        links.putObject("self").put("href", baseUrl + "/api/v1/users/" + id);
        List<String> ops = switch (u.path("status").asText()) {
            case "STAGED", "DEPROVISIONED" -> List.of("activate");
            case "PROVISIONED" -> List.of("reactivate", "deactivate");
            case "ACTIVE" -> List.of("suspend", "deactivate");
            case "SUSPENDED" -> List.of("unsuspend", "deactivate");
            default -> List.of("deactivate");
        };
        ops.forEach(op -> links.putObject(op).put("href", baseUrl + "/api/v1/users/" + id + "/lifecycle/" + op).put("method", "POST"));
        u.set("_links", links);
        users.put(id, u);
        indexing.add(new Object[] {System.nanoTime() + searchLag.toNanos(), id, u.deepCopy()});
        return u;
    }

    private String now() {
        return TIMESTAMP.format(clock.instant());
    }
}
