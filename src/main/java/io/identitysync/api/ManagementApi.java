package io.identitysync.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.config.Settings;
import io.identitysync.core.Secrets;
import io.identitysync.people.OnePerson;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API under {@code /api/} on Camel's management server (where /observe/health and /observe/metrics are),
 * when {@code management.api-enabled=true}. Every call needs a bearer token: a missing or wrong one gets 401 and
 * nothing else; the read-only token ({@code management.api-token}) reads, only the admin token
 * ({@code management.api-admin-token}) acts, and a read-only token that tries gets 403 with the reason. Every action
 * (each POST, whatever came of it) is recorded in api_audit.
 */
public final class ManagementApi {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");
    static final String PREFIX = "/api/";
    private static final Pattern RUN = Pattern.compile("/api/runs/([A-Za-z0-9_-]+)");
    private static final Pattern APPROVE = Pattern.compile("/api/runs/([A-Za-z0-9_-]+)/approve");
    /** A person as people show takes them: connector:external id, a username or an email. */
    private static final Pattern PERSON = Pattern.compile("/api/people/([^/]+)");
    private static final Pattern PAUSE = Pattern.compile("/api/(connectors|directories)/([A-Za-z0-9_-]+)/(pause|resume)");
    private static final Pattern CHECK = Pattern.compile("/api/directories/([A-Za-z0-9_-]+)/(plan|reconcile)");
    private static final Pattern SYNC_PERSON = Pattern.compile("/api/people/([^/]+)/sync");
    private static final int MAX_BODY = 65_536;

    /** One answer: status, JSON body (none for 401), and its headers. */
    public record Answer(int status, byte[] body, Map<String, String> headers) {

        /** The body as JSON: an object with "error" for a refusal, an empty object for 401. */
        public JsonNode json() {
            return body.length == 0 ? Rows.JSON.createObjectNode() : Rows.parse(new String(body, StandardCharsets.UTF_8));
        }
    }

    private final ApiTokens tokens;
    private final ApiResources resources;
    private final PeopleResources people;
    private final PauseResources pauses;
    private final ApiAudit audit;
    private final Secrets secrets;

    /**
     * @param deliverDue starts delivering what an action queued, on the service's workers
     * @param runs       runs one person on the service's own context (POST /api/people/{who}/sync)
     */
    public ManagementApi(Settings settings, Store store, Runnable deliverDue, OnePerson.Runs runs) {
        this.tokens = new ApiTokens(settings);
        this.resources = new ApiResources(settings, store, deliverDue);
        this.people = new PeopleResources(settings, store, runs);
        this.pauses = new PauseResources(settings, store);
        this.audit = new ApiAudit(store);
        this.secrets = new Secrets(settings.secrets());
    }

    /** On when management.api-enabled (with the management server: ApiChecks refuses it without). */
    public static boolean enabled(Settings settings) {
        return settings.bool("management.enabled") && settings.bool("management.api-enabled");
    }

    /** Adds /api/* to the management server's router once Camel has started it. */
    public void attach(CamelContext context) throws Exception {
        whenServerStarted(context, "management.api-enabled", "the API", server -> {
            server.getRouter().route(PREFIX + "*").handler(BodyHandler.create().setBodyLimit(MAX_BODY));
            // The store is JDBC: answered on a worker thread, never on the event loop.
            server.getRouter().route(PREFIX + "*").blockingHandler(ManagementApi.this::serve, false);
            LOG.info("management API on port {} at {}", server.getPort(), PREFIX);
        });
    }

    /**
     * Runs {@code routes} on Camel's management server once the context has fully started (the server and its router
     * exist only then); logs, naming {@code key}, when there is no server to add {@code what} to.
     */
    public static void whenServerStarted(CamelContext context, String key, String what, java.util.function.Consumer<ManagementHttpServer> routes)
            throws Exception {
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                ManagementHttpServer server = started.hasService(ManagementHttpServer.class);
                if (server == null || server.getRouter() == null) {
                    LOG.error("{}: Camel's management server is not running, so {} is not served", key, what);
                    return;
                }
                routes.accept(server);
            }
        });
    }

    private void serve(RoutingContext ctx) {
        Map<String, String> query = new LinkedHashMap<>();
        ctx.queryParams().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
        String body = ctx.body() == null ? null : ctx.body().asString();
        Answer a = handle(ctx.request().method().name(), ctx.request().path(), query, ctx.request().getHeader("Authorization"), body);
        a.headers().forEach((k, v) -> ctx.response().putHeader(k, v));
        ctx.response().setStatusCode(a.status()).end(Buffer.buffer(a.body()));
    }

    /**
     * What a token may do: "admin", "read" or "none". The console signs in with the API's tokens and asks this once,
     * then calls {@link #handle} with the same token, so both refuse the same things.
     */
    public String role(String token) {
        return tokens.who(token == null ? null : "Bearer " + token).name();
    }

    /** One request, whatever carries it (HTTP on /api/, or the console on the caller's behalf). */
    public Answer handle(String method, String path, Map<String, String> query, String authorization, String body) {
        ApiTokens.Who who = tokens.who(authorization);
        boolean acts = method.equals("POST");
        if (who == ApiTokens.Who.none) {
            if (acts) {
                record(who, method, path, 401, "refused: no valid token");
            }
            // Nothing said: not which part was wrong, not whether the resource exists.
            return new Answer(401, new byte[0], Map.of("WWW-Authenticate", "Bearer"));
        }
        if (acts && who != ApiTokens.Who.admin) {
            String reason = "this token is read-only (" + ApiTokens.READ_KEY + "): acting needs " + ApiTokens.ADMIN_KEY;
            record(who, method, path, 403, "refused: " + reason);
            return error(403, reason);
        }
        Answer answer;
        try {
            answer = json(200, route(method, path, query, body));
        } catch (ApiResources.ApiError e) {
            answer = error(e.status, secrets.scrub(e.getMessage()));
        } catch (StoreException e) {
            LOG.error("management API: {} {}: {}", method, path, secrets.scrub(e.getMessage()));
            answer = error(503, secrets.scrub(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("management API: {} {} failed", method, path, e);
            answer = error(500, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + secrets.scrub(e.getMessage())));
        }
        if (acts) {
            record(who, method, path, answer.status(), answer.status() == 200 ? "done: " + outcome(answer.json())
                    : "failed: " + answer.json().path("error").asText());
        }
        return answer;
    }

    private JsonNode route(String method, String path, Map<String, String> query, String body) {
        Matcher approve = APPROVE.matcher(path);
        Matcher run = RUN.matcher(path);
        if (method.equals("GET")) {
            if (path.equals("/api/openapi.json")) {
                return openapi();
            }
            if (path.equals("/api/runs")) {
                return resources.runs(query);
            }
            if (run.matches()) {
                return resources.run(run.group(1));
            }
            if (path.equals("/api/directories")) {
                return resources.directories();
            }
            if (path.equals("/api/connectors")) {
                return pauses.connectors();
            }
            if (path.equals("/api/audit")) {
                return resources.audit(query, audit);
            }
            if (path.equals("/api/people")) {
                return people.list(query);
            }
            Matcher person = PERSON.matcher(path);
            if (person.matches()) {
                return people.show(decoded(person.group(1)));
            }
        } else if (method.equals("POST")) {
            if (approve.matches()) {
                return resources.approve(approve.group(1));
            }
            if (path.equals("/api/deliveries/replay")) {
                return resources.replay(body == null || body.isBlank() ? null : parse(body));
            }
            Matcher pause = PAUSE.matcher(path);
            if (pause.matches()) {
                String kind = pause.group(1).equals("connectors") ? "connector" : "directory";
                return pause.group(3).equals("pause") ? pauses.pause(kind, pause.group(2), body == null || body.isBlank() ? null : parse(body))
                        : pauses.resume(kind, pause.group(2));
            }
            Matcher check = CHECK.matcher(path);
            if (check.matches()) {
                return resources.check(check.group(1), check.group(2), body == null || body.isBlank() ? null : parse(body));
            }
            Matcher sync = SYNC_PERSON.matcher(path);
            if (sync.matches()) {
                return people.sync(decoded(sync.group(1)), body == null || body.isBlank() ? null : parse(body));
            }
        }
        throw new ApiResources.ApiError(404, "no such resource: " + method + " " + path + " (see GET /api/openapi.json)");
    }

    /** Percent-escapes decoded, and only they: a '+' in an email stays a '+'. */
    private static String decoded(String segment) {
        try {
            return java.net.URI.create("http://host/" + segment).getPath().substring(1);
        } catch (IllegalArgumentException e) {
            throw new ApiResources.ApiError(400, "not a valid path segment: " + segment);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return Rows.JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiResources.ApiError(400, "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode openapi() {
        try (InputStream in = ManagementApi.class.getResourceAsStream("/api/openapi.json")) {
            return Rows.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the audit keeps of a done action: its counts; for one person's sync the run and its outcome, never their
     * data; for a directory's plan or reconcile its summary line, not each person's.
     */
    private static String outcome(JsonNode answer) {
        if (answer.has("source_records")) {
            return (answer.path("dry_run").asBoolean() ? "previewed" : "synced") + " " + answer.path("connector").asText() + ":"
                    + answer.path("external_id").asText() + ", run " + answer.path("run_id").asText() + " " + answer.path("status").asText()
                    + ", " + answer.path("changes").size() + " changes";
        }
        if (answer.has("summary") && answer.has("lines")) {
            return answer.path("action").asText() + (answer.path("applied").asBoolean() ? " --apply" : "") + " of " + answer.path("directory").asText()
                    + ": " + answer.path("summary").asText();
        }
        return Rows.write(answer);
    }

    private void record(ApiTokens.Who who, String method, String path, int status, String result) {
        try {
            audit.record(who, method, path, status, secrets.scrub(result));
        } catch (StoreException e) {
            LOG.error("management API: {} {} ({}) could not be recorded in api_audit: {}", method, path, status, e.getMessage());
        }
    }

    private static Answer json(int status, JsonNode body) {
        return new Answer(status, Rows.write(body).getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
    }

    private static Answer error(int status, String reason) {
        return json(status, Rows.JSON.createObjectNode().put("error", reason));
    }
}
