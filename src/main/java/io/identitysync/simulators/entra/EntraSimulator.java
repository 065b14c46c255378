package io.identitysync.simulators.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.identitysync.simulators.Fault;
import io.identitysync.simulators.SimulatorServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Entra ID as a loopback pair: the Microsoft identity platform's token endpoint over TLS ({@link EntraLogin},
 * the client credentials grant, AADSTS refusals) and Microsoft Graph v1.0 over HTTP under {@code /v1.0}, which takes
 * only the bearer tokens the login issued and not yet expired. Users ({@link GraphUsers}): list with {@code $filter}
 * ({@code <property> eq '<value>'} on employeeId, userPrincipalName, mail, displayName), {@code $select}, {@code $top}
 * (1 to 999, default 100) and {@code @odata.nextLink}; get by id or userPrincipalName; create (201); update and
 * delete (204); the manager and its {@code $ref}. Groups ({@link GraphGroups}) likewise, with {@code members/$ref}.
 * Refusals carry Graph's error body; the application permissions granted ({@link #grant}) are checked as Graph does,
 * employeeLeaveDateTime needing User-LifeCycleInfo.ReadWrite.All.
 */
public final class EntraSimulator extends SimulatorServer {

    public static final String SCOPE = "https://graph.microsoft.com/.default";
    private static final Pattern FILTER = Pattern.compile("(\\w+) eq '((?:[^']|'')*)'");
    private static final Pattern ONE = Pattern.compile("/v1\\.0/(users|groups)/([^/]+)(/.*)?");
    private static final int DEFAULT_TOP = 100;

    private final EntraLogin login;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final GraphUsers users;
    private final GraphGroups groups = new GraphGroups();
    private volatile Set<String> granted = Set.of("User.ReadWrite.All", "Group.ReadWrite.All", "User-LifeCycleInfo.ReadWrite.All");

    /** @param domains the tenant's verified domains: the only ones a userPrincipalName may end with */
    public EntraSimulator(String tenantId, String clientId, String clientSecret, String... domains) throws IOException {
        super(0);
        this.login = new EntraLogin(tenantId, clientId, clientSecret, tokens);
        this.users = new GraphUsers(Set.of(domains));
    }

    /** The directory's url (Graph v1.0). */
    public String baseUrl() {
        return origin() + "/v1.0";
    }

    /** The directory's login-url (https, on loopback). */
    public String loginUrl() {
        return login.url();
    }

    /** Token requests the login endpoint got. */
    public int tokenRequests() {
        return login.requests();
    }

    /** The access tokens issued so far (for a test that checks none is printed). */
    public Set<String> issuedTokens() {
        return Set.copyOf(tokens.keySet());
    }

    /** The app registration's secret changes (the old one is refused from now). */
    public void secret(String secret) {
        login.secret(secret);
    }

    /** How long the next tokens last, in seconds. */
    public void tokenLifetime(int seconds) {
        login.expiresIn(seconds);
    }

    /** The application permissions an administrator consented to. */
    public void grant(String... roles) {
        this.granted = Set.of(roles);
    }

    public GraphUsers users() {
        return users;
    }

    public GraphGroups groups() {
        return groups;
    }

    /** The trust store (PKCS12, password changeit) a child JVM needs to reach the login endpoint. */
    public static Path trustStore() throws IOException {
        return EntraLogin.trustStore();
    }

    /** The JVM options that make a child JVM trust the login endpoint. */
    public static List<String> trustOptions() throws IOException {
        return List.of("-Djavax.net.ssl.trustStore=" + trustStore(), "-Djavax.net.ssl.trustStorePassword=" + EntraLogin.STORE_PASSWORD,
                "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    /** This JVM trusts the login endpoint (and still every CA the JDK trusts). */
    public static void trustInThisJvm() throws IOException {
        EntraLogin.trustInThisJvm();
    }

    /** Graph's throttling answer: 429 with Retry-After in seconds. */
    public static Fault throttled(int seconds) {
        return new Fault(Fault.Kind.ANSWER, 429, GraphRefused.body("TooManyRequests", "Too many requests.").toString(),
                Map.of("Retry-After", Integer.toString(seconds)), 0);
    }

    /** A refusal with Graph's body. */
    public static Fault refusal(int status, String code, String message) {
        return new Fault(Fault.Kind.ANSWER, status, GraphRefused.body(code, message).toString(), Map.of(), 0);
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String operation = method + " " + path.replaceFirst("^/v1\\.0", "").replaceAll("^/(users|groups)/[^/]+", "/$1/{id}")
                .replaceAll("/members/[^/]+/\\$ref$", "/members/{id}/\\$ref");
        int n = counted(operation);
        if (served(exchange, operation, n)) {
            return;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        Instant expires = auth == null || !auth.startsWith("Bearer ") ? null : tokens.get(auth.substring(7));
        if (expires == null || expires.isBefore(Instant.now())) {
            error(exchange, new GraphRefused(401, "InvalidAuthenticationToken", expires == null ? "Access token validation failure. Invalid audience."
                    : "Lifetime validation failed, the token is expired."));
            return;
        }
        try {
            route(exchange, method, path);
        } catch (GraphRefused r) {
            error(exchange, r);
        }
    }

    private void route(HttpExchange exchange, String method, String path) throws IOException {
        Map<String, String> q = query(exchange);
        if (path.equals("/v1.0/users") || path.equals("/v1.0/groups")) {
            boolean isUsers = path.endsWith("users");
            need(method.equals("GET") ? null : isUsers ? "User.ReadWrite.All" : "Group.ReadWrite.All");
            switch (method) {
                case "GET" -> list(exchange, isUsers, q);
                case "POST" -> {
                    JsonNode body = body(exchange);
                    if (isUsers) {
                        lifecycle(body);
                    }
                    ObjectNode created = isUsers ? GraphUsers.view(users.create(body), null) : groups.create(body);
                    created = created.deepCopy();
                    ObjectNode out = JSON.createObjectNode().put("@odata.context", baseUrl() + "/$metadata#" + (isUsers ? "users" : "groups") + "/$entity");
                    out.setAll(created);
                    send(exchange, 201, out);
                }
                default -> throw new GraphRefused(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
            }
            return;
        }
        Matcher m = ONE.matcher(path);
        if (!m.matches()) {
            throw new GraphRefused(400, "BadRequest", "Resource not found for the segment '" + path.replaceFirst("^/v1\\.0/", "") + "'.");
        }
        String id = URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
        String rest = m.group(3) == null ? "" : m.group(3);
        if (m.group(1).equals("users")) {
            user(exchange, method, id, rest, q);
        } else {
            group(exchange, method, id, rest);
        }
    }

    private void user(HttpExchange exchange, String method, String id, String rest, Map<String, String> q) throws IOException {
        switch (method + " " + rest) {
            case "GET " -> send(exchange, 200, withContext(GraphUsers.view(users.existing(id), GraphUsers.select(q.get("$select"))), "users/$entity"));
            case "PATCH " -> {
                need("User.ReadWrite.All");
                JsonNode body = body(exchange);
                lifecycle(body);
                users.update(id, body);
                noContent(exchange);
            }
            case "DELETE " -> {
                need("User.ReadWrite.All");
                String key = users.existing(id).path("id").asText();
                users.delete(id);
                groups.forgetUser(key);
                noContent(exchange);
            }
            case "GET /manager" -> {
                ObjectNode manager = GraphUsers.view(users.manager(id), GraphUsers.select(q.get("$select")));
                ObjectNode out = withContext(JSON.createObjectNode().put("@odata.type", "#microsoft.graph.user"), "directoryObjects/$entity");
                out.setAll(manager);
                send(exchange, 200, out);
            }
            case "PUT /manager/$ref" -> {
                need("User.ReadWrite.All");
                users.setManager(id, referenced(body(exchange)));
                noContent(exchange);
            }
            default -> throw new GraphRefused(400, "BadRequest", "Resource not found for the segment '" + rest + "'.");
        }
    }

    private void group(HttpExchange exchange, String method, String id, String rest) throws IOException {
        if (!method.equals("GET")) {
            need("Group.ReadWrite.All");
        }
        if (method.equals("PATCH") && rest.isEmpty()) {
            groups.update(id, body(exchange));
        } else if (method.equals("DELETE") && rest.isEmpty()) {
            groups.delete(id);
        } else if (method.equals("POST") && rest.equals("/members/$ref")) {
            String member = referenced(body(exchange));
            users.existing(member);
            groups.addMember(id, member);
        } else if (method.equals("DELETE") && rest.matches("/members/[^/]+/\\$ref")) {
            groups.removeMember(id, rest.split("/")[2]);
        } else {
            throw new GraphRefused(400, "BadRequest", "Resource not found for the segment '" + rest + "'.");
        }
        noContent(exchange);
    }

    /** A list page: the filter applied, $top items from the $skiptoken's offset, the next page's link when more remain. */
    private void list(HttpExchange exchange, boolean isUsers, Map<String, String> q) throws IOException {
        String field = null;
        String value = null;
        if (q.containsKey("$filter")) {
            Matcher f = FILTER.matcher(q.get("$filter").trim());
            if (!f.matches() || !(isUsers ? Set.of("employeeId", "userPrincipalName", "mail", "displayName", "id") : Set.of("displayName", "id"))
                    .contains(f.group(1))) {
                throw new GraphRefused(400, "Request_UnsupportedQuery", "Unsupported Query.");
            }
            field = f.group(1);
            value = f.group(2).replace("''", "'");
        }
        int top;
        int from;
        try {
            top = Integer.parseInt(q.getOrDefault("$top", Integer.toString(DEFAULT_TOP)));
            from = q.containsKey("$skiptoken") ? Integer.parseInt(new String(java.util.Base64.getUrlDecoder().decode(q.get("$skiptoken")),
                    StandardCharsets.UTF_8).replaceFirst("^offset:", "")) : 0;
        } catch (IllegalArgumentException e) {
            throw GraphRefused.badRequest("Invalid page size specified: '" + q.get("$top") + "'. Must be between 1 and 999 inclusive.");
        }
        if (top < 1 || top > 999) {
            throw GraphRefused.badRequest("Invalid page size specified: '" + top + "'. Must be between 1 and 999 inclusive.");
        }
        List<String> select = isUsers ? GraphUsers.select(q.get("$select")) : null;
        List<ObjectNode> all = isUsers ? users.where(field, value) : groups.where(field, value);
        ObjectNode page = JSON.createObjectNode().put("@odata.context", baseUrl() + "/$metadata#" + (isUsers ? "users" : "groups"));
        ArrayNode items = page.putArray("value");
        for (ObjectNode item : all.subList(Math.min(from, all.size()), Math.min(from + top, all.size()))) {
            items.add(isUsers ? GraphUsers.view(item, select) : item);
        }
        if (from + top < all.size()) {
            String raw = exchange.getRequestURI().getRawQuery().replaceAll("&?\\$skiptoken=[^&]*", "");
            String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + (from + top)).getBytes(StandardCharsets.UTF_8));
            page.put("@odata.nextLink", baseUrl() + (isUsers ? "/users" : "/groups") + "?" + raw + "&$skiptoken=" + token);
        }
        send(exchange, 200, page);
    }

    private void need(String role) {
        if (role != null && !granted.contains(role)) {
            throw GraphRefused.denied();
        }
    }

    /** Writing employeeLeaveDateTime needs User-LifeCycleInfo.ReadWrite.All besides User.ReadWrite.All. */
    private void lifecycle(JsonNode body) {
        if (body != null && body.has("employeeLeaveDateTime")) {
            need("User-LifeCycleInfo.ReadWrite.All");
        }
    }

    /** The id at the end of a reference body's {@code @odata.id}. */
    private static String referenced(JsonNode body) {
        String ref = body == null ? "" : body.path("@odata.id").asText("");
        if (ref.isEmpty()) {
            throw GraphRefused.badRequest("Invalid object identifier ''.");
        }
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private ObjectNode withContext(ObjectNode item, String context) {
        ObjectNode out = JSON.createObjectNode().put("@odata.context", baseUrl() + "/$metadata#" + context);
        out.setAll(item);
        return out;
    }

    private static JsonNode body(HttpExchange exchange) {
        try {
            return JSON.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            throw GraphRefused.badRequest("Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
        }
    }

    private static void noContent(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(204, -1);
    }

    private static void error(HttpExchange exchange, GraphRefused r) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(r.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(r.status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        login.close();
        super.close();
    }
}
