package io.identitysync.destinations.jumpcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.identitysync.simulator.SimulatorServer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JumpCloud's API as a loopback server, from its published API clients (JumpCloud.SDK.V1/V2 specs; see
 * shared/research/jumpcloud.md): {@code x-api-key} auth (401), v1 {@code /api/systemusers} (list with
 * {@code limit} ≤ 100, {@code skip}, {@code sort}, {@code filter=field:$eq:value}, ANDed {@code filter[n]} and
 * ORed {@code filter[or][n]}, answered as {@code {totalCount, results}}; get, create, merge-update, delete,
 * {@code /state/activate}) and v2 {@code /api/v2/usergroups} (bare arrays with {@code X-Total-Count}, members
 * {@code {op, type, id}} answered 204, 409 "Already Exists", 404). Errors carry JumpCloud's body
 * {@code {code, message, status}}. A request budget per window can answer 429 with Retry-After, and every
 * operation can be given faults: {@code fault("POST /systemusers", 2, Fault.status(503))} is the second create.
 */
public final class JumpCloudSimulator extends SimulatorServer {

    private static final Pattern USER = Pattern.compile("/api/systemusers/([0-9a-f]{24})");
    private static final Pattern ACTIVATE = Pattern.compile("/api/systemusers/([0-9a-f]{24})/state/activate");
    private static final Pattern GROUP = Pattern.compile("/api/v2/usergroups/([0-9a-f]{24})");
    private static final Pattern MEMBERS = Pattern.compile("/api/v2/usergroups/([0-9a-f]{24})/members");
    private static final Pattern FILTER = Pattern.compile("filter(\\[\\d+])?");
    private static final Pattern OR_FILTER = Pattern.compile("filter\\[or]\\[\\d+]");
    private static final int MAX_LIMIT = 100;

    private final String apiKey;
    private final JumpCloudDirectory directory = new JumpCloudDirectory();
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
        } else if ((m = ACTIVATE.matcher(path)).matches() && method.equals("POST")) {
            send(exchange, 200, directory.activate(m.group(1)));
        } else if ((m = USER.matcher(path)).matches()) {
            switch (method) {
                case "GET" -> send(exchange, 200, directory.user(m.group(1)));
                case "PUT" -> send(exchange, 200, directory.updateUser(m.group(1), body));
                case "DELETE" -> send(exchange, 200, directory.deleteUser(m.group(1), "null".equals(query(exchange).get("cascade_manager"))));
                default -> error(exchange, 405, "Method Not Allowed", "INVALID_ARGUMENT");
            }
        } else if (path.equals("/api/v2/usergroups") && method.equals("GET")) {
            Map<String, String> q = query(exchange);
            Predicate<ObjectNode> filter = q.containsKey("filter") ? v2Filter(q.get("filter")) : g -> true;
            page(exchange, directory.groups().stream().filter(filter).toList(), q, true);
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
                    edge.putNull("attributes");
                    edges.add(edge);
                }
                page(exchange, edges, query(exchange), true);
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

    /** v1 list: filters ANDed (filter, filter[n]) or ORed (filter[or][n]), sorted, then skip and limit. */
    private void listUsers(HttpExchange exchange) throws IOException {
        Map<String, String> q = query(exchange);
        Predicate<ObjectNode> all = u -> true;
        Predicate<ObjectNode> any = null;
        for (Map.Entry<String, String> e : q.entrySet()) {
            if (FILTER.matcher(e.getKey()).matches()) {
                all = all.and(v1Filter(e.getValue()));
            } else if (OR_FILTER.matcher(e.getKey()).matches()) {
                any = any == null ? v1Filter(e.getValue()) : any.or(v1Filter(e.getValue()));
            }
        }
        Predicate<ObjectNode> matches = any == null ? all : all.and(any);
        List<ObjectNode> users = new ArrayList<>(directory.users().stream().filter(matches).toList());
        for (String field : q.getOrDefault("sort", "").trim().split("\\s+")) {
            if (!field.isEmpty()) {
                Comparator<ObjectNode> by = Comparator.comparing(u -> u.path(field.replaceFirst("^-", "")).asText(""));
                users.sort(field.startsWith("-") ? by.reversed() : by);
            }
        }
        page(exchange, users, q, false);
    }

    /** v1: {@code field:$eq:value} or {@code field:$ne:value}, case-sensitive; anything else is refused. */
    private static Predicate<ObjectNode> v1Filter(String filter) {
        String[] part = filter.split(":", 3);
        if (part.length != 3 || !(part[1].equals("$eq") || part[1].equals("$ne"))) {
            throw new JumpCloudDirectory.Refused(400, "invalid filter '" + filter + "': use field:$eq:value");
        }
        Predicate<ObjectNode> eq = u -> part[2].equals(u.path(part[0]).asText(null));
        return part[1].equals("$eq") ? eq : eq.negate();
    }

    /** v2: {@code field:eq:value}. */
    private static Predicate<ObjectNode> v2Filter(String filter) {
        String[] part = filter.split(":", 3);
        if (part.length != 3 || !part[1].equals("eq")) {
            throw new JumpCloudDirectory.Refused(400, "invalid filter '" + filter + "': use field:eq:value");
        }
        return g -> part[2].equals(g.path(part[0]).asText(null));
    }

    /** limit (default 10, at most 100) and skip; v1 wraps the page as {totalCount, results}, v2 sends the array and X-Total-Count. */
    private static void page(HttpExchange exchange, List<ObjectNode> all, Map<String, String> q, boolean v2) throws IOException {
        int limit;
        int skip;
        try {
            limit = Integer.parseInt(q.getOrDefault("limit", "10"));
            skip = Integer.parseInt(q.getOrDefault("skip", "0"));
        } catch (NumberFormatException e) {
            throw new JumpCloudDirectory.Refused(400, "limit and skip must be integers");
        }
        if (limit < 1 || limit > MAX_LIMIT || skip < 0) {
            throw new JumpCloudDirectory.Refused(400, "limit must be between 1 and " + MAX_LIMIT + ", skip at least 0");
        }
        List<ObjectNode> page = all.subList(Math.min(skip, all.size()), Math.min(skip + limit, all.size()));
        if (v2) {
            exchange.getResponseHeaders().set("X-Total-Count", Integer.toString(all.size()));
            send(exchange, 200, page);
        } else {
            send(exchange, 200, Map.of("totalCount", all.size(), "results", page));
        }
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
