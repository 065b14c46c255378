package io.identitysync.simulators.jumpcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.identitysync.simulators.SimulatorServer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JumpCloud's API as a loopback server, from its published specs (v1 and v2 openapi.yaml, as copied in
 * ConductorOne/baton-jumpcloud pkg/jcapi1|jcapi2; see shared/research/jumpcloud.md): {@code x-api-key} auth (401),
 * and in multi-tenant mode {@code x-org-id} (401 "ID not included for multi-tenant admin", 400 "Malformed ID.",
 * 404 "Organization ID Not Found.", the spec's info section); v1 {@code /api/systemusers} (list with
 * {@code limit} ≤ 100, {@code skip}, {@code sort}, {@code fields}, {@code filter=field:$eq:value}, ANDed
 * {@code filter[n]} and ORed {@code filter[or][n]}, answered as {@code {totalCount, results}}; get, create,
 * merge-update, delete, {@code /state/activate}), {@code POST /api/search/systemusers} and v2
 * {@code /api/v2/usergroups} (bare arrays with {@code X-Total-Count}, members {@code {op, type, id}} answered 204,
 * 409 "Already Exists", 404). Errors carry JumpCloud's body {@code {code, message, status}}. A request budget per
 * window can answer 429 with Retry-After, and every operation can be given faults:
 * {@code fault("POST /systemusers", 2, Fault.status(503))} is the second create.
 */
public final class JumpCloudSimulator extends SimulatorServer {

    private static final Pattern USER = Pattern.compile("/api/systemusers/([0-9a-f]{24})");
    private static final Pattern ACTIVATE = Pattern.compile("/api/systemusers/([0-9a-f]{24})/state/activate");
    private static final Pattern GROUP = Pattern.compile("/api/v2/usergroups/([0-9a-f]{24})");
    private static final Pattern MEMBERS = Pattern.compile("/api/v2/usergroups/([0-9a-f]{24})/members");
    private static final Pattern ORG_ID = Pattern.compile("[0-9a-f]{24}");

    private final String apiKey;
    private final JumpCloudDirectory directory = new JumpCloudDirectory();
    private volatile String organization;
    private volatile boolean caseSensitiveSearch;
    private final AtomicInteger withoutOrgId = new AtomicInteger();
    private volatile int budget;
    private volatile long windowMillis;
    private volatile String retryAfter;
    private long windowStart;
    private int used;

    public JumpCloudSimulator(int port, String apiKey) throws IOException {
        super(port);
        this.apiKey = apiKey;
    }

    /** The value for a jumpcloud directory's url. */
    public String baseUrl() {
        return origin() + "/api";
    }

    public JumpCloudDirectory directory() {
        return directory;
    }

    /**
     * Multi-tenant mode: the key is a multi-tenant admin's, so every call must name the organisation
     * ({@code x-org-id}) and JumpCloud refuses one that does not. Null: a single-tenant admin (the header is not needed).
     */
    public void multiTenant(String organizationId) {
        this.organization = organizationId;
    }

    /** How many calls came without {@code x-org-id} (counted in either mode). */
    public int callsWithoutOrgId() {
        return withoutOrgId.get();
    }

    /**
     * Whether the search body's {@code searchFilter} matches in the same case only. JumpCloud's spec says "partial
     * text match" and not which; false (any case) by default.
     */
    public void caseSensitiveSearch(boolean caseSensitive) {
        this.caseSensitiveSearch = caseSensitive;
    }

    /** At most {@code requests} per window; past it, 429 with {@code Retry-After} (null: none sent). */
    public synchronized void rateLimit(int requests, long windowMillis, String retryAfter) {
        this.budget = requests;
        this.windowMillis = windowMillis;
        this.retryAfter = retryAfter;
        this.windowStart = System.currentTimeMillis();
        this.used = 0;
    }


    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String operation = method + " " + operationPath(path);
        int n = counted(operation);
        if (!apiKey.equals(exchange.getRequestHeaders().getFirst("x-api-key"))) {
            error(exchange, 401, "Unauthorized", "UNAUTHENTICATED");
            return;
        }
        String orgId = exchange.getRequestHeaders().getFirst("x-org-id");
        if (orgId == null) {
            withoutOrgId.incrementAndGet();
        }
        String org = organization;
        if (org != null) {
            // The spec's "API Response Codes" for x-org-id, word for word.
            if (orgId == null) {
                error(exchange, 401, "ID not included for multi-tenant admin", "UNAUTHENTICATED");
                return;
            }
            if (!ORG_ID.matcher(orgId).matches()) {
                error(exchange, 400, "Malformed ID.", "INVALID_ARGUMENT");
                return;
            }
            if (!orgId.equals(org)) {
                error(exchange, 404, "Organization ID Not Found.", "NOT_FOUND");
                return;
            }
        }
        if (overBudget()) {
            if (retryAfter != null) {
                exchange.getResponseHeaders().set("Retry-After", retryAfter);
            }
            error(exchange, 429, "Too Many Requests", "RESOURCE_EXHAUSTED");
            return;
        }
        if (served(exchange, operation, n)) {
            return;
        }
        boolean write = method.equals("POST") || method.equals("PUT");
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (write && (type == null || !type.startsWith("application/json"))) {
            error(exchange, 400, "Content-Type must be application/json", "INVALID_ARGUMENT");
            return;
        }
        try {
            route(exchange, method, path, write ? body(exchange) : null);
        } catch (JumpCloudDirectory.Refused refused) {
            error(exchange, refused.status, refused.getMessage(), refused.status == 404 ? "NOT_FOUND"
                    : refused.status == 409 ? "ALREADY_EXISTS" : "INVALID_ARGUMENT");
        }
    }

    private void route(HttpExchange exchange, String method, String path, JsonNode body) throws IOException {
        Matcher m;
        if (path.equals("/api/systemusers") && method.equals("GET")) {
            listUsers(exchange);
        } else if (path.equals("/api/systemusers") && method.equals("POST")) {
            send(exchange, 200, directory.createUser(body));
        } else if (path.equals("/api/search/systemusers") && method.equals("POST")) {
            Map<String, String> q = query(exchange);
            List<ObjectNode> found = directory.users().stream().filter(JumpCloudQueries.search(body, caseSensitiveSearch)).toList();
            String fields = body != null && body.path("fields").isTextual() ? body.path("fields").asText() : q.get("fields");
            send(exchange, 200, Map.of("totalCount", found.size(), "results", JumpCloudQueries.projected(JumpCloudQueries.page(found, q), fields)));
        } else if ((m = ACTIVATE.matcher(path)).matches() && method.equals("POST")) {
            directory.activate(m.group(1), body);
            // The spec's 200 answer to an activation is a string ("OK"), not the user.
            send(exchange, 200, "OK");
        } else if ((m = USER.matcher(path)).matches()) {
            switch (method) {
                case "GET" -> send(exchange, 200, directory.user(m.group(1)));
                case "PUT" -> send(exchange, 200, directory.updateUser(m.group(1), body));
                case "DELETE" -> send(exchange, 200, directory.deleteUser(m.group(1), "null".equals(query(exchange).get("cascade_manager"))));
                default -> error(exchange, 405, "Method Not Allowed", "INVALID_ARGUMENT");
            }
        } else if (path.equals("/api/v2/usergroups") && method.equals("GET")) {
            Map<String, String> q = query(exchange);
            Predicate<ObjectNode> filter = q.containsKey("filter") ? JumpCloudQueries.v2Filter(q.get("filter")) : g -> true;
            List<ObjectNode> groups = directory.groups().stream().filter(filter).toList();
            v2Page(exchange, JumpCloudQueries.sorted(groups, q.getOrDefault("sort", "")), q);
        } else if (path.equals("/api/v2/usergroups") && method.equals("POST")) {
            send(exchange, 201, directory.createGroup(body));
        } else if ((m = MEMBERS.matcher(path)).matches()) {
            if (method.equals("POST")) {
                directory.member(m.group(1), body);
                exchange.sendResponseHeaders(204, -1);
            } else {
                List<ObjectNode> edges = new ArrayList<>();
                for (String id : directory.members(m.group(1))) {
                    ObjectNode edge = JSON.createObjectNode();
                    edge.putObject("to").put("id", id).put("type", "user");
                    edges.add(edge);
                }
                v2Page(exchange, edges, query(exchange));
            }
        } else if ((m = GROUP.matcher(path)).matches()) {
            switch (method) {
                case "GET" -> send(exchange, 200, directory.group(m.group(1)));
                case "PUT" -> send(exchange, 200, directory.updateGroup(m.group(1), body));
                case "DELETE" -> {
                    directory.deleteGroup(m.group(1));
                    exchange.sendResponseHeaders(204, -1);
                }
                default -> error(exchange, 405, "Method Not Allowed", "INVALID_ARGUMENT");
            }
        } else {
            error(exchange, 404, "Not Found", "NOT_FOUND");
        }
    }

    /** v1 list: filtered, sorted, then skip and limit, wrapped as {totalCount, results}. */
    private void listUsers(HttpExchange exchange) throws IOException {
        Map<String, String> q = query(exchange);
        List<ObjectNode> users = directory.users().stream().filter(JumpCloudQueries.v1Query(q)).toList();
        users = JumpCloudQueries.sorted(users, q.getOrDefault("sort", ""));
        send(exchange, 200, Map.of("totalCount", users.size(), "results", JumpCloudQueries.projected(JumpCloudQueries.page(users, q), q.get("fields"))));
    }

    /** v2 lists are the bare array, their total in X-Total-Count. */
    private static void v2Page(HttpExchange exchange, List<ObjectNode> all, Map<String, String> q) throws IOException {
        List<ObjectNode> page = JumpCloudQueries.page(all, q);
        exchange.getResponseHeaders().set("X-Total-Count", Integer.toString(all.size()));
        send(exchange, 200, page);
    }

    private synchronized boolean overBudget() {
        if (budget <= 0) {
            return false;
        }
        long now = System.currentTimeMillis();
        if (now - windowStart >= windowMillis) {
            windowStart = now;
            used = 0;
        }
        return ++used > budget;
    }

    private static JsonNode body(HttpExchange exchange) {
        try {
            return JSON.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            throw new JumpCloudDirectory.Refused(400, "the body is not JSON");
        }
    }

    private static void error(HttpExchange exchange, int status, String message, String code) throws IOException {
        send(exchange, status, Map.of("code", status, "message", message, "status", code));
    }

    /** The operation a path names, ids replaced: /systemusers/{id}, /v2/usergroups/{id}/members. */
    private static String operationPath(String path) {
        return path.replaceFirst("^/api", "").replaceAll("/[0-9a-f]{24}", "/{id}");
    }
}
