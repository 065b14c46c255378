package io.identitysync.console;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Sync now: one person's preview (a dry run: what their source says, what we make of them, what would change, what
 * each directory would be told) with Apply under it, and then what applying did. The same steps {@code sync --person}
 * prints, from POST /api/people/{who}/sync.
 */
final class SyncPage {

    private SyncPage() {
    }

    /** @param who the person as the path names them (still escaped), for the Apply form and the way back */
    static String render(Session session, String who, JsonNode r) {
        boolean preview = r.path("dry_run").asBoolean();
        String person = r.path("connector").asText() + ":" + r.path("external_id").asText();
        StringBuilder b = new StringBuilder();
        String status = r.path("status").asText();
        if (preview) {
            b.append(Html.notice("ok", "Preview: nothing has changed yet. Apply runs exactly this for " + person + "."));
        } else {
            b.append(Html.notice(status.equals("succeeded") ? "ok" : "error", "Run " + r.path("run_id").asText() + ": " + status
                    + (r.path("error").isTextual() ? ": " + r.path("error").asText() : "")));
        }
        if (preview && !status.equals("planned")) {
            b.append(Html.notice("error", "The preview run " + status + (r.path("error").isTextual() ? ": " + r.path("error").asText() : "")));
        }
        // What changes comes first, then the way it was worked out, folded: the admin decides on the first part.
        b.append("<section class=\"steps\" id=\"sync-steps\"><h2>").append(preview ? "What would change in the store" : "What changed in the store")
                .append("</h2>");
        if (r.path("changes").isEmpty()) {
            b.append("<p id=\"sync-changes\">Nothing.</p>");
        } else {
            b.append("<ul id=\"sync-changes\">");
            for (JsonNode c : r.path("changes")) {
                b.append("<li>").append(Html.esc(c.path("type").asText()));
                if (c.hasNonNull("summary")) {
                    b.append(": ").append(Html.esc(c.get("summary").asText()));
                }
                b.append("</li>");
            }
            b.append("</ul>");
        }
        b.append("<h2>Scope</h2><p id=\"sync-scope\">").append(Html.esc(r.path("scope").asText())).append("</p>");
        b.append("<h2>").append(preview ? "Each directory, as the store stands before this change" : "Each directory now").append("</h2>");
        if (r.path("directories").isEmpty()) {
            b.append("<p>No directory is configured.</p>");
        } else {
            b.append("<dl id=\"sync-directories\">");
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("directories").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> d = it.next();
                b.append("<dt>").append(Html.esc(d.getKey())).append("</dt><dd>").append(Html.esc(d.getValue().asText())).append("</dd>");
            }
            b.append("</dl>");
        }
        if (!preview && r.has("deliveries")) {
            b.append("<h2>Deliveries</h2>").append(r.path("delivered").asBoolean() ? "" : "<p>Some are still on their way: the timeline shows them.</p>")
                    .append("<table class=\"deliveries\"><thead><tr><th scope=\"col\">Event</th><th scope=\"col\">To</th><th scope=\"col\">Status</th>")
                    .append("<th scope=\"col\">Answer</th></tr></thead><tbody>");
            for (JsonNode d : r.path("deliveries")) {
                b.append("<tr><td>").append(Html.esc(d.path("type").asText())).append("</td><td>").append(Html.esc(d.path("endpoint").asText()))
                        .append("</td><td>").append(Html.esc(d.path("status").asText())).append("</td><td>")
                        .append(Html.esc(d.path("answer").isTextual() ? d.path("answer").asText() : "")).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        if (preview && status.equals("planned") && session.admin()) {
            b.append(Html.action(session, "/console/people/" + who + "/sync", "Apply", "sync-apply", "mode", "apply"));
        }
        b.append("<details><summary>What the source says</summary>");
        if (r.path("source_records").isEmpty()) {
            b.append("<p>No record.</p>");
        }
        for (JsonNode rec : r.path("source_records")) {
            b.append("<h3>").append(Html.esc(rec.path("resource").asText())).append("</h3><pre>").append(Html.esc(rec.path("record").toPrettyString()))
                    .append("</pre>");
        }
        b.append("</details><details><summary>The person we make of it</summary>");
        JsonNode canonical = r.path("canonical");
        b.append(canonical.isObject() ? "<pre>" + Html.esc(canonical.toPrettyString()) + "</pre>" : "<p>None.</p>");
        b.append("</details></section>");
        b.append("<p><a href=\"/console/people/").append(Html.esc(who)).append("\">Back to ").append(Html.esc(person)).append("</a></p>");
        return Html.page((preview ? "Preview: " : "Synced: ") + person, "people", session, b.toString());
    }
}
