package io.identitysync.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.cli.support.PauseActions;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.destinations.Destinations;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.quarantine.Pauses;
import io.identitysync.store.quarantine.Quarantines;

import java.util.List;

/**
 * GET /api/connectors (each connector's state, quarantine, pause and last run), and pausing or resuming a connector
 * or a directory: POST /api/{connectors|directories}/{id}/pause {"reason": "…"} and …/resume.
 */
final class PauseResources {

    /** Who paused it, as the pauses table and its events say: an API admin token (the console signs in with one). */
    static final String BY = "api:admin";

    private final Settings settings;
    private final Store store;
    private final Pauses pauses;

    PauseResources(Settings settings, Store store) {
        this.settings = settings;
        this.store = store;
        this.pauses = new Pauses(store, new Destinations(settings));
    }

    /** GET /api/connectors: the enabled connectors, in configuration order. */
    JsonNode connectors() {
        Quarantines quarantines = new Quarantines(store, null);
        ArrayNode list = Rows.JSON.createArrayNode();
        for (Connectors.Connector c : Connectors.enabled(settings)) {
            ObjectNode one = list.addObject().put("id", c.id()).put("source", c.source().id());
            Quarantines.Quarantine q = quarantines.get(Quarantines.CONNECTOR, c.id());
            Pauses.Pause p = pauses.get(Quarantines.CONNECTOR, c.id());
            ObjectNode[] last = {null};
            store.read("sync_runs", "SELECT id, status, kind, started_at, finished_at, error FROM sync_runs WHERE connector = ? ORDER BY started_at DESC "
                    + "LIMIT 1", List.of(c.id()), rs -> last[0] = Rows.toJson(rs));
            String[] fresh = {null};
            store.read("sync_runs", "SELECT max(finished_at) FROM sync_runs WHERE connector = ? AND status = 'succeeded'", List.of(c.id()),
                    rs -> fresh[0] = rs.getString(1));
            one.put("state", state(p != null, q != null, last[0] == null ? null : last[0].path("status").asText()));
            one.set("pause", p == null ? null : p.json());
            one.set("quarantine", q == null ? null : q.json());
            one.set("last_run", last[0]);
            one.put("data_as_of", fresh[0]);
        }
        ObjectNode out = Rows.JSON.createObjectNode();
        out.set("connectors", list);
        return out;
    }

    /** A connector's state in one word: paused and quarantined first, as they decide whether it runs at all. */
    static String state(boolean paused, boolean quarantined, String lastStatus) {
        if (paused) {
            return "paused";
        }
        if (quarantined) {
            return "quarantined";
        }
        if (lastStatus == null) {
            return "not run yet";
        }
        return switch (lastStatus) {
            case "failed" -> "failing";
            case "refused" -> "waiting for approval";
            case "running" -> "running";
            default -> "ok";
        };
    }

    /** POST …/pause: {"reason": "…"} is required, so whoever finds it paused knows why. */
    JsonNode pause(String kind, String id, JsonNode body) {
        known(kind, id);
        JsonNode reason = body == null ? null : body.get("reason");
        if (reason == null || !reason.isTextual() || reason.asText().isBlank()) {
            throw new ApiResources.ApiError(400, "reason: required, why the " + kind + " is paused (shown to whoever finds it paused)");
        }
        boolean now = pauses.pause(kind, id, reason.asText().trim(), BY);
        return answer(kind, id, now ? "paused" : "already paused");
    }

    /** POST …/resume. */
    JsonNode resume(String kind, String id) {
        known(kind, id);
        boolean now = pauses.resume(kind, id, BY);
        return answer(kind, id, now ? "resumed" : "was not paused");
    }

    private JsonNode answer(String kind, String id, String outcome) {
        Pauses.Pause p = pauses.get(kind, id);
        ObjectNode out = Rows.JSON.createObjectNode().put(kind, id).put("outcome", outcome);
        out.set("pause", p == null ? null : p.json());
        return out;
    }

    private void known(String kind, String id) {
        String unknown = PauseActions.unknown(settings, kind, id);
        if (unknown != null) {
            throw new ApiResources.ApiError(404, unknown);
        }
    }
}
