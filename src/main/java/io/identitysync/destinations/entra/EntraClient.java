package io.identitysync.destinations.entra;

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
 * The Microsoft Graph v1.0 calls a push needs, with the app's bearer token: users (list with {@code $filter} and
 * {@code $select}, get, create, update, delete, manager reference) and groups (list by displayName, create, update,
 * delete, members reference). Graph returns only a default set of user properties, so every read names the ones we
 * compare in {@code $select}. Lists follow {@code @odata.nextLink}, which must stay under the configured URL: the
 * token goes nowhere else.
 */
final class EntraClient {

    static final String SELECT = "id,userPrincipalName,mail,displayName,givenName,surname,accountEnabled,jobTitle,department,"
            + "employeeId,employeeHireDate,employeeLeaveDateTime,usageLocation";
    static final String PERMISSIONS = "User.ReadWrite.All, Group.ReadWrite.All, User-LifeCycleInfo.ReadWrite.All";
    /** Graph's largest $top for users and groups. */
    private static final int PAGE = 999;

    private final DirectoryHttp http;
    private final String baseUrl;
    private final String label;

    EntraClient(DirectoryConfig config, EntraTokens tokens, Duration timeout) {
        this.baseUrl = config.url().endsWith("/") ? config.url().substring(0, config.url().length() - 1) : config.url();
        this.label = EntraTokens.label(config);
        // Graph's 403 (Authorization_RequestDenied) is a permission the app lacks more often than a wrong secret.
        this.http = new DirectoryHttp(label, baseUrl, tokens::headers, timeout, DirectoryHttp.JSON_MEDIA_TYPE, config.tokenKey()
                + " and the app registration's admin-consented application permissions (" + PERMISSIONS + ")");
    }

    /** The user with this id or userPrincipalName; null when Graph has none (404). */
    ObjectNode user(String idOrUpn) {
        DirectoryHttp.Answer a = http.send("GET", "/users/" + encode(idOrUpn) + "?$select=" + SELECT, null, 404);
        return a.status() == 404 || a.body() == null || !a.body().has("id") ? null : (ObjectNode) a.body();
    }

    /** The users a plain {@code eq} filter matches ({@code field eq 'value'}), page by page. */
    List<ObjectNode> usersWhere(String field, String value) {
        return list("/users?$filter=" + encode(field + " eq '" + value.replace("'", "''") + "'") + "&$select=" + SELECT + "&$top=" + PAGE);
    }

    List<String> userIds() {
        return list("/users?$select=id&$top=" + PAGE).stream().map(u -> u.path("id").asText()).toList();
    }

    ObjectNode create(ObjectNode user) {
        return answer(http.send("POST", "/users", user), "create user");
    }

    /** Only the properties given change (204 No Content). */
    void update(String id, ObjectNode fields) {
        http.send("PATCH", "/users/" + encode(id), fields);
    }

    void delete(String id) {
        http.send("DELETE", "/users/" + encode(id), null, 404);
    }

    /** The id of the user's manager; null when none (Graph answers 404). */
    String manager(String id) {
        DirectoryHttp.Answer a = http.send("GET", "/users/" + encode(id) + "/manager?$select=id", null, 404);
        return a.status() == 404 || a.body() == null ? null : a.body().path("id").asText(null);
    }

    void setManager(String id, String managerId) {
        http.send("PUT", "/users/" + encode(id) + "/manager/$ref", ref("users", managerId));
    }

    List<ObjectNode> groupsNamed(String displayName) {
        return list("/groups?$filter=" + encode("displayName eq '" + displayName.replace("'", "''") + "'") + "&$select=id,displayName,securityEnabled,mailEnabled");
    }

    ObjectNode createGroup(ObjectNode group) {
        return answer(http.send("POST", "/groups", group), "create group");
    }

    void updateGroup(String id, ObjectNode fields) {
        http.send("PATCH", "/groups/" + encode(id), fields);
    }

    void deleteGroup(String id) {
        http.send("DELETE", "/groups/" + encode(id), null, 404);
    }

    /**
     * Adds a member; Graph refuses one already there with 400 "One or more added object references already exist",
     * which is what was wanted.
     */
    void addMember(String groupId, String userId) {
        try {
            http.send("POST", "/groups/" + encode(groupId) + "/members/$ref", ref("directoryObjects", userId));
        } catch (DirectoryException e) {
            if (e.status() == null || e.status() != 400 || !e.getMessage().contains("already exist")) {
                throw e;
            }
        }
    }

    /** Removes a member; 404 (not a member) is what was wanted. */
    void removeMember(String groupId, String userId) {
        http.send("DELETE", "/groups/" + encode(groupId) + "/members/" + encode(userId) + "/$ref", null, 404);
    }

    private ObjectNode ref(String collection, String id) {
        return JsonNodeFactory.instance.objectNode().put("@odata.id", baseUrl + "/" + collection + "/" + id);
    }

    /** Every item of a collection, following @odata.nextLink. */
    private List<ObjectNode> list(String first) {
        List<ObjectNode> out = new ArrayList<>();
        String path = first;
        while (path != null) {
            JsonNode page = http.send("GET", path, null).body();
            if (page == null) {
                return out;
            }
            page.path("value").forEach(u -> out.add((ObjectNode) u));
            String next = page.path("@odata.nextLink").asText(null);
            if (next != null && !next.startsWith(baseUrl + "/")) {
                throw new DirectoryException(DirectoryException.Kind.PERMANENT, null, label + ": @odata.nextLink leads away from "
                        + baseUrl + " (" + next + "); the token is sent nowhere else", null);
            }
            path = next == null ? null : next.substring(baseUrl.length());
        }
        return out;
    }

    /** A success without the object it promised is a malformed answer: try again later, never record a link to nothing. */
    private ObjectNode answer(DirectoryHttp.Answer a, String what) {
        if (a.body() == null || !a.body().isObject() || !a.body().has("id")) {
            throw new DirectoryException(DirectoryException.Kind.TRANSIENT, a.status(), label + ": " + what + ": the answer has no id", null);
        }
        return (ObjectNode) a.body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
