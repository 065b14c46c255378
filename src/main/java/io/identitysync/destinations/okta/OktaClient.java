package io.identitysync.destinations.okta;

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
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The calls of Okta's Users and Groups API (/api/v1) a push needs. Every call carries {@code Authorization: SSWS
 * <token>}; lists are followed through their {@code Link: <…>; rel="next"} header, only while it stays on the
 * configured URL, so the token never goes anywhere else.
 */
final class OktaClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 200;
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private final DirectoryHttp http;
    private final String baseUrl;
    private final String name;

    OktaClient(DirectoryConfig config, String apiToken, Duration timeout) {
        this.name = "Okta (" + config.label() + ")";
        this.baseUrl = config.url().endsWith("/") ? config.url().substring(0, config.url().length() - 1) : config.url();
        this.http = new DirectoryHttp(name, baseUrl, Map.of("Authorization", "SSWS " + apiToken), timeout, DirectoryHttp.JSON_MEDIA_TYPE,
                config.tokenKey());
    }

    /** The user with this id or login, or null (Okta's 404, E0000007). */
    ObjectNode user(String idOrLogin) {
        DirectoryHttp.Answer a = http.send("GET", "/api/v1/users/" + encode(idOrLogin), null, 404);
        return a.status() == 404 || a.body() == null || !a.body().has("id") ? null : (ObjectNode) a.body();
    }

    /**
     * Users whose profile property is {@code value}, in any status, DEPROVISIONED included. {@code search} reaches any
     * profile property but is eventually consistent; {@code filter} reaches only login, email and names, exactly.
     */
    List<ObjectNode> users(String parameter, String property, String value) {
        String expression = property + " eq \"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        List<ObjectNode> out = new ArrayList<>();
        pages("/api/v1/users?" + parameter + "=" + encode(expression) + "&limit=" + PAGE, u -> out.add((ObjectNode) u));
        return out;
    }

    /** The id of every user that is not DEPROVISIONED (Okta's list without a query leaves those out). */
    List<String> userIds() {
        List<String> ids = new ArrayList<>();
        pages("/api/v1/users?limit=" + PAGE, u -> ids.add(u.path("id").asText()));
        return ids;
    }

    /** Creates the user STAGED ({@code activate=false}): activation is a separate, deliberate step. */
    ObjectNode createUser(ObjectNode profile) {
        ObjectNode body = JSON.createObjectNode();
        body.set("profile", profile);
        return answer(http.send("POST", "/api/v1/users?activate=false", body), "POST /api/v1/users");
    }

    /** A partial update: POST sends only the properties given (PUT would delete every one left out). */
    void updateProfile(String id, ObjectNode profile) {
        ObjectNode body = JSON.createObjectNode();
        body.set("profile", profile);
        http.send("POST", "/api/v1/users/" + encode(id), body);
    }

    /** One lifecycle operation: activate, suspend, unsuspend, deactivate. */
    void lifecycle(String id, String operation, String query) {
        http.send("POST", "/api/v1/users/" + encode(id) + "/lifecycle/" + operation + (query.isEmpty() ? "" : "?" + query), null);
    }

    /** Okta deletes only a DEPROVISIONED user: one not yet so is deactivated first. Gone already is what was wanted. */
    void deleteUser(String id, String status) {
        if (!"DEPROVISIONED".equals(status)) {
            lifecycle(id, "deactivate", "");
        }
        http.send("DELETE", "/api/v1/users/" + encode(id), null, 404);
    }

    /** The OKTA_GROUP with this name (Okta's group names are unique without regard to case), or null. */
    ObjectNode group(String groupName) {
        String expression = "type eq \"OKTA_GROUP\" and profile.name eq \"" + groupName.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        List<ObjectNode> found = new ArrayList<>();
        pages("/api/v1/groups?search=" + encode(expression) + "&limit=" + PAGE, g -> {
            if (g.path("profile").path("name").asText().equalsIgnoreCase(groupName)) {
                found.add((ObjectNode) g);
            }
        });
        return found.isEmpty() ? null : found.get(0);
    }

    ObjectNode createGroup(String groupName) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("profile").put("name", groupName);
        return answer(http.send("POST", "/api/v1/groups", body), "POST /api/v1/groups");
    }

    /** PUT replaces the group's profile: its description is sent back as Okta has it. */
    void renameGroup(String id, String groupName) {
        JsonNode current = http.send("GET", "/api/v1/groups/" + encode(id), null).body();
        ObjectNode profile = JSON.createObjectNode().put("name", groupName);
        JsonNode description = current == null ? null : current.path("profile").get("description");
        if (description != null && !description.isNull()) {
            profile.set("description", description);
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("profile", profile);
        http.send("PUT", "/api/v1/groups/" + encode(id), body);
    }

    void deleteGroup(String id) {
        http.send("DELETE", "/api/v1/groups/" + encode(id), null, 404);
    }

    /** Adds or removes a member (PUT and DELETE are idempotent in Okta; a member already gone is what was wanted). */
    void member(String groupId, String userId, boolean add) {
        http.send(add ? "PUT" : "DELETE", "/api/v1/groups/" + encode(groupId) + "/users/" + encode(userId), null, 404);
    }

    /** Every element of a list, page by page through rel="next". */
    private void pages(String first, Consumer<JsonNode> each) {
        String path = first;
        while (path != null) {
            DirectoryHttp.Answer a = http.send("GET", path, null);
            if (a.body() == null || !a.body().isArray()) {
                throw new DirectoryException(DirectoryException.Kind.TRANSIENT, a.status(), name + ": GET " + path + ": the answer is not a list", null);
            }
            a.body().forEach(each);
            path = next(a.header("Link"));
        }
    }

    /** The path of the next page, or null; a next link to another host is refused, not followed. */
    private String next(List<String> links) {
        for (String header : links) {
            for (String link : header.split(",(?=\\s*<)")) {
                Matcher m = NEXT.matcher(link.trim());
                if (m.find()) {
                    String url = m.group(1);
                    if (!url.startsWith(baseUrl + "/")) {
                        throw new DirectoryException(DirectoryException.Kind.PERMANENT, null, name + ": the next page is at " + url
                                + ", not under " + baseUrl + ": not followed, so the token goes nowhere else", null);
                    }
                    return url.substring(baseUrl.length());
                }
            }
        }
        return null;
    }

    /** A success without the object it promised is a malformed answer: try again later, never record a link to nothing. */
    private ObjectNode answer(DirectoryHttp.Answer a, String what) {
        if (a.body() == null || !a.body().isObject() || !a.body().has("id")) {
            throw new DirectoryException(DirectoryException.Kind.TRANSIENT, a.status(), name + ": " + what + ": the answer has no id", null);
        }
        return (ObjectNode) a.body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
