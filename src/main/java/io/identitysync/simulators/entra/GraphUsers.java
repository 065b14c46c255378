package io.identitysync.simulators.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Microsoft Graph's user resource, as the simulator keeps it: every property of the v1.0 user we use, named and typed
 * as resources/user.md has them (id a GUID string, dates as DateTimeOffset strings, employeeId at most 16 characters,
 * businessPhones a list). Reads return the default properties, or those a {@code $select} names, unset ones as
 * {@code null} as Graph reports them. Create requires accountEnabled, displayName, mailNickname, userPrincipalName
 * (in a verified domain, unique) and passwordProfile (a complex password); the password is kept apart, never returned.
 */
public final class GraphUsers {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> DEFAULT = List.of("businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone",
            "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id");
    /** The properties a request may write (and read with $select). */
    static final Set<String> WRITABLE = Set.of("accountEnabled", "displayName", "givenName", "surname", "mailNickname", "userPrincipalName",
            "passwordProfile", "jobTitle", "department", "employeeId", "employeeHireDate", "employeeLeaveDateTime", "usageLocation", "mail",
            "mobilePhone", "officeLocation", "preferredLanguage", "businessPhones");
    static final Set<String> READABLE = Set.of("id", "accountEnabled", "displayName", "givenName", "surname", "mailNickname", "userPrincipalName",
            "jobTitle", "department", "employeeId", "employeeHireDate", "employeeLeaveDateTime", "usageLocation", "mail", "mobilePhone",
            "officeLocation", "preferredLanguage", "businessPhones", "createdDateTime");
    private static final List<String> REQUIRED = List.of("accountEnabled", "displayName", "mailNickname", "userPrincipalName", "passwordProfile");

    private final Map<String, ObjectNode> users = new LinkedHashMap<>();
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final Map<String, String> managers = new LinkedHashMap<>();
    private final Set<String> domains;

    GraphUsers(Set<String> verifiedDomains) {
        this.domains = verifiedDomains;
    }

    /** Every user, as stored (all properties). */
    public synchronized List<ObjectNode> all() {
        return users.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** A user by id or userPrincipalName, as stored; null when none. */
    public synchronized ObjectNode find(String key) {
        ObjectNode u = lookup(key);
        return u == null ? null : u.deepCopy();
    }

    public synchronized String password(String id) {
        return passwords.get(id);
    }

    /** The id of a user's manager, or null. */
    public synchronized String managerOf(String id) {
        return managers.get(id);
    }

    /** An account that was there before us (made by an administrator): no checks. */
    public synchronized ObjectNode seed(ObjectNode user) {
        ObjectNode u = user.deepCopy();
        u.put("id", UUID.randomUUID().toString());
        u.put("createdDateTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (!u.has("accountEnabled")) {
            u.put("accountEnabled", true);
        }
        if (!u.has("businessPhones")) {
            u.putArray("businessPhones");
        }
        users.put(u.path("id").asText(), u);
        return u.deepCopy();
    }

    /** An administrator's change in the Entra admin center: no checks. */
    public synchronized void edit(String key, String property, String value) {
        existing(key).put(property, value);
    }

    synchronized ObjectNode create(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw GraphRefused.badRequest("Empty Payload. JSON content expected.");
        }
        for (String field : REQUIRED) {
            if (!body.has(field) || body.get(field).isNull()) {
                throw GraphRefused.required(field, "User");
            }
        }
        JsonNode profile = body.path("passwordProfile");
        if (!profile.path("password").isTextual()) {
            throw GraphRefused.required("passwordProfile.password", "User");
        }
        if (!complex(profile.path("password").asText())) {
            throw GraphRefused.badRequest("The specified password does not comply with password complexity requirements. Please provide a different password.");
        }
        ObjectNode u = JSON.createObjectNode();
        u.put("id", UUID.randomUUID().toString());
        u.putArray("businessPhones");
        u.put("createdDateTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        String upn = body.path("userPrincipalName").asText();
        checkUpn(upn, null);
        apply(u, (ObjectNode) body);
        passwords.put(u.path("id").asText(), profile.path("password").asText());
        users.put(u.path("id").asText(), u);
        return u.deepCopy();
    }

    synchronized void update(String key, JsonNode body) {
        ObjectNode u = existing(key);
        if (body == null || !body.isObject()) {
            throw GraphRefused.badRequest("Empty Payload. JSON content expected.");
        }
        if (body.has("userPrincipalName")) {
            checkUpn(body.path("userPrincipalName").asText(), u.path("id").asText());
        }
        apply(u, (ObjectNode) body);
        if (body.has("passwordProfile")) {
            passwords.put(u.path("id").asText(), body.path("passwordProfile").path("password").asText());
        }
    }

    synchronized void delete(String key) {
        ObjectNode u = existing(key);
        users.remove(u.path("id").asText());
        managers.remove(u.path("id").asText());
    }

    synchronized void setManager(String key, String managerId) {
        ObjectNode u = existing(key);
        if (!users.containsKey(managerId)) {
            throw GraphRefused.notFound(managerId);
        }
        managers.put(u.path("id").asText(), managerId);
    }

    synchronized ObjectNode manager(String key) {
        ObjectNode u = existing(key);
        String m = managers.get(u.path("id").asText());
        if (m == null || !users.containsKey(m)) {
            throw GraphRefused.notFound("manager");
        }
        return users.get(m).deepCopy();
    }

    /** The users a {@code field eq 'value'} filter matches (strings compared without case, as Graph does); null filter: all. */
    synchronized List<ObjectNode> where(String field, String value) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode u : users.values()) {
            if (field == null || (u.path(field).isTextual() && u.path(field).asText().equalsIgnoreCase(value))) {
                out.add(u.deepCopy());
            }
        }
        return out;
    }

    ObjectNode existing(String key) {
        ObjectNode u = lookup(key);
        if (u == null) {
            throw GraphRefused.notFound(key);
        }
        return u;
    }

    /** A user as a read returns it: the default properties or those selected; unset ones null. */
    static ObjectNode view(ObjectNode u, List<String> select) {
        ObjectNode out = JSON.createObjectNode();
        for (String p : select == null ? DEFAULT : select) {
            out.set(p, u.has(p) ? u.get(p) : JSON.nullNode());
        }
        if (!out.has("id")) {
            out.set("id", u.get("id"));
        }
        return out;
    }

    /** Checks a $select list against the user's properties. */
    static List<String> select(String raw) {
        if (raw == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String p : raw.split(",")) {
            String name = p.trim();
            if (!READABLE.contains(name)) {
                throw GraphRefused.badRequest("Could not find a property named '" + name + "' on type 'microsoft.graph.user'.");
            }
            out.add(name);
        }
        return out;
    }

    private ObjectNode lookup(String key) {
        ObjectNode u = users.get(key);
        if (u != null) {
            return u;
        }
        for (ObjectNode v : users.values()) {
            if (v.path("userPrincipalName").asText().equalsIgnoreCase(key)) {
                return v;
            }
        }
        return null;
    }

    private void checkUpn(String upn, String self) {
        int at = upn.indexOf('@');
        if (at <= 0 || !upn.substring(0, at).matches("[A-Za-z0-9'.\\-_!#^~]+")) {
            throw GraphRefused.badRequest("Invalid value specified for property 'userPrincipalName' of resource 'User'.");
        }
        if (!domains.contains(upn.substring(at + 1).toLowerCase(Locale.ROOT))) {
            throw GraphRefused.badRequest("The domain portion of the userPrincipalName property is invalid. You must use one of the verified "
                    + "domain names in your organization.");
        }
        for (ObjectNode v : users.values()) {
            if (!v.path("id").asText().equals(self) && v.path("userPrincipalName").asText().equalsIgnoreCase(upn)) {
                throw GraphRefused.badRequest("Another object with the same value for property userPrincipalName already exists.");
            }
        }
    }

    private static void apply(ObjectNode u, ObjectNode body) {
        body.fieldNames().forEachRemaining(f -> {
            if (!WRITABLE.contains(f)) {
                throw GraphRefused.badRequest("Property '" + f + "' does not exist on type 'microsoft.graph.user' or is read-only.");
            }
        });
        if (body.path("employeeId").isTextual() && body.path("employeeId").asText().length() > 16) {
            throw GraphRefused.badRequest("Invalid value specified for property 'employeeId' of resource 'User'.");
        }
        for (String date : List.of("employeeHireDate", "employeeLeaveDateTime")) {
            if (body.path(date).isTextual()) {
                try {
                    Instant.parse(body.path(date).asText());
                } catch (DateTimeParseException e) {
                    throw GraphRefused.badRequest("Cannot convert the literal '" + body.path(date).asText() + "' to the expected type 'Edm.DateTimeOffset'.");
                }
            }
        }
        body.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("passwordProfile")) {
                u.set(e.getKey(), e.getValue());
            }
        });
    }

    /** Entra's rule: 8 to 256 characters, three of upper case, lower case, digits and symbols. */
    private static boolean complex(String p) {
        int kinds = (p.matches(".*[A-Z].*") ? 1 : 0) + (p.matches(".*[a-z].*") ? 1 : 0) + (p.matches(".*[0-9].*") ? 1 : 0)
                + (p.matches(".*[^A-Za-z0-9].*") ? 1 : 0);
        return p.length() >= 8 && p.length() <= 256 && kinds >= 3;
    }
}
