package io.identitysync.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.store.Store;
import io.identitysync.store.quarantine.Quarantines;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The overview: every connector's state, last runs, freshness and 30-day chart; every directory's backlog. */
final class OverviewPage {

    private final Settings settings;
    private final Store store;

    OverviewPage(Settings settings, Store store) {
        this.settings = settings;
        this.store = store;
    }

    /** @param enabled GET /api/connectors: the enabled connectors' states and pauses */
    String render(Session session, JsonNode enabled, JsonNode directories, Instant now) {
        StringBuilder b = new StringBuilder();
        Set<String> connectors = new LinkedHashSet<>();
        Connectors.enabled(settings).forEach(c -> connectors.add(c.id()));
        store.read("sync_runs", "SELECT DISTINCT connector FROM sync_runs ORDER BY connector", List.of(), rs -> connectors.add(rs.getString(1)));
        Quarantines quarantines = new Quarantines(store, null);
        b.append("<section aria-labelledby=\"connectors-h\"><h2 id=\"connectors-h\">Connectors</h2>");
        if (connectors.isEmpty()) {
            b.append("<p>No connector is enabled and none has run.</p>");
        }
        for (String connector : connectors) {
            List<JsonNode> runs = new ArrayList<>();
            List<RunChart.Point> points = new ArrayList<>();
            String since = Store.format(now.minus(RunChart.SPAN));
            store.read("sync_runs", "SELECT id, started_at, finished_at, status, created, updated, deleted, error FROM sync_runs "
                    + "WHERE connector = ? AND started_at >= ? ORDER BY started_at", List.of(connector, since), rs -> {
                        Instant started = Instant.parse(rs.getString("started_at"));
                        String finished = rs.getString("finished_at");
                        double seconds = finished == null ? 0 : Duration.between(started, Instant.parse(finished)).toMillis() / 1000.0;
                        points.add(new RunChart.Point(started, seconds, rs.getLong("created") + rs.getLong("updated") + rs.getLong("deleted"),
                                rs.getString("status")));
                    });
            store.read("sync_runs", "SELECT * FROM sync_runs WHERE connector = ? ORDER BY started_at DESC LIMIT 5", List.of(connector),
                    rs -> runs.add(io.identitysync.store.Rows.toJson(rs)));
            String[] fresh = {null};
            store.read("sync_runs", "SELECT max(finished_at) FROM sync_runs WHERE connector = ? AND status = 'succeeded'", List.of(connector),
                    rs -> fresh[0] = rs.getString(1));
            Quarantines.Quarantine q = quarantines.get(Quarantines.CONNECTOR, connector);
            JsonNode api = find(enabled.path("connectors"), connector);
            // The API's word for an enabled connector; one only found in past runs no longer runs here.
            String state = api == null ? "not enabled" : api.path("state").asText();
            b.append("<article class=\"card\" id=\"connector-").append(Html.esc(connector)).append("\"><h3>").append(Html.esc(connector))
                    .append(" <span class=\"state ").append(state.replace(' ', '-')).append("\">").append(Html.esc(state)).append("</span></h3>");
            JsonNode pause = api == null ? null : api.path("pause");
            if (pause != null && pause.isObject()) {
                b.append("<p>Paused since ").append(Html.esc(pause.path("since").asText())).append(" by ").append(Html.esc(pause.path("by").asText()))
                        .append(": ").append(Html.esc(pause.path("reason").asText())).append("</p>");
            }
            if (q != null) {
                b.append("<p>Quarantined since ").append(Html.esc(q.since())).append(": ").append(Html.esc(q.reason())).append("</p>");
            }
            if (api != null && session.admin()) {
                b.append(Html.pauseOrResume(session, "connectors", connector, pause != null && pause.isObject()));
            }
            b.append("<p>Data as of: <strong>").append(fresh[0] == null ? "never synced" : Html.esc(fresh[0] + " (" + age(fresh[0], now) + " ago)"))
                    .append("</strong></p>");
            b.append("<figure><figcaption>Changes (bars) and duration (dots) per run, last 30 days</figcaption>")
                    .append(RunChart.svg(connector, points, now)).append("</figure>");
            b.append(RunsPage.table(runs, false));
            b.append("</article>");
        }
        b.append("</section>");
        b.append("<section aria-labelledby=\"directories-h\"><h2 id=\"directories-h\">Directories</h2>");
        b.append(DirectoriesPage.queues(directories));
        b.append("</section>");
        return Html.page("Overview", "overview", session, b.toString());
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode n : list) {
            if (n.path("id").asText().equals(id)) {
                return n;
            }
        }
        return null;
    }

    static String age(String at, Instant now) {
        Duration d = Duration.between(Instant.parse(at), now);
        if (d.toMinutes() < 1) {
            return d.toSeconds() + " s";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min";
        }
        if (d.toDays() < 1) {
            return d.toHours() + " h";
        }
        return d.toDays() + " days";
    }
}
