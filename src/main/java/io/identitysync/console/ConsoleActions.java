package io.identitysync.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.api.ManagementApi;
import io.identitysync.store.Rows;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.identitysync.console.Console.PREFIX;
import static io.identitysync.console.Console.html;

/**
 * The console's actions, each the management API's own call made with the session's token (so a read-only session
 * gets the API's 403, recorded in its audit): approve, replay, pause and resume, a directory's plan and drift, and
 * one person's Sync now. All but Sync now answer post/redirect/get with the outcome.
 */
final class ConsoleActions {

    private static final Pattern APPROVE = Pattern.compile("/console/runs/([A-Za-z0-9_-]+)/approve");
    private static final Pattern SYNC = Pattern.compile("/console/people/([^/]+)/sync");
    private static final Pattern PAUSE = Pattern.compile("/console/(connectors|directories)/([A-Za-z0-9_-]+)/(pause|resume)");
    private static final Pattern CHECK = Pattern.compile("/console/directories/([A-Za-z0-9_-]+)/(plan|reconcile|reconcile-apply)");
    private static final Pattern REPLAY = Pattern.compile("/console/directories/([A-Za-z0-9_-]+)/replay");

    private final ManagementApi api;

    ConsoleActions(ManagementApi api) {
        this.api = api;
    }

    /** One POST whose CSRF token was checked. */
    void act(RoutingContext ctx, Session session, String path) {
        Matcher sync = SYNC.matcher(path);
        if (sync.matches()) {
            syncNow(ctx, session, sync.group(1));
            return;
        }
        Matcher approve = APPROVE.matcher(path);
        Matcher replay = REPLAY.matcher(path);
        Matcher pause = PAUSE.matcher(path);
        Matcher check = CHECK.matcher(path);
        ManagementApi.Answer a;
        String back;
        String done;
        if (check.matches()) {
            boolean apply = check.group(2).equals("reconcile-apply");
            String body = Rows.write(Rows.JSON.createObjectNode().put("apply", apply));
            a = api.handle("POST", "/api/directories/" + check.group(1) + "/" + (apply ? "reconcile" : check.group(2)), Map.of(), "Bearer " + session.token(), body);
            back = PREFIX + "directories";
            done = a.json().path("summary").asText();
        } else if (pause.matches()) {
            String reason = ctx.request().getFormAttribute("reason");
            String body = Rows.write(Rows.JSON.createObjectNode().put("reason", reason == null ? "" : reason));
            a = api.handle("POST", "/api/" + pause.group(1) + "/" + pause.group(2) + "/" + pause.group(3), Map.of(), "Bearer " + session.token(), body);
            back = pause.group(1).equals("connectors") ? PREFIX : PREFIX + "directories";
            done = pause.group(2) + ": " + a.json().path("outcome").asText() + ".";
        } else if (approve.matches()) {
            a = api.handle("POST", "/api/runs/" + approve.group(1) + "/approve", Map.of(), "Bearer " + session.token(), null);
            back = PREFIX + "runs/" + approve.group(1);
            JsonNode r = a.json();
            done = "Approved: " + r.path("created").asInt() + " created, " + r.path("updated").asInt() + " updated, " + r.path("deleted").asInt() + " deleted.";
        } else if (replay.matches()) {
            String body = Rows.write(Rows.JSON.createObjectNode().put("destinations", "directories").put("dead", true).put("only", replay.group(1)));
            a = api.handle("POST", "/api/deliveries/replay", Map.of(), "Bearer " + session.token(), body);
            back = PREFIX + "directories";
            done = a.json().path("queued").asInt() + " dead changes queued again for " + replay.group(1) + ".";
        } else {
            html(ctx, 404, Html.page("Not found", null, session, "<p>No such action.</p>"));
            return;
        }
        if (a.status() == 403) {
            html(ctx, 403, Html.page("Refused", null, session, Html.notice("error", a.json().path("error").asText())));
            return;
        }
        // Post/redirect/get: reloading the page shows the outcome, it does not act twice.
        String param = a.status() == 200 ? "done=" + URLEncoder.encode(done, StandardCharsets.UTF_8)
                : "error=" + URLEncoder.encode(a.json().path("error").asText(), StandardCharsets.UTF_8);
        ctx.redirect(back + "?" + param);
    }

    /**
     * Sync now: mode=preview runs a dry run and shows it with Apply; mode=apply runs it for real and shows what was
     * done. Answered in place rather than redirected: the outcome is the page, and the browser warns before a resend.
     */
    private void syncNow(RoutingContext ctx, Session session, String who) {
        String mode = ctx.request().getFormAttribute("mode");
        if (!"preview".equals(mode) && !"apply".equals(mode)) {
            html(ctx, 400, Html.page("Sync now", "people", session, Html.notice("error", "mode: must be preview or apply")));
            return;
        }
        String body = Rows.write(Rows.JSON.createObjectNode().put("dry_run", mode.equals("preview")));
        ManagementApi.Answer a = api.handle("POST", "/api/people/" + who + "/sync", Map.of(), "Bearer " + session.token(), body);
        if (a.status() != 200) {
            html(ctx, a.status(), Html.page("Sync now", "people", session, Html.notice("error", a.json().path("error").asText())
                    + "<p><a href=\"/console/people/" + Html.esc(who) + "\">Back</a></p>"));
            return;
        }
        html(ctx, 200, SyncPage.render(session, who, a.json()));
    }
}
