package io.identitysync.destinations.googleworkspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryException;
import io.identitysync.destinations.directories.DirectoryHttp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Directory API (admin:directory_v1) calls a push needs: users.list, get, insert, patch, update and delete under
 * {@code /admin/directory/v1/users}; with departments as groups, groups.get, list, insert, patch and delete under
 * {@code /admin/directory/v1/groups} and members.insert and delete under {@code .../groups/{groupKey}/members}; with a
 * bearer token of the service account acting for the administrator.
 */
final class GoogleWorkspaceClient {

    private static final String USERS = "/admin/directory/v1/users";
    private static final String GROUPS = "/admin/directory/v1/groups";
    /** groups.list's maxResults: at most 200. */
    private static final int GROUP_PAGE = 200;
    /** users.list's maxResults: at most 500. */
    private static final int PAGE = 500;

    private final DirectoryHttp http;

    GoogleWorkspaceClient(DirectoryConfig config, GoogleTokens tokens, Duration timeout) {
        this.http = new DirectoryHttp("Google Workspace (" + config.label() + ")", config.url(), tokens::headers, timeout,
                DirectoryHttp.JSON_MEDIA_TYPE, config.tokenKey() + " and " + config.key("admin-email"));
    }

    /** The user with this id, primary email or alias; null when Google has none (404). */
    ObjectNode user(String userKey) {
        DirectoryHttp.Answer a = http.send("GET", USERS + "/" + encode(userKey), null, 404);
        return a.status() == 404 || a.body() == null || !a.body().has("id") ? null : (ObjectNode) a.body();
    }

    /** Every user a search matches, page by page ({@code query} in Google's user search syntax). */
    List<ObjectNode> search(String query) {
        List<ObjectNode> out = new ArrayList<>();
        String pageToken = null;
        do {
            String path = USERS + "?customer=my_customer&maxResults=" + PAGE + "&query=" + encode(query)
                    + (pageToken == null ? "" : "&pageToken=" + encode(pageToken));
            JsonNode page = http.send("GET", path, null).body();
            if (page == null) {
                return out;
            }
            page.path("users").forEach(u -> out.add((ObjectNode) u));
            pageToken = page.path("nextPageToken").asText(null);
        } while (pageToken != null && !pageToken.isEmpty());
        return out;
    }

    /** Every user's id. */
    List<String> userIds() {
        List<String> ids = new ArrayList<>();
        String pageToken = null;
        do {
            JsonNode page = http.send("GET", USERS + "?customer=my_customer&maxResults=" + PAGE
                    + (pageToken == null ? "" : "&pageToken=" + encode(pageToken)), null).body();
            if (page == null) {
                return ids;
            }
            page.path("users").forEach(u -> ids.add(u.path("id").asText()));
            pageToken = page.path("nextPageToken").asText(null);
        } while (pageToken != null && !pageToken.isEmpty());
        return ids;
    }

    ObjectNode insert(ObjectNode user) {
        return answer(http.send("POST", USERS, user), "users.insert");
    }

    /** Only the fields given change; a repeated field given is replaced whole. */
    ObjectNode patch(String id, ObjectNode fields) {
        return answer(http.send("PATCH", USERS + "/" + encode(id), fields), "users.patch");
    }

    /** As patch, and a repeated field given empty is cleared (patch cannot clear one). */
    ObjectNode update(String id, ObjectNode fields) {
        return answer(http.send("PUT", USERS + "/" + encode(id), fields), "users.update");
    }

    void delete(String id) {
        http.send("DELETE", USERS + "/" + encode(id), null, 404);
    }

    /** The group with this id, email or alias; null when Google has none (404). */
    ObjectNode group(String groupKey) {
        DirectoryHttp.Answer a = http.send("GET", GROUPS + "/" + encode(groupKey), null, 404);
        return a.status() == 404 || a.body() == null || !a.body().has("id") ? null : (ObjectNode) a.body();
    }

    /** Every group of the domain, page by page. */
    List<ObjectNode> groups(String domain) {
        List<ObjectNode> out = new ArrayList<>();
        String pageToken = null;
        do {
            JsonNode page = http.send("GET", GROUPS + "?domain=" + encode(domain) + "&maxResults=" + GROUP_PAGE
                    + (pageToken == null ? "" : "&pageToken=" + encode(pageToken)), null).body();
            if (page == null) {
                return out;
            }
            page.path("groups").forEach(g -> out.add((ObjectNode) g));
            pageToken = page.path("nextPageToken").asText(null);
        } while (pageToken != null && !pageToken.isEmpty());
        return out;
    }

    ObjectNode insertGroup(ObjectNode group) {
        return answer(http.send("POST", GROUPS, group), "groups.insert");
    }

    ObjectNode patchGroup(String id, ObjectNode fields) {
        return answer(http.send("PATCH", GROUPS + "/" + encode(id), fields), "groups.patch");
    }

    void deleteGroup(String id) {
        http.send("DELETE", GROUPS + "/" + encode(id), null, 404);
    }

    /** members.insert as a MEMBER; 409 "Member already exists." is what was wanted. */
    void addMember(String groupId, String email) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("email", email).put("role", "MEMBER");
        http.send("POST", GROUPS + "/" + encode(groupId) + "/members", body, 409);
    }

    /** members.delete by the member's id or email; 404 (not a member) is what was wanted. */
    void removeMember(String groupId, String memberKey) {
        http.send("DELETE", GROUPS + "/" + encode(groupId) + "/members/" + encode(memberKey), null, 404);
    }

    /** A success without the user it promised is a malformed answer: try again later, never record a link to nothing. */
    private static ObjectNode answer(DirectoryHttp.Answer a, String what) {
        if (a.body() == null || !a.body().isObject() || !a.body().has("id")) {
            throw new DirectoryException(DirectoryException.Kind.TRANSIENT, a.status(), "Google Workspace: " + what + ": the answer has no id", null);
        }
        return (ObjectNode) a.body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
