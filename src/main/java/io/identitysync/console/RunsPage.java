package io.identitysync.console;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Runs: each run's counts and error in the vendor's words; a refused run's plan, and Approve for an admin. */
final class RunsPage {

    private RunsPage() {
    }

    static String list(Session session, JsonNode runs, String notice) {
        List<JsonNode> rows = new java.util.ArrayList<>();
        runs.path("runs").forEach(rows::add);
        return Html.page("Runs", "runs", session, Html.notice("ok", notice) + table(rows, true));
    }

    static String table(List<JsonNode> runs, boolean withConnector) {
        if (runs.isEmpty()) {
            return "<p>No runs yet.</p>";
        }
        StringBuilder b = new StringBuilder("<div class=\"scroll\"><table class=\"runs\"><thead><tr><th scope=\"col\">Run</th>");
        if (withConnector) {
            b.append("<th scope=\"col\">Connector</th>");
        }
        b.append("<th scope=\"col\">Started</th><th scope=\"col\">Status</th><th scope=\"col\">Seen</th><th scope=\"col\">Created</th>")
                .append("<th scope=\"col\">Updated</th><th scope=\"col\">Deleted</th><th scope=\"col\">Skipped</th><th scope=\"col\">Error</th></tr></thead><tbody>");
        for (JsonNode r : runs) {
            String id = r.path("id").asText();
            b.append("<tr><td class=\"id\"><a href=\"/console/runs/").append(Html.esc(id)).append("\">").append(Html.esc(id)).append("</a></td>");
            if (withConnector) {
                b.append("<td>").append(Html.esc(r.path("connector").asText())).append("</td>");
            }
            b.append("<td>").append(Html.when(r.path("started_at").asText())).append("</td><td class=\"status ").append(Html.esc(r.path("status").asText()))
                    .append("\">").append(Html.esc(r.path("status").asText())).append(r.hasNonNull("approved_at") ? " (approved)" : "").append("</td>");
            for (String n : new String[] {"users_seen", "created", "updated", "deleted", "skipped"}) {
                b.append("<td class=\"num\">").append(r.path(n).asLong()).append("</td>");
            }
            b.append("<td class=\"prose\">").append(Html.esc(r.path("error").isNull() ? "" : r.path("error").asText())).append("</td></tr>");
        }
        return b.append("</tbody></table></div>").toString();
    }

    static String one(Session session, JsonNode doc, String notice, String error) {
        JsonNode run = doc.path("run");
        String id = run.path("id").asText();
        StringBuilder b = new StringBuilder(Html.notice("ok", notice)).append(Html.notice("error", error));
        b.append(table(List.of(run), true));
        if (doc.hasNonNull("not_approvable")) {
            b.append("<p>Cannot be approved: ").append(Html.esc(doc.path("not_approvable").asText())).append("</p>");
        }
        JsonNode plan = doc.path("plan");
        if (plan.isObject()) {
            b.append("<section aria-labelledby=\"plan-h\"><h2 id=\"plan-h\">What approving applies</h2>");
            JsonNode counts = plan.path("counts");
            if (counts.isObject()) {
                b.append("<table class=\"plan\" id=\"plan\"><thead><tr><th scope=\"col\">Records</th><th scope=\"col\">Created</th>")
                        .append("<th scope=\"col\">Updated</th><th scope=\"col\">Deleted</th></tr></thead><tbody>");
                for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    b.append("<tr><th scope=\"row\">").append(Html.esc(e.getKey())).append("</th>");
                    for (String n : new String[] {"created", "updated", "deleted"}) {
                        b.append("<td class=\"num\">").append(e.getValue().path(n).asLong()).append("</td>");
                    }
                    b.append("</tr>");
                }
                b.append("</tbody></table>");
            }
            b.append("<details><summary>The whole plan</summary><pre>").append(Html.esc(plan.toPrettyString())).append("</pre></details>");
            if (doc.path("approvable").asBoolean() && session.admin()) {
                b.append(Html.action(session, "/console/runs/" + id + "/approve", "Approve", "approve"));
            }
            b.append("</section>");
        }
        return Html.page("Run " + id, "runs", session, b.toString());
    }
}
