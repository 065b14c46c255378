package io.identitysync.console;

/** HTML text: escaping, and the page every console page sits in (one stylesheet, one script, no inline script). */
final class Html {

    private Html() {
    }

    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** An ISO-8601 instant that may break between its date and its time, and nowhere else, when a table is narrow. */
    static String when(String instant) {
        int t = instant == null ? -1 : instant.indexOf('T');
        return t < 0 ? esc(instant) : esc(instant.substring(0, t)) + "<wbr>" + esc(instant.substring(t));
    }

    /** A whole page; {@code nav} is null on the sign-in page. */
    static String page(String title, String current, Session session, String body) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append(" · Identity Sync</title>")
                .append("<link rel=\"stylesheet\" href=\"/console/static/console.css\">")
                .append("<script src=\"/console/static/console.js\" defer></script></head><body>")
                .append("<a class=\"skip\" href=\"#main\">Skip to content</a>");
        if (session != null) {
            h.append("<header><nav aria-label=\"Console\"><span class=\"brand\">Identity Sync</span><ul>");
            for (String[] item : new String[][] {{"overview", "/console/", "Overview"}, {"runs", "/console/runs", "Runs"},
                    {"people", "/console/people", "People"}, {"directories", "/console/directories", "Directories"}}) {
                h.append("<li><a href=\"").append(item[1]).append('"').append(item[0].equals(current) ? " aria-current=\"page\"" : "").append('>')
                        .append(item[2]).append("</a></li>");
            }
            h.append("</ul><form method=\"post\" action=\"/console/sign-out\" class=\"signout\">").append(csrf(session))
                    .append("<span class=\"role\" id=\"role\">").append(session.admin() ? "admin" : "read-only").append("</span>")
                    .append("<button type=\"submit\">Sign out</button></form></nav></header>");
        }
        h.append("<main id=\"main\" tabindex=\"-1\"><h1>").append(esc(title)).append("</h1>").append(body).append("</main></body></html>");
        return h.toString();
    }

    static String csrf(Session session) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(session.csrf()) + "\">";
    }

    /** A POST button carrying the session's CSRF token; only ever rendered for an admin session. */
    static String action(Session session, String path, String label, String id, String... hidden) {
        StringBuilder f = new StringBuilder("<form method=\"post\" class=\"action\" action=\"").append(esc(path)).append("\">").append(csrf(session));
        for (int i = 0; i + 1 < hidden.length; i += 2) {
            f.append("<input type=\"hidden\" name=\"").append(esc(hidden[i])).append("\" value=\"").append(esc(hidden[i + 1])).append("\">");
        }
        return f.append("<button type=\"submit\" id=\"").append(esc(id)).append("\">").append(esc(label)).append("</button></form>").toString();
    }

    /**
     * Pause (with the reason it asks for) or Resume, for a connector or a directory; only ever rendered for an admin.
     *
     * @param what connectors or directories, as the action's path names them
     */
    static String pauseOrResume(Session session, String what, String id, boolean paused) {
        String path = "/console/" + what + "/" + id;
        if (paused) {
            return action(session, path + "/resume", "Resume", "resume-" + id);
        }
        String field = "reason-" + esc(id);
        return "<form method=\"post\" class=\"action pause\" action=\"" + esc(path) + "/pause\">" + csrf(session)
                + "<label for=\"" + field + "\">Why pause " + esc(id) + "?</label><input type=\"text\" id=\"" + field
                + "\" name=\"reason\" required maxlength=\"200\"><button type=\"submit\" id=\"pause-" + esc(id) + "\">Pause</button></form>";
    }

    static String notice(String kind, String text) {
        return text == null || text.isEmpty() ? "" : "<p class=\"notice " + kind + "\" role=\"" + (kind.equals("error") ? "alert" : "status") + "\" id=\"notice\">"
                + esc(text) + "</p>";
    }
}
