package io.identitysync.console;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** People: search by name, username or email, filtered; one person's timeline as people show prints it. */
final class PeoplePage {

    /** The filters the page offers, with the statuses or decisions each keeps. */
    static final List<String> FILTERS = List.of("all", "skipped", "pending", "out-of-scope");

    private PeoplePage() {
    }

    static String list(Session session, JsonNode people, String q, String filter) {
        String query = q == null ? "" : q.trim().toLowerCase(Locale.ROOT);
        String f = filter != null && FILTERS.contains(filter) ? filter : "all";
        StringBuilder b = new StringBuilder("<form method=\"get\" action=\"/console/people\" class=\"search\" role=\"search\">")
                .append("<label for=\"q\">Name, username or email</label><input type=\"search\" id=\"q\" name=\"q\" value=\"").append(Html.esc(q))
                .append("\"><label for=\"filter\">Show</label><select id=\"filter\" name=\"filter\">");
        for (String option : FILTERS) {
            b.append("<option value=\"").append(option).append('"').append(option.equals(f) ? " selected" : "").append('>').append(option.replace('-', ' '))
                    .append("</option>");
        }
        b.append("</select><button type=\"submit\" id=\"search\">Search</button></form>");
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode p : people.path("people")) {
            if (matches(p, query) && kept(p, f)) {
                found.add(p);
            }
        }
        b.append("<p id=\"found\">").append(found.size()).append(found.size() == 1 ? " person" : " people").append("</p>");
        b.append("<table class=\"people\"><thead><tr><th scope=\"col\">Person</th><th scope=\"col\">Username</th><th scope=\"col\">Email</th>")
                .append("<th scope=\"col\">Status</th><th scope=\"col\">Why</th></tr></thead><tbody>");
        for (JsonNode p : found.subList(0, Math.min(found.size(), 200))) {
            String who = p.path("connector").asText() + ":" + p.path("external_id").asText();
            b.append("<tr><th scope=\"row\"><a href=\"/console/people/").append(URLEncoder.encode(who, StandardCharsets.UTF_8).replace("+", "%20")).append("\">")
                    .append(Html.esc(text(p, "display_name").isEmpty() ? who : text(p, "display_name"))).append("</a></th><td>")
                    .append(Html.esc(text(p, "username"))).append("</td><td>").append(Html.esc(text(p, "email"))).append("</td><td>")
                    .append(Html.esc(text(p, "status"))).append("</td><td>").append(Html.esc(text(p, "why"))).append("</td></tr>");
        }
        b.append("</tbody></table>");
        if (found.size() > 200) {
            b.append("<p>The first 200 shown: narrow the search.</p>");
        }
        return Html.page("People", "people", session, b.toString());
    }

    private static boolean matches(JsonNode p, String q) {
        if (q.isEmpty()) {
            return true;
        }
        for (String field : new String[] {"display_name", "username", "email", "external_id"}) {
            if (text(p, field).toLowerCase(Locale.ROOT).contains(q)) {
                return true;
            }
        }
        return false;
    }

    private static boolean kept(JsonNode p, String filter) {
        String status = text(p, "status");
        return switch (filter) {
            case "skipped" -> status.equals("skipped");
            case "pending" -> status.equals("pending");
            // Out of scope: skipped by the scope rules (sync.scope-*), as the decision says.
            case "out-of-scope" -> status.equals("skipped") && text(p, "why").toLowerCase(Locale.ROOT).contains("scope");
            default -> true;
        };
    }

    static String one(Session session, JsonNode doc) {
        JsonNode p = doc.path("person");
        String who = p.path("connector").asText() + ":" + p.path("external_id").asText();
        StringBuilder b = new StringBuilder("<dl class=\"person\">");
        for (String[] f : new String[][] {{"Person", who}, {"Username", text(p, "username")}, {"Email", text(p, "email")},
                {"Status", text(p, "status")}, {"Why", text(p, "why")}}) {
            if (!f[1].isEmpty()) {
                b.append("<dt>").append(f[0]).append("</dt><dd>").append(Html.esc(f[1])).append("</dd>");
            }
        }
        b.append("</dl>");
        if (session.admin()) {
            // A preview first, always: Apply is on the preview's page.
            b.append(Html.action(session, "/console/people/" + URLEncoder.encode(who, StandardCharsets.UTF_8).replace("+", "%20") + "/sync",
                    "Sync now (preview first)", "sync-now", "mode", "preview"));
        }
        b.append("<section aria-labelledby=\"timeline-h\"><h2 id=\"timeline-h\">Timeline</h2>");
        JsonNode timeline = doc.path("timeline");
        if (timeline.isEmpty()) {
            b.append("<p>Nothing recorded (within store.retention).</p>");
        } else {
            b.append("<table class=\"timeline\" id=\"timeline\"><thead><tr><th scope=\"col\">At</th><th scope=\"col\">Kind</th><th scope=\"col\">What</th>")
                    .append("<th scope=\"col\">Run</th></tr></thead><tbody>");
            for (JsonNode e : timeline) {
                String run = text(e, "run_id");
                b.append("<tr><td>").append(Html.when(text(e, "at"))).append("</td><td class=\"kind\">").append(Html.esc(text(e, "kind")))
                        .append("</td><td class=\"prose\">").append(Html.esc(text(e, "what"))).append("</td><td class=\"id\">")
                        .append(run.isEmpty() || text(e, "kind").equals("delivery") ? "" : "<a href=\"/console/runs/" + Html.esc(run) + "\">" + Html.esc(run) + "</a>")
                        .append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("</section>");
        String name = text(p, "display_name");
        return Html.page(name.isEmpty() ? who : name, "people", session, b.toString());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }
}
