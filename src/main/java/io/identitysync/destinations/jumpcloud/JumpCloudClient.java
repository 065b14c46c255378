package io.identitysync.destinations.jumpcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryException;
import io.identitysync.destinations.directories.DirectoryHttp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JumpCloud API calls a push needs: v1 system users, v2 user groups and their members. Every call carries
 * {@code x-api-key} and, for a multi-tenant admin, {@code x-org-id}; a refusal names the key to check.
 */
final class JumpCloudClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 100;
    /** The user group fields a full update (PUT) replaces, from UserGroupPut in JumpCloud's v2 spec. */
    private static final List<String> GROUP_WRITABLE = List.of("attributes", "description", "email", "memberQuery",
            "memberQueryExemptions", "memberSuggestionsNotify", "membershipAutomated", "membershipMethod", "name");

    private final DirectoryHttp http;
    private final String orgHint;

    JumpCloudClient(DirectoryConfig config, String apiKey, Duration timeout) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", apiKey);
        if (!config.orgId().isEmpty()) {
            headers.put("x-org-id", config.orgId());
        }
        // A multi-tenant admin's key without x-org-id is refused with a 401 like a wrong key: both keys are named.
        String credentialKeys = config.tokenKey() + (config.orgId().isEmpty() ? " (and " + config.orgIdKey()
                + " if the key is a multi-tenant admin's)" : " and " + config.orgIdKey());
        this.http = new DirectoryHttp("JumpCloud (" + config.label() + ")", config.url(), headers, timeout, DirectoryHttp.JSON_MEDIA_TYPE,
                credentialKeys);
        this.orgHint = "; check " + config.orgIdKey();
    }

    /**
     * Every call: an organisation JumpCloud does not take says which key to check next to JumpCloud's own words
     * (DirectoryHttp names the credential keys on a 401/403).
     */
    private DirectoryHttp.Answer send(String method, String path, JsonNode body, int... accepted) {
        try {
            return http.send(method, path, body, accepted);
        } catch (DirectoryException e) {
            String message = e.getMessage();
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("malformed id") || lower.contains("organization id") || lower.contains("x-org-id")) {
                throw new DirectoryException(e.kind(), e.status(), message + orgHint, e.retryAfter());
            }
            throw e;
        }
    }

    /**
     * The one user whose {@code field} is exactly {@code value}, or null. Asked through POST /search/systemusers
     * with a filter object, not GET ?filter=field:$eq:value: a value may hold ':' (scoped ids, "factorial:123"),
     * and the v1 query grammar {@code <field>:<operator>:<value>} does not say what that does.
     */
    ObjectNode findUser(String field, String value) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("filter").putArray("and").addObject().put(field, value);
        JsonNode results = send("POST", "/search/systemusers?limit=2", body).body().path("results");
        return results.isArray() && results.size() > 0 ? (ObjectNode) results.get(0) : null;
    }

    /**
     * Whether JumpCloud holds this username in any case. Its filters match exactly, so this asks its text search
     * for the name and compares without case here; a duplicate the search misses is still caught by the create's
     * refusal (see JumpCloudPush).
     */
    boolean usernameTaken(String username) {
        for (int skip = 0; ; skip += PAGE) {
            ObjectNode body = JSON.createObjectNode().put("fields", "_id username");
            ObjectNode search = body.putObject("searchFilter").put("searchTerm", username);
            search.putArray("fields").add("username");
            JsonNode page = send("POST", "/search/systemusers?limit=" + PAGE + "&skip=" + skip, body).body().path("results");
            for (JsonNode u : page) {
                if (u.path("username").asText().equalsIgnoreCase(username)) {
                    return true;
                }
            }
            if (page.size() < PAGE) {
                return false;
            }
        }
    }

    /** Every user's id, paged by skip and limit in _id order (as JumpCloud advises, so no page misses or repeats one). */
    List<String> userIds() {
        List<String> ids = new ArrayList<>();
        for (int skip = 0; ; skip += PAGE) {
            JsonNode page = send("GET", "/systemusers?limit=" + PAGE + "&skip=" + skip + "&sort=_id&fields=_id", null).body().path("results");
            page.forEach(u -> ids.add(u.path("_id").asText()));
            if (page.size() < PAGE) {
                return ids;
            }
        }
    }

    /** The user, or null when JumpCloud has none with that id (a 404, or an empty answer). */
    ObjectNode user(String id) {
        DirectoryHttp.Answer a = send("GET", "/systemusers/" + id, null, 404);
        return a.status() == 404 || a.body() == null || !a.body().has("_id") ? null : (ObjectNode) a.body();
    }

    ObjectNode createUser(ObjectNode fields) {
        return answer(send("POST", "/systemusers", fields), "POST /systemusers");
    }

    ObjectNode updateUser(String id, ObjectNode fields) {
        return answer(send("PUT", "/systemusers/" + id, fields), "PUT /systemusers/{id}");
    }

    /**
     * STAGED → ACTIVATED, the one documented way ("changes the state of a STAGED user to ACTIVATED"). {@code
     * email: true} asks for JumpCloud's default mail (Welcome, or Activation so the person can set a password),
     * the same as activating them in the console.
     */
    void activate(String id) {
        send("POST", "/systemusers/" + id + "/state/activate", JSON.createObjectNode().put("email", true));
    }

    /** Deletes the user; a manager's reports lose their manager first (JumpCloud refuses otherwise). */
    void deleteUser(String id) {
        send("DELETE", "/systemusers/" + id + "?cascade_manager=null", null, 404);
    }

    /**
     * The user group with this name: exactly, else the one that differs only in case (JumpCloud refuses a second
     * group of the same name in another case, and its filter values are case-sensitive, so those are found by
     * reading the list; this runs only before a group is created); null when none.
     */
    ObjectNode findGroup(String name) {
        JsonNode exact = send("GET", "/v2/usergroups?limit=2&filter=" + encode("name:eq:" + name), null).body();
        if (exact != null && exact.isArray() && exact.size() > 0) {
            return (ObjectNode) exact.get(0);
        }
        for (int skip = 0; ; skip += PAGE) {
            JsonNode page = send("GET", "/v2/usergroups?limit=" + PAGE + "&skip=" + skip + "&sort=name", null).body();
            if (page == null || !page.isArray()) {
                return null;
            }
            for (JsonNode g : page) {
                if (g.path("name").asText().equalsIgnoreCase(name)) {
                    return (ObjectNode) g;
                }
            }
            if (page.size() < PAGE) {
                return null;
            }
        }
    }

    ObjectNode createGroup(String name) {
        ObjectNode body = JSON.createObjectNode().put("name", name);
        return answer(send("POST", "/v2/usergroups", body), "POST /v2/usergroups");
    }

    /**
     * A new name, and everything else as JumpCloud has it: PUT is a full update of the group (there is no PATCH for
     * user groups in the v2 spec), so a PUT of the name alone would reset its description and attributes.
     */
    void renameGroup(String id, String name) {
        JsonNode current = send("GET", "/v2/usergroups/" + id, null).body();
        ObjectNode body = JSON.createObjectNode();
        if (current != null && current.isObject()) {
            for (String field : GROUP_WRITABLE) {
                if (current.has(field)) {
                    body.set(field, current.get(field));
                }
            }
        }
        body.put("name", name);
        send("PUT", "/v2/usergroups/" + id, body);
    }

    void deleteGroup(String id) {
        send("DELETE", "/v2/usergroups/" + id, null, 404);
    }

    /** Adds or removes a member; already a member (409) or already not one (404) is what was wanted. */
    void member(String groupId, String userId, boolean add) {
        ObjectNode body = JSON.createObjectNode().put("op", add ? "add" : "remove").put("type", "user").put("id", userId);
        send("POST", "/v2/usergroups/" + groupId + "/members", body, add ? 409 : 404);
    }

    /** A success without the object it promised is a malformed answer: try again later, never record a link to nothing. */
    private static ObjectNode answer(DirectoryHttp.Answer a, String what) {
        if (a.body() == null || !a.body().isObject() || !(a.body().has("_id") || a.body().has("id"))) {
            throw new DirectoryException(DirectoryException.Kind.TRANSIENT, a.status(), "JumpCloud: " + what + ": the answer has no id", null);
        }
        return (ObjectNode) a.body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
