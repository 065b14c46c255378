package io.identitysync.simulators.teamtailor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.identitysync.simulators.SimulatorServer;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Teamtailor's public API (JSON:API) as a loopback server: {@code GET /v1/users}, {@code /v1/departments},
 * {@code /v1/locations} and {@code /v1/teams} with
 * {@code Authorization: Token token=KEY} (401; 403 for a key without admin scope), {@code X-Api-Version}
 * (406 when missing or not a date), {@code page[size]} (at most 30) and {@code page[number]}, {@code include},
 * and a request budget per window answered with 429 and {@code Retry-After} past it. Answers are built field for
 * field as jsonapi-resources builds Teamtailor's: string ids, {@code type}, kebab-case {@code attributes},
 * {@code relationships} as links (with linkage when included), {@code links.self}, {@code included}, page links
 * {@code first}/{@code prev}/{@code next}/{@code last} (next absent on the last page) and {@code meta}
 * {@code record-count}/{@code page-count}, which is 0 for an empty list.
 */
public final class TeamtailorSimulator extends SimulatorServer {

    public static final String PREFIX = "/v1";
    private static final String JSON_API = "application/vnd.api+json";
    private static final int MAX_PAGE_SIZE = 30;
    /** What a 406 names as the current API version. */
    public static final String CURRENT_API_VERSION = "20240904";
    /** The relationships each resource is served with: teamtailor-rb's fixtures, and Airbyte's schema for users' teams and for teams. */
    private static final Map<String, List<String>> RELATIONSHIPS = Map.of(
            "users", List.of("department", "location", "jobs", "teams"),
            "departments", List.of("roles", "team-memberships"),
            "teams", List.of("departments", "jobs", "locations", "roles", "user", "users"));
    /** meta.texts, as the fixtures of departments and locations carry it. */
    private static final Map<String, Map<String, String>> TEXTS = Map.of(
            "departments", orderedTexts("name-singular", "department", "name-plural", "departments", "all", "All departments"),
            "locations", orderedTexts("all", "All locations"));

    private final String apiKey;
    private final TeamtailorData data;
    private volatile String nonAdminKey = "";
    private volatile String linkOrigin;
    private volatile int budget = 50;
    private volatile long windowMillis = 10_000;
    private final Deque<Long> recent = new ArrayDeque<>();
    private int rateLimited;

    private static Map<String, String> orderedTexts(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

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
        String version = exchange.getRequestHeaders().getFirst("X-Api-Version");
        if (version == null || !version.trim().matches("\\d{8}")) {
            invalidApiVersion(exchange);
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
        // jsonapi-resources' PagedPaginator: ceil(record-count / size), so an empty list has page-count 0.
        int pageCount = (all.size() + size - 1) / size;
        List<ObjectNode> page = all.subList(Math.min(all.size(), (number - 1) * size), Math.min(all.size(), number * size));
        List<String> include = List.of(query.getOrDefault("include", "").split(","));

        ObjectNode body = JSON.createObjectNode();
        ArrayNode out = body.putArray("data");
        for (ObjectNode record : page) {
            out.add(served(resource, record, include));
        }
        if (resource.equals("users")) {
            ArrayNode included = JSON.createArrayNode();
            includeRelated(included, page, include, "department", "department_id", "departments");
            includeRelated(included, page, include, "location", "location_id", "locations");
            includeRelated(included, page, include, "teams", "team_ids", "teams");
            if (!included.isEmpty()) {
                body.set("included", included);
            }
        }
        ObjectNode meta = body.putObject("meta");
        if (TEXTS.containsKey(resource)) {
            ObjectNode texts = meta.putObject("texts");
            TEXTS.get(resource).forEach(texts::put);
        }
        meta.put("record-count", all.size());
        meta.put("page-count", pageCount);
        ObjectNode links = body.putObject("links");
        String base = (linkOrigin == null ? origin() : linkOrigin) + PREFIX + "/" + resource + "?";
        String includeParam = query.getOrDefault("include", "");
        String extra = includeParam.isEmpty() ? "" : "&include=" + includeParam.replace(",", "%2C");
        links.put("first", base + "page%5Bnumber%5D=1&page%5Bsize%5D=" + size + extra);
        if (number > 1) {
            links.put("prev", base + "page%5Bnumber%5D=" + (number - 1) + "&page%5Bsize%5D=" + size + extra);
        }
        if (number < pageCount) {
            links.put("next", base + "page%5Bnumber%5D=" + (number + 1) + "&page%5Bsize%5D=" + size + extra);
        }
        links.put("last", base + "page%5Bnumber%5D=" + Math.max(1, pageCount) + "&page%5Bsize%5D=" + size + extra);
        send(exchange, 200, body, JSON_API);
    }

    /** The related records a page's users name, each once, as a compound document's {@code included} carries them. */
    private void includeRelated(ArrayNode included, List<ObjectNode> page, List<String> include, String relationship, String field,
                                String resource) {
        if (!include.contains(relationship)) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (ObjectNode u : page) {
            JsonNode v = u.get(field);
            if (v != null && v.isArray()) {
                v.forEach(id -> ids.add(id.asText()));
            } else if (v != null) {
                ids.add(v.asText());
            }
        }
        for (ObjectNode record : data.resource(resource)) {
            if (ids.contains(record.get("id").asText())) {
                included.add(served(resource, record, List.of()));
            }
        }
    }

    /**
     * A stored record as served: its {@code links.self}, and its relationships as links, with their linkage
     * ({@code data}) only when the request includes them, as jsonapi-resources does by default. A user's
     * department_id, location_id and team_ids are that linkage.
     */
    private ObjectNode served(String resource, ObjectNode stored, List<String> include) {
        ObjectNode r = stored.deepCopy();
        r.remove("department_id");
        r.remove("location_id");
        r.remove("team_ids");
        String self = origin() + PREFIX + "/" + resource + "/" + stored.get("id").asText();
        r.putObject("links").put("self", self);
        List<String> names = RELATIONSHIPS.getOrDefault(resource, List.of());
        if (names.isEmpty()) {
            return r;
        }
        ObjectNode relationships = r.putObject("relationships");
        for (String name : names) {
            ObjectNode relationship = relationships.putObject(name);
            relationship.putObject("links").put("self", self + "/relationships/" + name).put("related", self + "/" + name);
            if (!resource.equals("users") || !include.contains(name)) {
                continue;
            }
            switch (name) {
                case "department", "location" -> {
                    JsonNode id = stored.get(name + "_id");
                    if (id == null) {
                        relationship.putNull("data");
                    } else {
                        relationship.putObject("data").put("type", name + "s").put("id", id.asText());
                    }
                }
                case "teams" -> {
                    ArrayNode linkage = relationship.putArray("data");
                    stored.path("team_ids").forEach(t -> linkage.addObject().put("type", "teams").put("id", t.asText()));
                }
                default -> {
                }
            }
        }
        return r;
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

    /** Teamtailor's JSON:API error document: {@code errors} as an array of {status, title, detail}. */
    private static void error(HttpExchange exchange, int status, String title, String detail) throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", Integer.toString(status));
        error.put("title", title);
        error.put("detail", detail);
        send(exchange, status, Map.of("errors", List.of(error)), JSON_API);
    }

    /**
     * A missing or malformed X-Api-Version: 406 with the body teamtailor-rb's specs stub (request_spec.rb,
     * client_spec.rb), an array whose status is a number; see src/test/resources/vendor/teamtailor/error-406.json.
     */
    private static void invalidApiVersion(HttpExchange exchange) throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", 406);
        error.put("title", "Invalid/Missing API Version");
        error.put("detail", "Please provide a correct API version in the X-Api-Version header. Current version is: " + CURRENT_API_VERSION);
        send(exchange, 406, Map.of("errors", List.of(error)), JSON_API);
    }
}
