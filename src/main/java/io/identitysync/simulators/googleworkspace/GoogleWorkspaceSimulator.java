package io.identitysync.simulators.googleworkspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.identitysync.simulators.Fault;
import io.identitysync.simulators.SimulatorServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google's OAuth 2.0 token endpoint for service accounts and the Directory API's users methods, as a loopback server.
 * The token endpoint ({@code POST /token}, RFC 7523 jwt-bearer) verifies the assertion's RS256 signature against the
 * key's public half and its {@code iss} (the service account), {@code sub} (the administrator), {@code aud}
 * (https://oauth2.googleapis.com/token), {@code iat}/{@code exp} (at most an hour) and {@code scope} (only scopes the
 * administrator delegated), answering Google's OAuth errors. Under {@code /admin/directory/v1/users}: list
 * ({@code customer=my_customer} or {@code domain}, {@code query}, {@code maxResults} ≤ 500, {@code pageToken} /
 * {@code nextPageToken}, {@code users} absent when none), get, insert, patch, update, delete; refusals carry Google's
 * body {@code {"error": {"code", "message", "errors": [{"message", "domain", "reason"}]}}}. The groups and members
 * methods are {@link GoogleGroupsApi}'s, each access token keeping the scopes it was granted.
 */
public final class GoogleWorkspaceSimulator extends SimulatorServer {

    public static final String AUDIENCE = "https://oauth2.googleapis.com/token";
    private static final String GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final Pattern USER = Pattern.compile("/admin/directory/v1/users/([^/]+)");

    private final PublicKey publicKey;
    private final String clientEmail;
    private final String adminEmail;
    private final GoogleDirectoryUsers users = new GoogleDirectoryUsers();
    private final GoogleDirectoryGroups groups = new GoogleDirectoryGroups(users);
    private final GoogleGroupsApi groupsApi = new GoogleGroupsApi(groups);
    /** Each access token issued, with the scopes it was granted. */
    private final Map<String, Set<String>> tokens = new ConcurrentHashMap<>();
    private volatile Set<String> delegated = Set.of("https://www.googleapis.com/auth/admin.directory.user",
            "https://www.googleapis.com/auth/admin.directory.group", "https://www.googleapis.com/auth/admin.directory.group.member");
    private volatile String lastScope;

    public GoogleWorkspaceSimulator(int port, PublicKey publicKey, String clientEmail, String adminEmail) throws IOException {
        super(port);
        this.publicKey = publicKey;
        this.clientEmail = clientEmail;
        this.adminEmail = adminEmail;
    }

    /** The key file's token_uri. */
    public String tokenUri() {
        return origin() + "/token";
    }

    /** The directory's url. */
    public String baseUrl() {
        return origin();
    }

    public GoogleDirectoryUsers users() {
        return users;
    }

    public GoogleDirectoryGroups groups() {
        return groups;
    }

    /** The scopes the administrator delegated to the service account in the Admin console. */
    public void delegate(String... scopes) {
        this.delegated = Set.of(scopes);
    }

    /** The access tokens issued so far (for a test that checks none is printed). */
    public Set<String> issuedTokens() {
        return Set.copyOf(tokens.keySet());
    }

    /** The scope of the last assertion accepted. */
    public String lastScope() {
        return lastScope;
    }

    /**
     * Google's quota answer: 429, or 403 with reason rateLimitExceeded / userRateLimitExceeded, worded as Google's
     * "Handle API errors" guide shows them.
     */
    public static Fault quota(int status, String reason) {
        String message = reason.equals("userRateLimitExceeded") ? "User Rate Limit Exceeded" : "Rate Limit Exceeded";
        return new Fault(Fault.Kind.ANSWER, status, "{\"error\":{\"errors\":[{\"domain\":\"usageLimits\",\"reason\":\"" + reason
                + "\",\"message\":\"" + message + "\"}],\"code\":" + status + ",\"message\":\"" + message + "\"}}", Map.of(), 0);
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String operation = method + " " + path.replaceFirst("^/admin/directory/v1", "").replaceAll("^/users/[^/]+$", "/users/{key}")
                .replaceAll("^/groups/[^/]+/members/[^/]+$", "/groups/{key}/members/{memberKey}")
                .replaceAll("^/groups/[^/]+/members$", "/groups/{key}/members").replaceAll("^/groups/[^/]+$", "/groups/{key}");
        int n = counted(operation);
        if (served(exchange, operation, n)) {
            return;
        }
        if (path.equals("/token") && method.equals("POST")) {
            token(exchange);
            return;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !tokens.containsKey(auth.substring(7))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"");
            error(exchange, 401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid "
                    + "authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.", "authError");
            return;
        }
        try {
            if (path.startsWith("/admin/directory/v1/groups")) {
                GoogleGroupsApi.Answer a = groupsApi.handle(method, path, query(exchange), () -> body(exchange), tokens.get(auth.substring(7)));
                if (a.body() == null) {
                    exchange.sendResponseHeaders(a.status(), -1);
                } else {
                    send(exchange, a.status(), a.body());
                }
                return;
            }
            route(exchange, method, path);
        } catch (GoogleDirectoryUsers.Refused r) {
            error(exchange, r.status, r.getMessage(), r.reason);
        }
    }

    private void route(HttpExchange exchange, String method, String path) throws IOException {
        Matcher m = USER.matcher(path);
        if (path.equals("/admin/directory/v1/users")) {
            switch (method) {
                case "GET" -> list(exchange);
                case "POST" -> send(exchange, 200, users.insert(body(exchange)));
                default -> error(exchange, 405, "Method Not Allowed", "methodNotAllowed");
            }
        } else if (m.matches()) {
            String key = java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            switch (method) {
                case "GET" -> send(exchange, 200, users.get(key));
                case "PATCH" -> send(exchange, 200, users.modify(key, body(exchange), false));
                case "PUT" -> send(exchange, 200, users.modify(key, body(exchange), true));
                case "DELETE" -> {
                    users.delete(key);
                    exchange.sendResponseHeaders(204, -1);
                }
                default -> error(exchange, 405, "Method Not Allowed", "methodNotAllowed");
            }
        } else {
            error(exchange, 404, "Not Found", "notFound");
        }
    }

    /** users.list: the customer's users in id order, maxResults at a time; the page token is the next offset. */
    private void list(HttpExchange exchange) throws IOException {
        Map<String, String> q = query(exchange);
        if (!q.containsKey("customer") && !q.containsKey("domain")) {
            error(exchange, 400, "Bad Request", "badRequest");
            return;
        }
        if (q.containsKey("customer") && !q.get("customer").equals("my_customer") && !q.get("customer").startsWith("C")) {
            error(exchange, 400, "Bad Request", "badRequest");
            return;
        }
        int max;
        int from;
        try {
            max = Integer.parseInt(q.getOrDefault("maxResults", "100"));
            from = Integer.parseInt(q.getOrDefault("pageToken", "0"));
        } catch (NumberFormatException e) {
            error(exchange, 400, "Invalid Input", "invalid");
            return;
        }
        if (max < 1 || max > 500) {
            error(exchange, 400, "Invalid value '" + max + "'. Values must be within the range: [1, 500]", "invalid");
            return;
        }
        List<ObjectNode> all = users.search(q.get("query"));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("kind", "admin#directory#users");
        page.put("etag", "\"list-" + all.size() + "\"");
        List<ObjectNode> slice = all.subList(Math.min(from, all.size()), Math.min(from + max, all.size()));
        if (!slice.isEmpty()) {
            page.put("users", slice);
        }
        if (from + max < all.size()) {
            page.put("nextPageToken", Integer.toString(from + max));
        }
        send(exchange, 200, page);
    }

    /** The jwt-bearer grant, checked as Google does; the answer is an access token for an hour. */
    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!GRANT.equals(form.get("grant_type"))) {
            oauthError(exchange, 400, "unsupported_grant_type", "Invalid grant_type: " + form.getOrDefault("grant_type", ""));
            return;
        }
        String[] parts = form.getOrDefault("assertion", "").split("\\.");
        JsonNode header;
        JsonNode claims;
        try {
            header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (RuntimeException | IOException e) {
            oauthError(exchange, 400, "invalid_grant", "Invalid JWT: could not be parsed");
            return;
        }
        if (parts.length != 3 || !"RS256".equals(header.path("alg").asText()) || !verified(parts)) {
            oauthError(exchange, 400, "invalid_grant", "Invalid JWT Signature.");
            return;
        }
        if (!clientEmail.equals(claims.path("iss").asText())) {
            oauthError(exchange, 401, "invalid_client", "The OAuth client was not found.");
            return;
        }
        if (!AUDIENCE.equals(claims.path("aud").asText())) {
            oauthError(exchange, 400, "invalid_grant", "Invalid JWT: Failed audience check. The expected value is " + AUDIENCE);
            return;
        }
        long now = Instant.now().getEpochSecond();
        long iat = claims.path("iat").asLong(0);
        long exp = claims.path("exp").asLong(0);
        if (exp <= now || iat > now + 60 || exp - iat > 3600) {
            oauthError(exchange, 400, "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
                    + "Check your iat and exp values in the JWT claim.");
            return;
        }
        if (!adminEmail.equalsIgnoreCase(claims.path("sub").asText())) {
            oauthError(exchange, 400, "invalid_grant", "Invalid email or User ID");
            return;
        }
        Set<String> scopes = new HashSet<>(Arrays.asList(claims.path("scope").asText("").split(" ")));
        scopes.remove("");
        if (scopes.isEmpty() || !delegated.containsAll(scopes)) {
            oauthError(exchange, 401, "unauthorized_client", "Client is unauthorized to retrieve access tokens using this method, or client not "
                    + "authorized for any of the scopes requested.");
            return;
        }
        lastScope = claims.path("scope").asText();
        String token = "ya29.sim-" + UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, Set.copyOf(scopes));
        send(exchange, 200, Map.of("access_token", token, "expires_in", 3599, "token_type", "Bearer"));
    }

    private boolean verified(String[] parts) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(publicKey);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return rsa.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static JsonNode body(HttpExchange exchange) {
        try {
            return JSON.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            throw new GoogleDirectoryUsers.Refused(400, "Invalid JSON payload received.", "parseError");
        }
    }

    private static void oauthError(HttpExchange exchange, int status, String error, String description) throws IOException {
        send(exchange, status, Map.of("error", error, "error_description", description));
    }

    private static void error(HttpExchange exchange, int status, String message, String reason) throws IOException {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", message);
        detail.put("domain", "global");
        detail.put("reason", reason);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", status);
        error.put("message", message);
        error.put("errors", List.of(detail));
        send(exchange, status, Map.of("error", error));
    }
}
