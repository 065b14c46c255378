package io.identitysync.simulators.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.identitysync.simulators.SimulatorServer;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SCIM 2.0 service provider (RFC 7643/7644) on loopback, as Okta, Entra ID and most SaaS apps serve one:
 * {@code Authorization: Bearer} (401), {@code /ServiceProviderConfig} (PATCH supported or not, filtering, no bulk),
 * {@code /Users} and {@code /Groups} with {@code filter=attr eq "value"}, {@code startIndex} and {@code count} answered
 * as a ListResponse, POST (201, 409 uniqueness), GET, PUT, PATCH (501 when it says it has none), DELETE (204), and
 * SCIM's error body {@code {schemas, status, scimType, detail}}. Faults per operation, as the other simulators:
 * {@code fault("POST /Users", 1, Fault.status(503))}.
 */
public final class ScimSimulator extends SimulatorServer {

    private static final String BASE = "/scim/v2";
    private static final Pattern RESOURCE = Pattern.compile(BASE + "/(Users|Groups)(?:/([^/]+))?");
    private static final Pattern FILTER = Pattern.compile("([A-Za-z.]+) eq \"([^\"]*)\"");
    private static final int MAX_RESULTS = 200;
    static final String SCIM_JSON = "application/scim+json";

    private final String token;
    private final ScimDirectory directory;
    private volatile boolean patchSupported = true;
    private volatile boolean strictMediaType;

    public ScimSimulator(int port, String token) throws IOException {
        this(port, token, Clock.systemUTC());
    }

    /** @param clock what meta.created and meta.lastModified say */
    public ScimSimulator(int port, String token, Clock clock) throws IOException {
        super(port);
        this.token = token;
        this.directory = new ScimDirectory(baseUrl(), clock);
    }

    /** The value for a scim directory's url. */
    public String baseUrl() {
        return origin() + BASE;
    }

    public ScimDirectory directory() {
        return directory;
    }

    /** What /ServiceProviderConfig says of PATCH (and what PATCH then answers: 501 when unsupported). */
    public void patchSupported(boolean supported) {
        this.patchSupported = supported;
    }


    /**
     * A strict provider: it takes only what RFC 7644 §3.8 says it MUST, application/scim+json; a body sent as
     * anything else is 415 and an Accept without it is 406, each with SCIM's error body. Off by default, as most
     * providers also take application/json (a SHOULD).
     */
    public void strictMediaType(boolean strict) {
        this.strictMediaType = strict;
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String operation = method + " " + path.replaceFirst("^" + BASE, "").replaceAll("^(/(Users|Groups))/[^/]+$", "$1/{id}");
        int n = counted(operation);
        if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            error(exchange, 401, null, "Authorization failure. The authorization header is invalid or missing.");
            return;
        }
        if (served(exchange, operation, n)) {
            return;
        }
        if (strictMediaType && !mediaTypeAccepted(exchange)) {
            return;
        }
        try {
            route(exchange, method, path);
        } catch (ScimDirectory.Refused refused) {
            error(exchange, refused.status, refused.scimType, refused.getMessage());
        }
    }

    private void route(HttpExchange exchange, String method, String path) throws IOException {
        if (path.equals(BASE + "/ServiceProviderConfig") && method.equals("GET")) {
            ObjectNode config = JSON.createObjectNode();
            config.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
            config.putObject("patch").put("supported", patchSupported);
            config.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
            config.putObject("filter").put("supported", true).put("maxResults", MAX_RESULTS);
            config.putObject("changePassword").put("supported", false);
            config.putObject("sort").put("supported", false);
            config.putObject("etag").put("supported", false);
            config.putArray("authenticationSchemes").addObject().put("type", "oauthbearertoken").put("name", "OAuth Bearer Token")
                    .put("description", "Authentication with a bearer token");
            scim(exchange, 200, config);
            return;
        }
        Matcher m = RESOURCE.matcher(path);
        if (!m.matches()) {
            error(exchange, 404, null, "Resource " + path + " not found");
            return;
        }
        String type = m.group(1);
        String id = m.group(2);
        if (id == null && method.equals("GET")) {
            list(exchange, type);
        } else if (id == null && method.equals("POST")) {
            ObjectNode created = directory.create(type, body(exchange));
            exchange.getResponseHeaders().set("Location", baseUrl() + "/" + type + "/" + created.path("id").asText());
            scim(exchange, 201, created);
        } else if (id != null) {
            switch (method) {
                case "GET" -> scim(exchange, 200, directory.get(type, id));
                case "PUT" -> scim(exchange, 200, directory.replace(type, id, body(exchange)));
                case "PATCH" -> {
                    if (!patchSupported) {
                        error(exchange, 501, null, "PATCH is not supported");
                        return;
                    }
                    scim(exchange, 200, directory.patch(type, id, body(exchange)));
                }
                case "DELETE" -> {
                    directory.delete(type, id);
                    exchange.sendResponseHeaders(204, -1);
                }
                default -> error(exchange, 405, null, "Method not allowed");
            }
        } else {
            error(exchange, 405, null, "Method not allowed");
        }
    }

    /** False after answering 415 or 406 to a request that is not application/scim+json. */
    private static boolean mediaTypeAccepted(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        boolean hasBody = List.of("POST", "PUT", "PATCH").contains(exchange.getRequestMethod());
        if (hasBody && (contentType == null || !SCIM_JSON.equals(contentType.split(";")[0].trim().toLowerCase(Locale.ROOT)))) {
            error(exchange, 415, null, "Unsupported Media Type: the request body must be " + SCIM_JSON + ", was "
                    + (contentType == null ? "none" : contentType));
            return false;
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        if (accept != null && !accept.contains(SCIM_JSON) && !accept.contains("*/*") && !accept.contains("application/*")) {
            error(exchange, 406, null, "Not Acceptable: this service provider answers " + SCIM_JSON + " only, the request accepts " + accept);
            return false;
        }
        return true;
    }

    /** A ListResponse: filtered by {@code attr eq "value"}, then startIndex (1-based) and count. */
    private void list(HttpExchange exchange, String type) throws IOException {
        Map<String, String> q = query(exchange);
        Predicate<ObjectNode> filter = r -> true;
        if (q.containsKey("filter")) {
            Matcher f = FILTER.matcher(q.get("filter").trim());
            if (!f.matches() || !List.of("userName", "externalId", "emails.value", "displayName").contains(f.group(1))) {
                throw new ScimDirectory.Refused(400, "invalidFilter", "unsupported filter: " + q.get("filter"));
            }
            String attr = f.group(1);
            String value = f.group(2);
            // userName and emails are case-insensitive (RFC 7643 caseExact false); externalId is case-exact.
            filter = r -> attr.equals("emails.value")
                    ? r.path("emails").findValuesAsText("value").stream().anyMatch(v -> v.equalsIgnoreCase(value))
                    : attr.equals("externalId") ? value.equals(r.path(attr).asText(null)) : value.toLowerCase(Locale.ROOT).equals(r.path(attr).asText("").toLowerCase(Locale.ROOT));
        }
        int start;
        int count;
        try {
            start = Math.max(1, Integer.parseInt(q.getOrDefault("startIndex", "1")));
            count = Math.min(MAX_RESULTS, Math.max(0, Integer.parseInt(q.getOrDefault("count", Integer.toString(MAX_RESULTS)))));
        } catch (NumberFormatException e) {
            throw new ScimDirectory.Refused(400, "invalidValue", "startIndex and count must be integers");
        }
        List<ObjectNode> all = directory.list(type).stream().filter(filter).toList();
        List<ObjectNode> page = all.subList(Math.min(start - 1, all.size()), Math.min(start - 1 + count, all.size()));
        ObjectNode out = JSON.createObjectNode();
        out.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        out.put("totalResults", all.size());
        out.put("startIndex", start);
        out.put("itemsPerPage", page.size());
        // RFC 7644 §3.4.2: Resources is "REQUIRED if totalResults is non-zero"; left out otherwise, as some providers do.
        if (!all.isEmpty()) {
            page.forEach(out.putArray("Resources")::add);
        }
        scim(exchange, 200, out);
    }

    private static JsonNode body(HttpExchange exchange) {
        try {
            return JSON.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            throw new ScimDirectory.Refused(400, "invalidSyntax", "the body is not JSON");
        }
    }

    private static void scim(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, body, SCIM_JSON);
    }

    private static void error(HttpExchange exchange, int status, String scimType, String detail) throws IOException {
        ObjectNode e = JSON.createObjectNode();
        e.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:Error");
        e.put("status", Integer.toString(status));
        if (scimType != null) {
            e.put("scimType", scimType);
        }
        e.put("detail", detail);
        scim(exchange, status, e);
    }
}
