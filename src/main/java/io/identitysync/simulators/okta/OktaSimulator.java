package io.identitysync.simulators.okta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.identitysync.simulators.Fault;
import io.identitysync.simulators.SimulatorServer;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Okta's management API (/api/v1) on loopback, from Okta's published Users and Groups API reference (see
 * src/test/resources/vendor/okta/README.md): {@code Authorization: SSWS <token>} (401 E0000011 "Invalid token
 * provided"); users listed, found with {@code filter} (status, id, profile.login, profile.email, profile.firstName,
 * profile.lastName; exact) or {@code search} (any profile property; eventually consistent, see
 * {@link OktaUsers#searchLag}), fetched by id or login, created ({@code activate} defaults to true, as Okta's does),
 * partially updated with POST, moved through {@code /lifecycle/*}, deleted; OKTA_GROUP groups and their members.
 * Lists are bare arrays paged with {@code limit} (at most 200) and an {@code after} cursor given in {@code Link:
 * <…>; rel="next"}. Every answer carries X-Rate-Limit-Limit, -Remaining and -Reset; {@link #rateLimited} is
 * Okta's 429. Faults per operation as the other simulators: {@code fault("POST /users", 1, …)}.
 */
public final class OktaSimulator extends SimulatorServer {

    private static final Pattern USER = Pattern.compile("/api/v1/users/([^/]+)");
    private static final Pattern LIFECYCLE = Pattern.compile("/api/v1/users/([^/]+)/lifecycle/([a-z_]+)");
    private static final Pattern GROUP = Pattern.compile("/api/v1/groups/([^/]+)");
    private static final Pattern MEMBER = Pattern.compile("/api/v1/groups/([^/]+)/users/([^/]+)");
    private static final Pattern TERM = Pattern.compile("\\s*([A-Za-z.]+)\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");
    private static final List<String> FILTERABLE = List.of("status", "id", "profile.login", "profile.email", "profile.firstName", "profile.lastName");
    private static final int MAX_LIMIT = 200;
    private static final int RATE_LIMIT = 600;

    private final String token;
    private final Clock clock;
    private final OktaUsers users;
    private final OktaGroups groups;

    public OktaSimulator(int port, String token) throws IOException {
        this(port, token, Clock.systemUTC());
    }

    /** @param clock what created, lastUpdated and X-Rate-Limit-Reset say */
    public OktaSimulator(int port, String token, Clock clock) throws IOException {
        super(port);
        this.token = token;
        this.clock = clock;
        this.users = new OktaUsers(origin(), clock);
        this.groups = new OktaGroups(origin(), clock, users);
    }

    /** The value for an okta directory's url: the org's own URL, as https://acme.okta.com. */
    public String baseUrl() {
        return origin();
    }

    public OktaUsers users() {
        return users;
    }

    public OktaGroups groups() {
        return groups;
    }

    /** Okta's 429 (E0000047), with its rate-limit headers: the window resets at {@code reset} (epoch seconds). */
    public static Fault rateLimited(Instant reset) {
        return new Fault(Fault.Kind.ANSWER, 429, new OktaError(429, "E0000047", "API call exceeded rate limit due to too many requests.").body().toString(),
                Map.of("X-Rate-Limit-Limit", Integer.toString(RATE_LIMIT), "X-Rate-Limit-Remaining", "0",
                        "X-Rate-Limit-Reset", Long.toString(reset.getEpochSecond())), 0);
    }

    /** A refusal in Okta's own body, for a fault: {@code error(400, "E0000001", "Api validation failed: email", "email: …")}. */
    public static Fault error(int status, String code, String summary, String... causes) {
        return new Fault(Fault.Kind.ANSWER, status, new OktaError(status, code, summary, causes).body().toString(), Map.of(), 0);
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String operation = method + " " + operationPath(path);
        int n = counted(operation);
        exchange.getResponseHeaders().set("X-Rate-Limit-Limit", Integer.toString(RATE_LIMIT));
        exchange.getResponseHeaders().set("X-Rate-Limit-Remaining", Integer.toString(RATE_LIMIT - 1));
        exchange.getResponseHeaders().set("X-Rate-Limit-Reset", Long.toString(clock.instant().getEpochSecond() + 60));
        if (!("SSWS " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            error(exchange, new OktaError(401, "E0000011", "Invalid token provided"));
            return;
        }
        if (served(exchange, operation, n)) {
            return;
        }
        try {
            route(exchange, method, path);
        } catch (OktaError e) {
            error(exchange, e);
        }
    }

    /** "/users/{id}/lifecycle/suspend", "/groups/{id}/users/{userId}": how calls and faults name an operation. */
    static String operationPath(String path) {
        return path.replaceFirst("^/api/v1", "").replaceAll("^/users/[^/]+/lifecycle/", "/users/{id}/lifecycle/")
                .replaceAll("^/groups/[^/]+/users/[^/]+$", "/groups/{id}/users/{userId}").replaceAll("^/(users|groups)/[^/]+$", "/$1/{id}");
    }

    private void route(HttpExchange exchange, String method, String path) throws IOException {
        Map<String, String> q = query(exchange);
        Matcher m;
        if (path.equals("/api/v1/users")) {
            switch (method) {
                case "GET" -> page(exchange, path, q, userList(q));
                case "POST" -> send(exchange, 200, users.create(body(exchange), !"false".equals(q.get("activate")), !"false".equals(q.get("sendEmail"))));
                default -> notAllowed();
            }
        } else if ((m = LIFECYCLE.matcher(path)).matches() && method.equals("POST")) {
            users.lifecycle(m.group(1), m.group(2), !"false".equals(q.get("sendEmail")));
            if (m.group(2).equals("activate") && "false".equals(q.get("sendEmail"))) {
                String t = users.newId("XE6wE17z");
                send(exchange, 200, JSON.createObjectNode().put("activationUrl", origin() + "/welcome/" + t).put("activationToken", t));
            } else {
                send(exchange, 200, JSON.createObjectNode());
            }
        } else if ((m = USER.matcher(path)).matches()) {
            switch (method) {
                case "GET" -> send(exchange, 200, users.get(m.group(1)));
                case "POST" -> send(exchange, 200, users.update(users.get(m.group(1)).path("id").asText(), body(exchange)));
                case "DELETE" -> {
                    users.delete(m.group(1));
                    noContent(exchange);
                }
                default -> notAllowed();
            }
        } else if (path.equals("/api/v1/groups")) {
            switch (method) {
                case "GET" -> page(exchange, path, q, groups.list(terms(q.get("search"), null), q.get("q")));
                case "POST" -> send(exchange, 200, groups.create(body(exchange)));
                default -> notAllowed();
            }
        } else if ((m = MEMBER.matcher(path)).matches() && (method.equals("PUT") || method.equals("DELETE"))) {
            groups.member(m.group(1), m.group(2), method.equals("PUT"));
            noContent(exchange);
        } else if ((m = GROUP.matcher(path)).matches()) {
            switch (method) {
                case "GET" -> send(exchange, 200, groups.get(m.group(1)));
                case "PUT" -> send(exchange, 200, groups.replace(m.group(1), body(exchange)));
                case "DELETE" -> {
                    groups.delete(m.group(1));
                    noContent(exchange);
                }
                default -> notAllowed();
            }
        } else {
            throw OktaError.notFound(path);
        }
    }

    private List<ObjectNode> userList(Map<String, String> q) {
        if (q.containsKey("search")) {
            return users.searched(terms(q.get("search"), null));
        }
        if (q.containsKey("filter")) {
            return users.filtered(terms(q.get("filter"), FILTERABLE));
        }
        return users.listed();
    }

    /** {@code a eq "x" and b eq "y"}: Okta's expressions, as far as a push uses them. */
    private static Map<String, String> terms(String expression, List<String> allowed) {
        Map<String, String> out = new LinkedHashMap<>();
        if (expression == null || expression.isBlank()) {
            return out;
        }
        for (String term : expression.split("(?i)\\s+and\\s+")) {
            Matcher m = TERM.matcher(term);
            if (!m.matches() || allowed != null && !allowed.contains(m.group(1))) {
                throw new OktaError(400, "E0000031", "Invalid search criteria.", "Invalid filter expression: " + term.trim());
            }
            out.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return out;
    }

    /** One page after the {@code after} cursor (an id), with Okta's self and next links. */
    private void page(HttpExchange exchange, String path, Map<String, String> q, List<ObjectNode> all) throws IOException {
        int limit;
        try {
            limit = Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(q.getOrDefault("limit", Integer.toString(MAX_LIMIT)))));
        } catch (NumberFormatException e) {
            throw new OktaError(400, "E0000001", "Api validation failed: limit", "limit: The value must be an integer");
        }
        int start = 0;
        if (q.containsKey("after")) {
            start = all.size();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).path("id").asText().equals(q.get("after"))) {
                    start = i + 1;
                }
            }
        }
        List<ObjectNode> page = all.subList(Math.min(start, all.size()), Math.min(start + limit, all.size()));
        String self = origin() + path + "?" + encoded(q);
        exchange.getResponseHeaders().add("Link", "<" + self + ">; rel=\"self\"");
        if (start + limit < all.size()) {
            Map<String, String> next = new LinkedHashMap<>(q);
            next.put("limit", Integer.toString(limit));
            next.put("after", page.get(page.size() - 1).path("id").asText());
            exchange.getResponseHeaders().add("Link", "<" + origin() + path + "?" + encoded(next) + ">; rel=\"next\"");
        }
        ArrayNode out = JSON.createArrayNode();
        page.forEach(out::add);
        send(exchange, 200, out);
    }

    private static String encoded(Map<String, String> q) {
        StringBuilder s = new StringBuilder();
        q.forEach((k, v) -> s.append(s.isEmpty() ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
        return s.toString();
    }

    private static JsonNode body(HttpExchange exchange) {
        try {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            if (body == null || !body.isObject()) {
                throw new OktaError(400, "E0000003", "The request body was not well-formed.");
            }
            return body;
        } catch (IOException e) {
            throw new OktaError(400, "E0000003", "The request body was not well-formed.");
        }
    }

    private static void notAllowed() {
        throw new OktaError(405, "E0000022", "The endpoint does not support the provided HTTP method");
    }

    private static void noContent(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(204, -1);
    }

    private static void error(HttpExchange exchange, OktaError e) throws IOException {
        send(exchange, e.status, e.body());
    }
}
