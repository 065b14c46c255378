package io.identitysync.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.api.ManagementApi;
import io.identitysync.config.Settings;
import io.identitysync.store.Store;
import io.identitysync.store.outbox.Outbox;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's HTTP side: sign-in and sessions, the CSRF check on every POST, the security headers on every answer,
 * its two static files, and which page or action a path is. Pages are rendered by the *Page classes; actions are
 * the management API's own ({@link ManagementApi#handle}), called with the session's token.
 */
public final class Console {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");
    static final String PREFIX = "/console/";
    static final String COOKIE = "identitysync_console";
    static final Duration SESSION = Duration.ofHours(8);
    /** No inline script or style, nothing from elsewhere, not framed, forms post only here. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final Pattern RUN = Pattern.compile("/console/runs/([A-Za-z0-9_-]+)");
    private static final Pattern PERSON = Pattern.compile("/console/people/([^/]+)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final ManagementApi api;
    private final OverviewPage overview;
    private final ConsoleActions actions;
    private final SignInLimiter limiter = new SignInLimiter();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public Console(Settings settings, Store store, ManagementApi api) {
        this.store = store;
        this.api = api;
        this.overview = new OverviewPage(settings, store);
        this.actions = new ConsoleActions(api);
    }

    /** On when management.console-enabled, on top of the API (ApiChecks refuses it without). */
    public static boolean enabled(Settings settings) {
        return io.identitysync.api.ManagementApi.enabled(settings) && settings.bool(io.identitysync.api.ApiChecks.CONSOLE_KEY);
    }

    /** The console's address on the management server, as the demo and the log print it. */
    public static String address(Settings settings) {
        return "http://" + settings.get("management.host") + ":" + settings.get("management.port") + PREFIX;
    }

    public void attach(CamelContext context) throws Exception {
        ManagementApi.whenServerStarted(context, "management.console-enabled", "the console", server -> {
            // Vert.x's "/console" also matches "/console/": only the bare path is sent on.
            server.getRouter().route("/console").handler(ctx -> {
                if (ctx.request().path().equals("/console")) {
                    ctx.redirect(PREFIX);
                } else {
                    ctx.next();
                }
            });
            server.getRouter().route(PREFIX + "*").handler(BodyHandler.create().setBodyLimit(16_384));
            server.getRouter().route(PREFIX + "*").blockingHandler(Console.this::serve, false);
            LOG.info("web console on port {} at {}", server.getPort(), PREFIX);
        });
    }

    private void serve(RoutingContext ctx) {
        var response = ctx.response();
        response.putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY").putHeader("Cache-Control", "no-store");
        try {
            route(ctx);
        } catch (RuntimeException e) {
            LOG.error("console: {} {} failed", ctx.request().method(), ctx.request().path(), e);
            if (!response.ended()) {
                html(ctx, 500, Html.page("Something went wrong", null, null, Html.notice("error", "The console could not answer; the log says why.")));
            }
        }
    }

    private void route(RoutingContext ctx) {
        String method = ctx.request().method().name();
        String path = ctx.request().path();
        if (method.equals("GET") && path.startsWith(PREFIX + "static/")) {
            staticFile(ctx, path.substring((PREFIX + "static/").length()));
            return;
        }
        if (path.equals(PREFIX + "sign-in")) {
            if (method.equals("POST")) {
                signIn(ctx);
            } else {
                html(ctx, 200, signInPage(null));
            }
            return;
        }
        Session session = session(ctx);
        if (session == null) {
            if (method.equals("POST")) {
                html(ctx, 401, signInPage("Your session has ended: sign in again."));
            } else {
                ctx.redirect(PREFIX + "sign-in");
            }
            return;
        }
        if (method.equals("POST")) {
            act(ctx, session, path);
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            html(ctx, 405, Html.page("Not allowed", null, session, ""));
            return;
        }
        String notice = ctx.queryParams().get("done");
        String error = ctx.queryParams().get("error");
        Matcher run = RUN.matcher(path);
        Matcher person = PERSON.matcher(path);
        if (path.equals(PREFIX)) {
            html(ctx, 200, overview.render(session, read(session, "/api/connectors", Map.of()), read(session, "/api/directories", Map.of()), Instant.now()));
        } else if (path.equals(PREFIX + "runs")) {
            html(ctx, 200, RunsPage.list(session, read(session, "/api/runs", Map.of("limit", "200")), notice));
        } else if (run.matches()) {
            ManagementApi.Answer a = api.handle("GET", "/api/runs/" + run.group(1), Map.of(), "Bearer " + session.token(), null);
            html(ctx, a.status() == 200 ? 200 : a.status(), a.status() == 200 ? RunsPage.one(session, a.json(), notice, error)
                    : Html.page("Run " + run.group(1), "runs", session, Html.notice("error", a.json().path("error").asText())));
        } else if (path.equals(PREFIX + "people")) {
            html(ctx, 200, PeoplePage.list(session, read(session, "/api/people", Map.of()), ctx.queryParams().get("q"), ctx.queryParams().get("filter")));
        } else if (person.matches()) {
            ManagementApi.Answer a = api.handle("GET", "/api/people/" + person.group(1), Map.of(), "Bearer " + session.token(), null);
            html(ctx, a.status(), a.status() == 200 ? PeoplePage.one(session, a.json())
                    : Html.page("Person", "people", session, Html.notice("error", a.json().path("error").asText())));
        } else if (path.equals(PREFIX + "directories")) {
            html(ctx, 200, DirectoriesPage.render(session, read(session, "/api/directories", Map.of()), new Outbox(store).dead(500, true), notice, error));
        } else {
            html(ctx, 404, Html.page("Not found", null, session, "<p>No such page.</p>"));
        }
    }

    /** Every POST: the session's CSRF token first; sign-out here, every other action through the API (ConsoleActions). */
    private void act(RoutingContext ctx, Session session, String path) {
        String csrf = ctx.request().getFormAttribute("csrf");
        if (csrf == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8), session.csrf().getBytes(StandardCharsets.UTF_8))) {
            html(ctx, 403, Html.page("Refused", null, session, Html.notice("error", "This form is stale or was not sent by the console: reload the page and try again.")));
            return;
        }
        if (path.equals(PREFIX + "sign-out")) {
            sessions.remove(session.id());
            ctx.response().addCookie(cookie(ctx, "").setMaxAge(0));
            ctx.redirect(PREFIX + "sign-in");
            return;
        }
        actions.act(ctx, session, path);
    }

    private void signIn(RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        Instant now = Instant.now();
        long wait = limiter.retryAfter(address, now);
        if (wait > 0) {
            ctx.response().putHeader("Retry-After", Long.toString(wait));
            html(ctx, 429, signInPage("Too many wrong tokens from this address: try again in " + wait + " s."));
            return;
        }
        String token = ctx.request().getFormAttribute("token");
        String role = api.role(token == null ? null : token.trim());
        if (role.equals("none")) {
            limiter.failed(address, now);
            LOG.warn("console: a sign-in from {} with a wrong token was refused", address);
            html(ctx, 401, signInPage("That token is not one of this installation's API tokens."));
            return;
        }
        limiter.succeeded(address);
        Session s = new Session(random(), token.trim(), role, random(), now.plus(SESSION));
        sessions.put(s.id(), s);
        ctx.response().addCookie(cookie(ctx, s.id()).setMaxAge(SESSION.toSeconds()));
        ctx.redirect(PREFIX);
    }

    private Session session(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(COOKIE);
        if (c == null) {
            return null;
        }
        Session s = sessions.get(c.getValue());
        if (s != null && s.expires().isBefore(Instant.now())) {
            sessions.remove(s.id());
            return null;
        }
        return s;
    }

    private static Cookie cookie(RoutingContext ctx, String value) {
        return Cookie.cookie(COOKIE, value).setPath(PREFIX).setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setSecure(ctx.request().isSSL());
    }

    private static String signInPage(String error) {
        return Html.page("Sign in", null, null, Html.notice("error", error)
                + "<form method=\"post\" action=\"/console/sign-in\" class=\"signin\"><label for=\"token\">API token (management.api-token or "
                + "management.api-admin-token)</label><input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"off\" required autofocus>"
                + "<button type=\"submit\" id=\"sign-in\">Sign in</button></form>");
    }

    private JsonNode read(Session session, String path, Map<String, String> query) {
        ManagementApi.Answer a = api.handle("GET", path, new LinkedHashMap<>(query), "Bearer " + session.token(), null);
        if (a.status() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + a.status() + ": " + a.json().path("error").asText());
        }
        return a.json();
    }

    static void html(RoutingContext ctx, int status, String page) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(page);
    }

    private static void staticFile(RoutingContext ctx, String name) {
        String type = name.equals("console.css") ? "text/css; charset=utf-8" : name.equals("console.js") ? "text/javascript; charset=utf-8" : null;
        if (type == null) {
            html(ctx, 404, Html.page("Not found", null, null, "<p>No such file.</p>"));
            return;
        }
        try (InputStream in = Console.class.getResourceAsStream("/console/" + name)) {
            ctx.response().putHeader("Content-Type", type).putHeader("Cache-Control", "max-age=300")
                    .end(io.vertx.core.buffer.Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
