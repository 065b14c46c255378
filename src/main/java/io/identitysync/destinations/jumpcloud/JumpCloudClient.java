package io.identitysync.destinations.jumpcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.destinations.directories.DirectoryException;
import io.identitysync.destinations.directories.DirectoryHttp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The JumpCloud API calls a push needs: v1 system users, v2 user groups and their members. */
final class JumpCloudClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 100;

    private final DirectoryHttp http;

    JumpCloudClient(String name, String baseUrl, String apiKey, Duration timeout) {
        this.http = new DirectoryHttp(name, baseUrl, Map.of("x-api-key", apiKey), timeout);
    }

    /** The one user whose {@code field} equals {@code value} (exactly, as JumpCloud filters), or null. */
    ObjectNode findUser(String field, String value) {
        JsonNode results = http.send("GET", "/systemusers?limit=2&sort=_id&filter=" + encode(field + ":$eq:" + value), null).body().path("results");
        return results.isArray() && results.size() > 0 ? (ObjectNode) results.get(0) : null;
    }

    /** Every user's id, paged by skip and limit in _id order (as JumpCloud advises, so no page misses or repeats one). */
    List<String> userIds() {
        List<String> ids = new ArrayList<>();
        for (int skip = 0; ; skip += PAGE) {
            JsonNode page = http.send("GET", "/systemusers?limit=" + PAGE + "&skip=" + skip + "&sort=_id&fields=_id", null).body().path("results");
            page.forEach(u -> ids.add(u.path("_id").asText()));
            if (page.size() < PAGE) {
                return ids;
            }
        }
    }

    /** The user, or null when JumpCloud has none with that id (a 404, or an empty answer). */
    ObjectNode user(String id) {
        DirectoryHttp.Answer a = http.send("GET", "/systemusers/" + id, null, 404);
        return a.status() == 404 || a.body() == null || !a.body().has("_id") ? null : (ObjectNode) a.body();
    }

    ObjectNode createUser(ObjectNode fields) {
        return answer(http.send("POST", "/systemusers", fields), "POST /systemusers");
    }

    ObjectNode updateUser(String id, ObjectNode fields) {
        return answer(http.send("PUT", "/systemusers/" + id, fields), "PUT /systemusers/{id}");
    }

    /** Deletes the user; a manager's reports lose their manager first (JumpCloud refuses otherwise). */
    void deleteUser(String id) {
        http.send("DELETE", "/systemusers/" + id + "?cascade_manager=null", null, 404);
    }

    /** The user group named exactly {@code name}, or null. */
    ObjectNode findGroup(String name) {
        JsonNode list = http.send("GET", "/v2/usergroups?limit=2&filter=" + encode("name:eq:" + name), null).body();
        return list != null && list.isArray() && list.size() > 0 ? (ObjectNode) list.get(0) : null;
    }

    ObjectNode createGroup(String name) {
        ObjectNode body = JSON.createObjectNode().put("name", name);
        return answer(http.send("POST", "/v2/usergroups", body), "POST /v2/usergroups");
    }

    void renameGroup(String id, String name) {
        http.send("PUT", "/v2/usergroups/" + id, JSON.createObjectNode().put("name", name));
    }

    void deleteGroup(String id) {
        http.send("DELETE", "/v2/usergroups/" + id, null, 404);
    }

    /** Adds or removes a member; already a member (409) or already not one (404) is what was wanted. */
    void member(String groupId, String userId, boolean add) {
        ObjectNode body = JSON.createObjectNode().put("op", add ? "add" : "remove").put("type", "user").put("id", userId);
        http.send("POST", "/v2/usergroups/" + groupId + "/members", body, add ? 409 : 404);
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
