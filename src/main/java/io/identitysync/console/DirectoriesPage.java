package io.identitysync.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.store.outbox.Outbox;

import java.util.List;

/** Directories: each one's queue and quarantine, its dead changes with the directory's own message, and Replay. */
final class DirectoriesPage {

    private DirectoriesPage() {
    }

    static String render(Session session, JsonNode directories, List<Outbox.Dead> dead, String notice, String error) {
        StringBuilder b = new StringBuilder(Html.notice("ok", notice)).append(Html.notice("error", error));
        b.append(queues(directories));
        for (JsonNode d : directories.path("directories")) {
            String id = d.path("id").asText();
            List<Outbox.Dead> mine = dead.stream().filter(x -> x.endpoint().equals(Outbox.DIRECTORY_PREFIX + id)).toList();
            b.append("<section class=\"card\" id=\"directory-").append(Html.esc(id)).append("\" aria-labelledby=\"dead-").append(Html.esc(id))
                    .append("\"><h2 id=\"dead-").append(Html.esc(id)).append("\">").append(Html.esc(id)).append("</h2>");
            JsonNode pause = d.path("pause");
            if (pause.isObject()) {
                b.append("<p>Paused since ").append(Html.esc(pause.path("since").asText())).append(" by ").append(Html.esc(pause.path("by").asText()))
                        .append(": ").append(Html.esc(pause.path("reason").asText())).append(". Its changes wait in its queue.</p>");
            }
            if (session.admin()) {
                b.append(Html.pauseOrResume(session, "directories", id, pause.isObject()));
            }
            b.append(checks(session, d, id));
            b.append("<h3>Dead changes</h3>");
            if (mine.isEmpty()) {
                b.append("<p>None.</p></section>");
                continue;
            }
            b.append("<table class=\"dead\"><thead><tr><th scope=\"col\">Event</th><th scope=\"col\">Type</th><th scope=\"col\">Connector</th>")
                    .append("<th scope=\"col\">Attempts</th><th scope=\"col\">Status</th><th scope=\"col\">The directory said</th></tr></thead><tbody>");
            for (Outbox.Dead x : mine) {
                b.append("<tr><td class=\"id\">").append(Html.esc(x.eventId())).append("</td><td>").append(Html.esc(x.type())).append("</td><td>")
                        .append(Html.esc(x.connector())).append("</td><td class=\"num\">").append(x.attempts()).append("</td><td>")
                        .append(x.lastStatusCode() == null ? "" : x.lastStatusCode()).append("</td><td class=\"prose\">").append(Html.esc(x.lastError())).append("</td></tr>");
            }
            b.append("</tbody></table>");
            if (session.admin()) {
                b.append(Html.action(session, "/console/directories/" + id + "/replay", "Replay dead changes", "replay-" + id));
            }
            b.append("</section>");
        }
        return Html.page("Directories", "directories", session, b.toString());
    }

    /** The latest plan and reconcile (drift), each folded open on its per-person lines; admins may run them again. */
    private static String checks(Session session, JsonNode d, String id) {
        StringBuilder b = new StringBuilder("<h3>Plan and drift</h3>");
        for (String[] action : new String[][] {{"plan", "Latest plan"}, {"reconcile", "Latest drift (reconcile)"}}) {
            JsonNode r = d.path("latest_" + action[0]);
            b.append("<div class=\"check\" id=\"").append(action[0]).append('-').append(Html.esc(id)).append("\"><p><strong>").append(action[1])
                    .append(":</strong> ");
            if (!r.isObject()) {
                b.append("never run (directories ").append(action[0]).append(' ').append(Html.esc(id)).append(", or the button below).</p></div>");
                continue;
            }
            b.append(Html.esc(r.path("summary").asText())).append(" <span class=\"when\">(").append(Html.esc(r.path("at").asText())).append(", ")
                    .append(Html.esc(r.path("asked_by").asText())).append(r.path("applied").asBoolean() ? ", applied" : "").append(")</span></p>");
            if (!r.path("lines").isEmpty()) {
                b.append("<details><summary>").append(r.path("lines").size()).append(" people</summary><pre>");
                r.path("lines").forEach(l -> b.append(Html.esc(l.asText())).append('\n'));
                b.append("</pre></details>");
            }
            b.append("</div>");
        }
        if (session.admin()) {
            b.append("<div class=\"actions\">").append(Html.action(session, "/console/directories/" + id + "/plan", "Plan now", "plan-now-" + id))
                    .append(Html.action(session, "/console/directories/" + id + "/reconcile", "Check drift now", "reconcile-now-" + id))
                    .append(Html.action(session, "/console/directories/" + id + "/reconcile-apply", "Correct drift", "reconcile-apply-" + id))
                    .append("</div><p class=\"hint\">Each reads the directory for every person it concerns; Correct drift pushes each drifting person.</p>");
        }
        return b.toString();
    }

    static String queues(JsonNode directories) {
        if (directories.path("directories").isEmpty()) {
            return "<p>No directory is configured.</p>";
        }
        StringBuilder b = new StringBuilder("<table class=\"queues\"><thead><tr><th scope=\"col\">Directory</th><th scope=\"col\">Type</th>")
                .append("<th scope=\"col\">Connectors</th><th scope=\"col\">State</th><th scope=\"col\">Backlog</th><th scope=\"col\">Oldest pending</th>")
                .append("<th scope=\"col\">Delivered</th><th scope=\"col\">Dead</th></tr></thead><tbody>");
        for (JsonNode d : directories.path("directories")) {
            JsonNode q = d.path("queue");
            String state = d.path("pause").isObject() ? "paused" : d.path("quarantine").isObject() ? "quarantined" : q.path("dead").asInt() > 0 ? "failing" : "ok";
            b.append("<tr><th scope=\"row\"><a href=\"/console/directories#directory-").append(Html.esc(d.path("id").asText())).append("\">")
                    .append(Html.esc(d.path("id").asText())).append("</a></th><td>").append(Html.esc(d.path("type").asText())).append("</td><td>")
                    .append(Html.esc(d.path("connectors").asText())).append("</td><td><span class=\"state ").append(state).append("\">").append(state)
                    .append("</span></td><td class=\"num\">").append(q.path("pending").asInt()).append("</td><td>")
                    .append(Html.esc(q.path("oldest_pending").isNull() ? "" : q.path("oldest_pending").asText())).append("</td><td class=\"num\">")
                    .append(q.path("delivered").asInt()).append("</td><td class=\"num\">").append(q.path("dead").asInt()).append("</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }
}
