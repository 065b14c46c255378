package io.identitysync.simulators.googleworkspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The users of one Google Workspace customer, as the Directory API's User resource (admin:directory_v1 discovery
 * document, schemas.User): ids are numeric strings, optional fields are absent rather than null or empty, the
 * password is write-only. A user is found by id, primaryEmail or alias, in any case, as users.get's userKey is.
 */
public final class GoogleDirectoryUsers {

    /** A request Google refuses: status, its message and reason. */
    public static final class Refused extends RuntimeException {
        final int status;
        final String reason;

        Refused(int status, String message, String reason) {
            super(message, null, false, false);
            this.status = status;
            this.reason = reason;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REPEATED = List.of("externalIds", "organizations", "relations", "emails", "phones", "addresses");
    private static final String CUSTOMER = "C03az79cb";

    private final Map<String, ObjectNode> users = new LinkedHashMap<>();
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final AtomicLong nextId = new AtomicLong(103_846_296_581_742_001L);

    public synchronized List<ObjectNode> users() {
        return users.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** By id, primary email or alias; null when none. */
    public synchronized ObjectNode find(String userKey) {
        String key = userKey.toLowerCase(Locale.ROOT);
        for (ObjectNode u : users.values()) {
            if (u.path("id").asText().equals(userKey) || u.path("primaryEmail").asText().equalsIgnoreCase(key)) {
                return u;
            }
        }
        for (ObjectNode u : users.values()) {
            for (JsonNode alias : u.path("aliases")) {
                if (alias.asText().equalsIgnoreCase(key)) {
                    return u;
                }
            }
        }
        return null;
    }

    public synchronized ObjectNode get(String userKey) {
        ObjectNode u = find(userKey);
        if (u == null) {
            throw new Refused(404, "Resource Not Found: userKey", "notFound");
        }
        return u.deepCopy();
    }

    /** Whether the user's password is the one given at insert (for a test; never exposed by the API). */
    public synchronized String password(String id) {
        return passwords.get(id);
    }

    /** users.insert: primaryEmail, name.givenName, name.familyName and password are required. */
    public synchronized ObjectNode insert(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new Refused(400, "Invalid Input", "invalid");
        }
        String primary = body.path("primaryEmail").asText("");
        if (!primary.matches("[^@\\s]+@[^@\\s]+")) {
            throw new Refused(400, "Invalid Input: primary_user_email", "invalid");
        }
        if (body.path("name").path("givenName").asText("").isBlank()) {
            throw new Refused(400, "Invalid Given/Family Name: GivenName", "invalid");
        }
        if (body.path("name").path("familyName").asText("").isBlank()) {
            throw new Refused(400, "Invalid Given/Family Name: FamilyName", "invalid");
        }
        String password = body.path("password").asText("");
        if (password.length() < 8 || password.length() > 100) {
            throw new Refused(400, "Invalid Password", "invalid");
        }
        if (find(primary) != null) {
            throw new Refused(409, "Entity already exists.", "duplicate");
        }
        String id = Long.toString(nextId.getAndIncrement());
        ObjectNode u = JSON.createObjectNode();
        u.put("kind", "admin#directory#user");
        u.put("id", id);
        u.put("etag", "\"etag-" + id + "-1\"");
        u.put("primaryEmail", primary);
        u.set("name", name(body.path("name")));
        u.put("isAdmin", false);
        u.put("isDelegatedAdmin", false);
        u.put("lastLoginTime", "1970-01-01T00:00:00.000Z");
        u.put("creationTime", Instant.now().toString());
        u.put("agreedToTerms", false);
        u.put("suspended", body.path("suspended").asBoolean(false));
        if (u.path("suspended").asBoolean()) {
            u.put("suspensionReason", "ADMIN");
        }
        u.put("archived", false);
        u.put("changePasswordAtNextLogin", body.path("changePasswordAtNextLogin").asBoolean(false));
        u.put("ipWhitelisted", false);
        u.putArray("emails").addObject().put("address", primary).put("primary", true);
        for (String f : List.of("externalIds", "organizations", "relations")) {
            if (body.path(f).isArray() && !body.path(f).isEmpty()) {
                u.set(f, body.get(f).deepCopy());
            }
        }
        u.put("customerId", CUSTOMER);
        u.put("orgUnitPath", body.path("orgUnitPath").asText("/"));
        u.put("isMailboxSetup", false);
        u.put("isEnrolledIn2Sv", false);
        u.put("isEnforcedIn2Sv", false);
        u.put("includeInGlobalAddressList", true);
        users.put(id, u);
        passwords.put(id, password);
        return u.deepCopy();
    }

    /** An existing account with aliases (for a test): as insert, then the aliases added. */
    public synchronized ObjectNode seed(JsonNode body, String... aliases) {
        ObjectNode u = insert(body);
        if (aliases.length > 0) {
            ArrayNode a = users.get(u.path("id").asText()).putArray("aliases");
            for (String alias : aliases) {
                a.add(alias);
            }
        }
        return get(u.path("id").asText());
    }

    /**
     * users.patch ({@code clears} false) and users.update (true): the fields given change, a repeated field given is
     * replaced whole; an empty list clears only with update (patch leaves the list as it was).
     */
    public synchronized ObjectNode modify(String userKey, JsonNode body, boolean clears) {
        ObjectNode u = find(userKey);
        if (u == null) {
            throw new Refused(404, "Resource Not Found: userKey", "notFound");
        }
        if (body == null || !body.isObject()) {
            throw new Refused(400, "Invalid Input", "invalid");
        }
        body.fields().forEachRemaining(f -> {
            String k = f.getKey();
            JsonNode v = f.getValue();
            switch (k) {
                case "id", "kind", "etag", "customerId", "creationTime", "lastLoginTime", "isAdmin" -> { }
                case "password" -> passwords.put(u.path("id").asText(), v.asText());
                case "name" -> {
                    ObjectNode merged = ((ObjectNode) u.path("name")).deepCopy();
                    v.fields().forEachRemaining(n -> merged.set(n.getKey(), n.getValue()));
                    u.set("name", name(merged));
                }
                case "suspended" -> {
                    u.put("suspended", v.asBoolean());
                    if (v.asBoolean()) {
                        u.put("suspensionReason", "ADMIN");
                    } else {
                        u.remove("suspensionReason");
                    }
                }
                default -> {
                    if (REPEATED.contains(k) && v.isArray() && v.isEmpty()) {
                        if (clears) {
                            u.remove(k);
                        }
                    } else if (!v.isNull()) {
                        u.set(k, v.deepCopy());
                    }
                }
            }
        });
        u.put("etag", "\"etag-" + u.path("id").asText() + "-" + System.nanoTime() + "\"");
        return u.deepCopy();
    }

    public synchronized void delete(String userKey) {
        ObjectNode u = find(userKey);
        if (u == null) {
            throw new Refused(404, "Resource Not Found: userKey", "notFound");
        }
        users.remove(u.path("id").asText());
    }

    /** users.list's query: {@code externalId:value} (any type) and {@code email:value}, quoted or not, ANDed. */
    synchronized List<ObjectNode> search(String query) {
        List<ObjectNode> out = new ArrayList<>();
        List<String[]> terms = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\w+)[:=]('(?:[^'\\\\]|\\\\.)*'|\\S+)").matcher(query == null ? "" : query);
        while (m.find()) {
            String v = m.group(2);
            if (v.startsWith("'")) {
                v = v.substring(1, v.length() - 1).replace("\\'", "'");
            }
            terms.add(new String[] {m.group(1), v});
        }
        for (String[] t : terms) {
            if (!t[0].equals("externalId") && !t[0].equals("email")) {
                throw new Refused(400, "Invalid Input: " + query, "invalid");
            }
        }
        for (ObjectNode u : users.values()) {
            boolean all = true;
            for (String[] t : terms) {
                all &= t[0].equals("email") ? u.path("primaryEmail").asText().equalsIgnoreCase(t[1]) : hasExternalId(u, t[1]);
            }
            if (all) {
                out.add(u.deepCopy());
            }
        }
        return out;
    }

    private static boolean hasExternalId(JsonNode u, String value) {
        for (JsonNode e : u.path("externalIds")) {
            if (e.path("value").asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode name(JsonNode given) {
        ObjectNode n = JSON.createObjectNode();
        n.put("givenName", given.path("givenName").asText());
        n.put("familyName", given.path("familyName").asText());
        n.put("fullName", (given.path("givenName").asText() + " " + given.path("familyName").asText()).trim());
        return n;
    }
}
