package io.identitysync.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.cli.support.ReplayOptions;
import io.identitysync.cli.support.RunActions;
import io.identitysync.config.Settings;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.outbox.OutboxAdmin;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.outbox.Outbox;
import io.identitysync.store.quarantine.Pauses;
import io.identitysync.store.quarantine.Quarantines;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each endpoint answers, from the store, by the same code the commands use. Failures the caller can fix are
 * {@link ApiError}s with the reason; everything here runs on a worker thread, never on the server's event loop.
 */
final class ApiResources {

    static final int MAX_LIMIT = 500;

    /** An answer other than success: its status and the reason, in the commands' words. */
    static final class ApiError extends RuntimeException {
        final int status;

        ApiError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final Settings settings;
    private final Store store;
    /** Delivers what an action queued, on the service's own workers. */
    private final Runnable deliverDue;
    private final DirectoryResources checks;

    ApiResources(Settings settings, Store store, Runnable deliverDue) {
        this.settings = settings;
        this.store = store;
        this.deliverDue = deliverDue;
        this.checks = new DirectoryResources(settings, store);
    }

    /** POST /api/directories/{id}/plan|reconcile. */
    JsonNode check(String id, String action, JsonNode body) {
        return checks.check(id, action, body);
    }

    /** GET /api/runs?connector=&status=&limit=: the newest runs first. */
    JsonNode runs(Map<String, String> query) {
        StringBuilder sql = new StringBuilder("SELECT * FROM sync_runs WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (query.containsKey("connector")) {
            sql.append(" AND connector = ?");
            params.add(query.get("connector"));
        }
        if (query.containsKey("status")) {
            String status = query.get("status");
            if (!List.of("running", "succeeded", "failed", "refused").contains(status)) {
                throw new ApiError(400, "status: must be running, succeeded, failed or refused, was '" + status + "'");
            }
            sql.append(" AND status = ?");
            params.add(status);
        }
        sql.append(" ORDER BY started_at DESC LIMIT ").append(limit(query));
        ArrayNode runs = Rows.JSON.createArrayNode();
        store.read("sync_runs", sql.toString(), params, rs -> runs.add(Rows.toJson(rs)));
        ObjectNode out = Rows.JSON.createObjectNode();
        out.set("runs", runs);
        return out;
    }

    /** GET /api/runs/{id}: the run and, for a refused one, the plan approving it would apply (runs show --format=json). */
    JsonNode run(String runId) {
        try {
            return RunActions.show(store, runId, settings);
        } catch (io.identitysync.store.commit.RefusedRuns.NotApprovable e) {
            throw new ApiError(404, e.getMessage());
        }
    }

    /** POST /api/runs/{id}/approve: runs approve, its events delivered by the service. */
    JsonNode approve(String runId) {
        RunActions.Approved a;
        try {
            a = RunActions.approve(store, runId, settings);
        } catch (io.identitysync.store.commit.RefusedRuns.NotApprovable e) {
            throw new ApiError(409, e.getMessage());
        }
        deliverDue.run();
        ObjectNode out = Rows.JSON.createObjectNode();
        out.put("run_id", a.runId());
        out.put("connector", a.connector());
        out.put("created", a.result().created());
        out.put("updated", a.result().updated());
        out.put("deleted", a.result().deleted());
        out.put("events", a.result().events);
        if (a.filesError() == null) {
            out.put("files", String.valueOf(a.folder()));
        } else {
            out.put("files_error", a.filesError());
        }
        return out;
    }

    /**
     * POST /api/deliveries/replay {"destinations": "webhooks"|"directories", "dead": true | "run": ID | "since": TIME,
     * "only": ID}: queues again as webhooks/directories replay do; the service delivers.
     */
    JsonNode replay(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ApiError(400, "the body must be a JSON object: {\"destinations\": \"webhooks\", \"dead\": true}");
        }
        String destinations = body.path("destinations").asText("webhooks");
        OutboxAdmin.Kind kind = switch (destinations) {
            case "webhooks" -> OutboxAdmin.webhooks(settings);
            case "directories" -> OutboxAdmin.directories(settings);
            default -> throw new ApiError(400, "destinations: must be webhooks or directories, was '" + destinations + "'");
        };
        Instant since = null;
        if (body.hasNonNull("since")) {
            try {
                since = new ReplayOptions.Since().convert(body.get("since").asText());
            } catch (RuntimeException e) {
                throw new ApiError(400, "since: " + e.getMessage());
            }
        }
        OutboxAdmin.Replay replay = new OutboxAdmin.Replay(body.path("dead").asBoolean(false), body.hasNonNull("run") ? body.get("run").asText() : null,
                since, body.hasNonNull("only") ? body.get("only").asText() : null);
        int queued;
        try {
            // The commands' words name options (--dead); the API's fields have the same names without the dashes.
            queued = OutboxAdmin.queue(kind, replay, store);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage().replace("--run=RUN_ID", "run").replace("--since=TIME", "since").replace("--", ""));
        }
        deliverDue.run();
        ObjectNode out = Rows.JSON.createObjectNode();
        out.put("destinations", destinations);
        out.put("queued", queued);
        return out;
    }

    /** GET /api/directories: each configured directory's queue, quarantine, pause, and latest plan and reconcile. */
    JsonNode directories() {
        List<DirectoryConfig> configs = DirectoryConfig.all(settings);
        Outbox outbox = new Outbox(store);
        Map<String, Map<String, Integer>> counts = outbox.counts(configs.stream().map(DirectoryConfig::endpoint).toList());
        Quarantines quarantines = new Quarantines(store, null);
        Pauses pauses = new Pauses(store, null);
        ArrayNode list = Rows.JSON.createArrayNode();
        for (DirectoryConfig d : configs) {
            ObjectNode one = list.addObject();
            one.put("id", d.id());
            one.put("type", d.type());
            one.put("connectors", String.join(",", d.connectors()));
            Map<String, Integer> byStatus = counts.getOrDefault(d.endpoint(), Map.of());
            ObjectNode queue = one.putObject("queue");
            for (String status : List.of("pending", "delivered", "dead")) {
                queue.put(status, byStatus.getOrDefault(status, 0));
            }
            queue.put("oldest_pending", outbox.oldestPending(d.endpoint()));
            Quarantines.Quarantine q = quarantines.get(Quarantines.DIRECTORY, d.id());
            one.set("quarantine", q == null ? null : q.json());
            Pauses.Pause p = pauses.get(Quarantines.DIRECTORY, d.id());
            one.set("pause", p == null ? null : p.json());
            checks.latest(one, d.id());
        }
        ObjectNode out = Rows.JSON.createObjectNode();
        out.set("directories", list);
        return out;
    }

    /** GET /api/audit?limit=: the API's actions, newest first. */
    JsonNode audit(Map<String, String> query, ApiAudit audit) {
        ArrayNode entries = Rows.JSON.createArrayNode();
        audit.recent(limit(query)).forEach(entries::add);
        ObjectNode out = Rows.JSON.createObjectNode();
        out.set("audit", entries);
        return out;
    }

    private static int limit(Map<String, String> query) {
        String v = query.getOrDefault("limit", "50");
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiError(400, "limit: must be a whole number between 1 and " + MAX_LIMIT + ", was '" + v + "'");
    }
}
