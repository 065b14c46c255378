package io.identitysync.sources.teamtailor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.identitysync.simulator.SimulatorServer;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Teamtailor's public API (JSON:API) as a loopback server: {@code GET /v1/users}, {@code /v1/departments},
 * {@code /v1/locations} and {@code /v1/teams} with
 * {@code Authorization: Token token=KEY} (401; 403 for a key without admin scope), {@code X-Api-Version}
 * (400 when missing), {@code page[size]} (at most 30) and {@code page[number]}, {@code links.next} as a full URL,
 * absent on the last page, and a request budget per window answered with 429 and {@code Retry-After} past it.
 */
public final class TeamtailorSimulator extends SimulatorServer {

    public static final String PREFIX = "/v1";
    private static final String JSON_API = "application/vnd.api+json";
    private static final int MAX_PAGE_SIZE = 30;

    private final String apiKey;
    private final TeamtailorData data;
    private volatile String nonAdminKey = "";
    private volatile String linkOrigin;
    private volatile int budget = 50;
    private volatile long windowMillis = 10_000;
    private final Deque<Long> recent = new ArrayDeque<>();
    private int rateLimited;

    public TeamtailorSimulator(int port, String apiKey, TeamtailorData data) throws IOException {
        super(port);
        this.apiKey = apiKey;
        this.data = data;
    }

    /** The value for teamtailor.base-url. */
    public String baseUrl() {
        return origin() + PREFIX;
    }

    public TeamtailorData data() {
        return data;
    }

    /** A key that authenticates but lacks admin scope: answered with 403. */
    public void nonAdminKey(String key) {
        this.nonAdminKey = key;
    }

    /** Where pagination links point; by default this server. */
    public void linkOrigin(String origin) {
        this.linkOrigin = origin;
    }

    /** At most {@code requests} per {@code windowMillis}; past it, 429 with Retry-After. */
    public synchronized void rateLimit(int requests, long windowMillis) {
        this.budget = requests;
        this.windowMillis = windowMillis;
        recent.clear();
    }

    public synchronized int rateLimited() {
        return rateLimited;
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String resource = path.startsWith(PREFIX + "/") ? path.substring(PREFIX.length() + 1) : "";
        if (!List.of("users", "departments", "locations", "teams").contains(resource)) {
            error(exchange, 404, "Not Found", "no such resource");
            return;
        }
        Long retryAfter = admit(exchange);
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(retryAfter));
            error(exchange, 429, "Too Many Requests", "rate limit exceeded");
            return;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (!nonAdminKey.isEmpty() && ("Token token=" + nonAdminKey).equals(auth)) {
            error(exchange, 403, "Forbidden", "this API key does not have admin scope");
            return;
        }
        if (!("Token token=" + apiKey).equals(auth)) {
            error(exchange, 401, "Unauthorized", "invalid or missing API key");
            return;
        }
        if (exchange.getRequestHeaders().getFirst("X-Api-Version") == null) {
            error(exchange, 400, "Bad Request", "X-Api-Version header is missing");
            return;
        }
        Map<String, String> query = query(exchange);
        int size;
        int number;
        try {
            size = Math.min(MAX_PAGE_SIZE, Integer.parseInt(query.getOrDefault("page[size]", "10")));
            number = Integer.parseInt(query.getOrDefault("page[number]", "1"));
        } catch (NumberFormatException e) {
            error(exchange, 400, "Bad Request", "page parameters must be integers");
            return;
        }
        if (size < 1 || number < 1) {
            error(exchange, 400, "Bad Request", "page parameters must be positive");
            return;
        }
        if (served(exchange, resource, number)) {
            return;
        }
        List<ObjectNode> all = data.resource(resource);
        all.sort((a, b) -> Long.compare(a.get("id").asLong(), b.get("id").asLong()));
        int pageCount = Math.max(1, (all.size() + size - 1) / size);
        List<ObjectNode> page = all.subList(Math.min(all.size(), (number - 1) * size), Math.min(all.size(), number * size));
        String include = query.getOrDefault("include", "");
        boolean includeDepartment = include.contains("department");

        ObjectNode body = JSON.createObjectNode();
        ArrayNode out = body.putArray("data");
        for (ObjectNode record : page) {
            out.add(resource.equals("users") ? serveUser(record, include) : record);
        }
        if (includeDepartment && resource.equals("users")) {
            ArrayNode included = body.putArray("included");
            page.stream().filter(u -> u.has("department_id")).map(u -> u.get("department_id").asInt()).distinct()
                    .forEach(id -> data.departments.stream().filter(d -> d.get("id").asInt() == id).findFirst().ifPresent(included::add));
        }
        ObjectNode meta = body.putObject("meta");
        meta.put("page-count", pageCount);
        meta.put("record-count", all.size());
        ObjectNode links = body.putObject("links");
        String base = (linkOrigin == null ? origin() : linkOrigin) + PREFIX + "/" + resource + "?";
        String extra = include.isEmpty() ? "" : "&include=" + include.replace(",", "%2C");
        links.put("first", base + "page%5Bnumber%5D=1&page%5Bsize%5D=" + size + extra);
        links.put("last", base + "page%5Bnumber%5D=" + pageCount + "&page%5Bsize%5D=" + size + extra);
        if (number < pageCount) {
            links.put("next", base + "page%5Bnumber%5D=" + (number + 1) + "&page%5Bsize%5D=" + size + extra);
        }
        if (number > 1) {
            links.put("prev", base + "page%5Bnumber%5D=" + (number - 1) + "&page%5Bsize%5D=" + size + extra);
        }
        send(exchange, 200, body, JSON_API);
    }

    /**
     * A stored user as served: department_id, location_id and team_ids become relationships. Like JSON:API servers
     * do, a to-many relationship (teams) carries its data only when included; the to-one ones always do.
     */
    private ObjectNode serveUser(ObjectNode stored, String include) {
        ObjectNode u = stored.deepCopy();
        u.remove("department_id");
        u.remove("location_id");
        u.remove("team_ids");
        String self = origin() + PREFIX + "/users/" + stored.get("id").asText();
        ObjectNode relationships = u.putObject("relationships");
        ObjectNode location = relationships.putObject("location");
        location.putObject("links").put("self", self + "/relationships/location").put("related", self + "/location");
        if (stored.has("location_id")) {
            location.putObject("data").put("type", "locations").put("id", stored.get("location_id").asText());
        } else {
            location.putNull("data");
        }
        ObjectNode teams = relationships.putObject("teams");
        teams.putObject("links").put("self", self + "/relationships/teams").put("related", self + "/teams");
        if (include.contains("teams")) {
            ArrayNode linkage = teams.putArray("data");
            stored.path("team_ids").forEach(t -> linkage.addObject().put("type", "teams").put("id", t.asText()));
        }
        ObjectNode department = relationships.putObject("department");
        department.putObject("links").put("self", self + "/relationships/department").put("related", self + "/department");
        if (stored.has("department_id")) {
            department.putObject("data").put("type", "departments").put("id", stored.get("department_id").asText());
        } else {
            department.putNull("data");
        }
        u.putObject("links").put("self", self);
        return u;
    }

    /**
     * Null when the request fits the budget, else the seconds until it would. Like the real API, every answer says
     * where the client stands: X-Rate-Limit-Limit, -Remaining, and -Reset (seconds until a request is free again).
     */
    private synchronized Long admit(HttpExchange exchange) {
        long now = System.currentTimeMillis();
        while (!recent.isEmpty() && recent.peekFirst() <= now - windowMillis) {
            recent.pollFirst();
        }
        Long retryAfter = null;
        if (recent.size() >= budget) {
            rateLimited++;
            retryAfter = Math.max(1, (recent.peekFirst() + windowMillis - now + 999) / 1000);
        } else {
            recent.addLast(now);
        }
        long reset = recent.isEmpty() ? 0 : Math.max(0, (recent.peekFirst() + windowMillis - now + 999) / 1000);
        exchange.getResponseHeaders().set("X-Rate-Limit-Limit", Integer.toString(budget));
        exchange.getResponseHeaders().set("X-Rate-Limit-Remaining", Integer.toString(Math.max(0, budget - recent.size())));
        exchange.getResponseHeaders().set("X-Rate-Limit-Reset", Long.toString(reset));
        return retryAfter;
    }

    private static void error(HttpExchange exchange, int status, String title, String detail) throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", Integer.toString(status));
        error.put("title", title);
        error.put("detail", detail);
        send(exchange, status, Map.of("errors", List.of(error)), JSON_API);
    }
}
