package io.identitysync.simulators.factorial;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.identitysync.simulators.SimulatorServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Factorial's public API as a loopback server: {@code GET /api/2026-04-01/resources/{employees/employees,
 * teams/teams, teams/memberships, locations/locations, contracts/contract_versions, job_catalog/levels, timeoff/leave_types,
 * timeoff/policies, timeoff/leaves, contracts/compensations, custom_fields/{fields,options,values}}}, {@code x-api-key} auth (401 otherwise; 403 for a
 * {@linkplain #limitedKey limited key} on a resource its role cannot see) or OAuth bearer tokens from
 * {@code POST /oauth/token} (see {@link FactorialOAuth}), cursor pagination with {@code limit} (capped at 100) and {@code after_id}, answered as
 * {@code {data:[…], meta:{has_next_page, has_previous_page, limit, total, start_cursor?, end_cursor?}}} (the SDK's
 * PagedIndexMeta; the cursors are base64 of an id, as pagination.md shows them, and absent on an empty page).
 * Records are {@link FactorialData}'s, shaped as the SDK's models. Like the real list, employees include terminated
 * people unless {@code only_active=true} asks for those not terminated as of today; leaves waiting for approval
 * are left out unless {@code include_pending=true}, deleted ones unless {@code include_deleted_leaves=true}.
 * Like the real API's cursor, has_next_page is true whenever a page is full, so a source whose size is a
 * multiple of the limit ends with an empty page.
 */
public final class FactorialSimulator extends SimulatorServer {

    public static final String VERSION = "/api/2026-04-01";
    private static final int MAX_LIMIT = 100;
    /** Path → the resource it lists (FactorialData.resource names). */
    private static final Map<String, String> RESOURCES = Map.ofEntries(
            Map.entry(VERSION + "/resources/employees/employees", "employees"),
            Map.entry(VERSION + "/resources/teams/teams", "teams"),
            Map.entry(VERSION + "/resources/teams/memberships", "team_memberships"),
            Map.entry(VERSION + "/resources/locations/locations", "locations"),
            Map.entry(VERSION + "/resources/contracts/contract_versions", "contract_versions"),
            Map.entry(VERSION + "/resources/job_catalog/levels", "job_levels"),
            Map.entry(VERSION + "/resources/timeoff/leave_types", "leave_types"),
            Map.entry(VERSION + "/resources/timeoff/policies", "leave_policies"),
            Map.entry(VERSION + "/resources/timeoff/leaves", "leaves"),
            Map.entry(VERSION + "/resources/contracts/compensations", "compensations"),
            Map.entry(VERSION + "/resources/custom_fields/fields", "custom_fields"),
            Map.entry(VERSION + "/resources/custom_fields/options", "custom_field_options"),
            Map.entry(VERSION + "/resources/custom_fields/values", "custom_field_values"));

    private final String apiKey;
    private final FactorialData data;
    /** Keys whose role cannot see some resources (a key without payroll permissions): key → resources refused. */
    private final Map<String, Set<String>> limitedKeys = new ConcurrentHashMap<>();
    private final FactorialOAuth oauth = new FactorialOAuth();
    private final FactorialWebhooks webhooks = new FactorialWebhooks();
    /** Teams served without employee_ids and lead_ids (optional in Factorial's team model); empty set with all=true: every team. */
    private final Set<Integer> teamsWithoutMemberIds = ConcurrentHashMap.newKeySet();
    private volatile boolean allTeamsWithoutMemberIds;

    public FactorialSimulator(int port, String apiKey, FactorialData data) throws IOException {
        super(port);
        this.apiKey = apiKey;
        this.data = data;
    }

    private void subscriptions(HttpExchange exchange, String rest) throws IOException {
        String method = exchange.getRequestMethod();
        counted(method + " /webhook_subscriptions" + (rest.isEmpty() ? "" : "/{id}"));
        FactorialWebhooks.Answer answer;
        if (rest.isEmpty() && "GET".equals(method)) {
            Map<String, String> query = query(exchange);
            answer = webhooks.list(query.get("limit"), query.get("after_id"));
        } else if (rest.isEmpty() && "POST".equals(method)) {
            answer = webhooks.create(JSON.readTree(exchange.getRequestBody()));
        } else if (rest.startsWith("/") && "PUT".equals(method)) {
            answer = webhooks.update(rest.substring(1), JSON.readTree(exchange.getRequestBody()));
        } else if (rest.startsWith("/") && "DELETE".equals(method)) {
            answer = webhooks.delete(rest.substring(1));
        } else {
            answer = new FactorialWebhooks.Answer(405, Map.of("error", "Method not allowed"));
        }
        send(exchange, answer.status(), answer.body());
    }

    /** Factorial sends the record to the subscriptions of {@code type} (e.g. employees/employee/update), as it does on a change. */
    public void emit(String type, ObjectNode record) {
        webhooks.deliver(type, record, FactorialWebhooks.Delivery.SENT, 0);
    }

    /** The same delivery made twice, as Factorial's retries can. */
    public void emitTwice(String type, ObjectNode record) {
        webhooks.deliver(type, record, FactorialWebhooks.Delivery.DUPLICATED, 0);
    }

    /** A change whose delivery never arrives: only a scheduled run can find it. */
    public void emitLost(String type, ObjectNode record) {
        webhooks.deliver(type, record, FactorialWebhooks.Delivery.LOST, 0);
    }

    /** A delivery that arrives late (and so maybe after a later one). */
    public void emitLater(String type, ObjectNode record, long delayMillis) {
        webhooks.deliver(type, record, FactorialWebhooks.Delivery.SENT, delayMillis);
    }

    /** The HTTP status each delivery got. */
    public List<Integer> deliveryAnswers() {
        return webhooks.answers();
    }

    /** An OAuth application: its client id and secret, and a refresh token the company granted it. */
    public FactorialSimulator oauthClient(String clientId, String clientSecret, String refreshToken) {
        oauth.client(clientId, clientSecret, refreshToken);
        return this;
    }

    /** How long the access tokens it issues last (an hour, like Factorial's, unless a test shortens it). */
    public FactorialSimulator accessTokenLifetime(long seconds) {
        oauth.lifetime(seconds);
        return this;
    }

    /** The company revoked the application's access: its refresh and access tokens stop working. */
    public void revokeOAuthGrant() {
        oauth.revoke();
    }

    /** Another valid key, refused (403) on these resources, as a key whose role lacks their permission is. */
    public FactorialSimulator limitedKey(String key, String... refused) {
        limitedKeys.put(key, Set.of(refused));
        return this;
    }

    /**
     * Serve these teams (none named: every team) without employee_ids and lead_ids, as Factorial's team model allows;
     * their memberships are still listed by teams/memberships.
     */
    public FactorialSimulator teamsWithoutMemberIds(int... teamIds) {
        if (teamIds.length == 0) {
            allTeamsWithoutMemberIds = true;
        }
        for (int id : teamIds) {
            teamsWithoutMemberIds.add(id);
        }
        return this;
    }

    /** The value for factorial.base-url. */
    public String baseUrl() {
        return origin() + VERSION;
    }

    public FactorialData data() {
        return data;
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        if ("/oauth/token".equals(exchange.getRequestURI().getPath()) && "POST".equals(exchange.getRequestMethod())) {
            counted("POST /oauth/token");
            FactorialOAuth.Answer answer = oauth.token(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            send(exchange, answer.status(), answer.body());
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith(VERSION + "/resources/api_public/")) {
            // The company's own API key, or a bearer token issued by the token endpoint.
            String bearer = exchange.getRequestHeaders().getFirst("Authorization");
            boolean oauthed = bearer != null && bearer.startsWith("Bearer ") && oauth.valid(bearer.substring("Bearer ".length()));
            if (bearer != null && !oauthed) {
                send(exchange, 401, Map.of("error", "invalid_token", "error_description", "The access token is invalid or has expired"));
                return;
            }
            if (!oauthed && !apiKey.equals(exchange.getRequestHeaders().getFirst("x-api-key"))) {
                send(exchange, 401, Map.of("error", "Unauthorized", "message", "Invalid or missing API key"));
                return;
            }
            String rest = path.substring((VERSION + "/resources/api_public/").length());
            if (rest.equals("credentials") && "GET".equals(exchange.getRequestMethod())) {
                counted("GET /credentials");
                FactorialWebhooks.Answer answer = webhooks.credentials(oauthed);
                send(exchange, answer.status(), answer.body());
            } else if (rest.equals("webhook_subscriptions") || rest.startsWith("webhook_subscriptions/")) {
                subscriptions(exchange, rest.substring("webhook_subscriptions".length()));
            } else {
                send(exchange, 404, Map.of("error", "Not found"));
            }
            return;
        }
        String resource = RESOURCES.get(path);
        if (resource == null) {
            send(exchange, 404, Map.of("error", "Not found"));
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 405, Map.of("error", "Method not allowed"));
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("x-api-key");
        String bearer = exchange.getRequestHeaders().getFirst("Authorization");
        boolean oauthed = bearer != null && bearer.startsWith("Bearer ") && oauth.valid(bearer.substring("Bearer ".length()));
        if (bearer != null && !oauthed && key == null) {
            send(exchange, 401, Map.of("error", "invalid_token", "error_description", "The access token is invalid or has expired"));
            return;
        }
        if (!oauthed && !apiKey.equals(key) && (key == null || !limitedKeys.containsKey(key))) {
            send(exchange, 401, Map.of("error", "Unauthorized", "message", "Invalid or missing API key"));
            return;
        }
        if (key != null && limitedKeys.getOrDefault(key, Set.of()).contains(resource)) {
            send(exchange, 403, Map.of("error", "Forbidden", "message", "You are not allowed to access this resource"));
            return;
        }
        counted(resource);
        Map<String, String> query = query(exchange);
        int limit;
        try {
            limit = query.containsKey("limit") ? Math.min(MAX_LIMIT, Integer.parseInt(query.get("limit"))) : MAX_LIMIT;
        } catch (NumberFormatException e) {
            send(exchange, 400, Map.of("error", "Bad request", "message", "limit must be an integer"));
            return;
        }
        if (limit < 1) {
            send(exchange, 400, Map.of("error", "Bad request", "message", "limit must be positive"));
            return;
        }
        long after = 0;
        if (query.containsKey("after_id")) {
            try {
                after = Long.parseLong(new String(Base64.getDecoder().decode(query.get("after_id")), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                send(exchange, 400, Map.of("error", "Bad request", "message", "invalid cursor"));
                return;
            }
        }
        List<ObjectNode> all = data.resource(resource);
        // Factorial's list filters a targeted read uses: employees by id, contract versions and team memberships by
        // employee (the SDK's MembershipEndpoint.all takes employee_ids).
        List<String> ids = queryValues(exchange, "employees".equals(resource) ? "ids[]" : "employee_ids[]");
        if (!ids.isEmpty() && List.of("employees", "contract_versions", "team_memberships").contains(resource)) {
            String field = "employees".equals(resource) ? "id" : "employee_id";
            all.removeIf(r -> !ids.contains(r.path(field).asText()));
        }
        String refused = FactorialListFilters.apply(resource, all, query, data.today());
        if (refused != null) {
            send(exchange, 400, Map.of("error", "Bad request", "message", refused));
            return;
        }
        if ("teams".equals(resource)) {
            all.replaceAll(t -> allTeamsWithoutMemberIds || teamsWithoutMemberIds.contains(t.path("id").asInt()) ? withoutMemberIds(t) : t);
        }
        all.sort((a, b) -> Long.compare(a.get("id").asLong(), b.get("id").asLong()));
        // Sorted by id: the page starts at the first id after the cursor (a binary search keeps big companies fast).
        int lo = 0;
        int hi = all.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (all.get(mid).get("id").asLong() <= after) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        List<ObjectNode> rest = all.subList(lo, all.size());
        int pageNumber = lo / limit + 1;
        if (served(exchange, resource, pageNumber)) {
            return;
        }
        List<ObjectNode> page = rest.subList(0, Math.min(limit, rest.size()));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("limit", limit);
        meta.put("total", all.size());
        meta.put("has_next_page", page.size() == limit);
        meta.put("has_previous_page", after > 0);
        if (!page.isEmpty()) {
            meta.put("start_cursor", cursor(page.get(0)));
            meta.put("end_cursor", cursor(page.get(page.size() - 1)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", page);
        body.put("meta", meta);
        send(exchange, 200, body);
    }

    /** Factorial's cursor: the record's id, base64 (pagination.md: after_id=MTY= is the page after id 16). */
    static String cursor(ObjectNode record) {
        return Base64.getEncoder().encodeToString(record.get("id").asText().getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode withoutMemberIds(ObjectNode team) {
        ObjectNode copy = team.deepCopy();
        copy.remove("employee_ids");
        copy.remove("lead_ids");
        return copy;
    }
}
