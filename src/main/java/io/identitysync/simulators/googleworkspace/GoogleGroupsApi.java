package io.identitysync.simulators.googleworkspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Directory API's groups methods (list with {@code domain} or {@code customer}, {@code maxResults} ≤ 200 and
 * {@code pageToken}; insert; get; patch; update; delete) and members methods (list, insert, delete) over
 * {@link GoogleDirectoryGroups}. A token whose scopes cover neither the group scope nor, for a members call, the
 * group.member scope is refused as Google refuses it: 403 "Request had insufficient authentication scopes.".
 */
final class GoogleGroupsApi {

    /** An answer to send: its status and body (null: none, as a delete's 204). */
    record Answer(int status, Object body) {
    }

    private static final Pattern GROUP = Pattern.compile("/admin/directory/v1/groups/([^/]+)(/members(?:/([^/]+))?)?");
    private static final String GROUP_SCOPE = "https://www.googleapis.com/auth/admin.directory.group";
    private static final String MEMBER_SCOPE = "https://www.googleapis.com/auth/admin.directory.group.member";

    private final GoogleDirectoryGroups groups;

    GoogleGroupsApi(GoogleDirectoryGroups groups) {
        this.groups = groups;
    }

    /** Throws {@link GoogleDirectoryUsers.Refused} for Google's other refusals. */
    Answer handle(String method, String path, Map<String, String> query, Supplier<JsonNode> body, Set<String> scopes) {
        Matcher m = GROUP.matcher(path);
        boolean memberCall = m.matches() && m.group(2) != null;
        if (!scopes.contains(GROUP_SCOPE) && !(memberCall && scopes.contains(MEMBER_SCOPE))) {
            return insufficientScopes();
        }
        if (path.equals("/admin/directory/v1/groups")) {
            return switch (method) {
                case "GET" -> list(query);
                case "POST" -> new Answer(200, groups.insert(body.get()));
                default -> throw notAllowed();
            };
        }
        if (!m.matches()) {
            throw new GoogleDirectoryUsers.Refused(404, "Not Found", "notFound");
        }
        String key = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        if (!memberCall) {
            return switch (method) {
                case "GET" -> new Answer(200, groups.get(key));
                case "PATCH", "PUT" -> new Answer(200, groups.patch(key, body.get()));
                case "DELETE" -> {
                    groups.delete(key);
                    yield new Answer(204, null);
                }
                default -> throw notAllowed();
            };
        }
        if (m.group(3) == null) {
            return switch (method) {
                case "GET" -> {
                    List<ObjectNode> all = groups.members(key);
                    Map<String, Object> page = new LinkedHashMap<>();
                    page.put("kind", "admin#directory#members");
                    page.put("etag", "\"members-" + all.size() + "\"");
                    if (!all.isEmpty()) {
                        page.put("members", all);
                    }
                    yield new Answer(200, page);
                }
                case "POST" -> new Answer(200, groups.addMember(key, body.get()));
                default -> throw notAllowed();
            };
        }
        if (!method.equals("DELETE")) {
            throw notAllowed();
        }
        groups.removeMember(key, URLDecoder.decode(m.group(3), StandardCharsets.UTF_8));
        return new Answer(204, null);
    }

    /** groups.list: the domain's groups (or the customer's) in creation order; the page token is the next offset. */
    private Answer list(Map<String, String> q) {
        if (!q.containsKey("customer") && !q.containsKey("domain") && !q.containsKey("userKey")) {
            throw new GoogleDirectoryUsers.Refused(400, "Bad Request", "badRequest");
        }
        int max;
        int from;
        try {
            max = Integer.parseInt(q.getOrDefault("maxResults", "200"));
            from = Integer.parseInt(q.getOrDefault("pageToken", "0"));
        } catch (NumberFormatException e) {
            throw new GoogleDirectoryUsers.Refused(400, "Invalid Input", "invalid");
        }
        if (max < 1 || max > 200) {
            throw new GoogleDirectoryUsers.Refused(400, "Invalid value '" + max + "'. Values must be within the range: [1, 200]", "invalid");
        }
        List<ObjectNode> all = groups.list(q.get("domain"));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("kind", "admin#directory#groups");
        page.put("etag", "\"groups-" + all.size() + "\"");
        List<ObjectNode> slice = all.subList(Math.min(from, all.size()), Math.min(from + max, all.size()));
        if (!slice.isEmpty()) {
            page.put("groups", slice);
        }
        if (from + max < all.size()) {
            page.put("nextPageToken", Integer.toString(from + max));
        }
        return new Answer(200, page);
    }

    private static GoogleDirectoryUsers.Refused notAllowed() {
        return new GoogleDirectoryUsers.Refused(405, "Method Not Allowed", "methodNotAllowed");
    }

    /** Google's answer to a token whose scopes do not cover the method. */
    private static Answer insufficientScopes() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", "Insufficient Permission");
        detail.put("domain", "global");
        detail.put("reason", "insufficientPermissions");
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", 403);
        error.put("message", "Request had insufficient authentication scopes.");
        error.put("errors", List.of(detail));
        error.put("status", "PERMISSION_DENIED");
        return new Answer(403, Map.of("error", error));
    }
}
