package io.identitysync.console;

/** Pause (with the reason it asks for) or Resume, for a connector or a directory; only ever rendered for an admin. */
final class PausePage {

    private PausePage() {
    }

    /** @param what connectors or directories, as the action's path names them */
    static String buttons(Session session, String what, String id, boolean paused) {
        String path = "/console/" + what + "/" + id;
        if (paused) {
            return Html.action(session, path + "/resume", "Resume", "resume-" + id);
        }
        String field = "reason-" + Html.esc(id);
        return "<form method=\"post\" class=\"action pause\" action=\"" + Html.esc(path) + "/pause\">" + Html.csrf(session)
                + "<label for=\"" + field + "\">Why pause " + Html.esc(id) + "?</label><input type=\"text\" id=\"" + field
                + "\" name=\"reason\" required maxlength=\"200\"><button type=\"submit\" id=\"pause-" + Html.esc(id) + "\">Pause</button></form>";
    }
}
