package io.identitysync.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.cli.support.PauseActions;
import io.identitysync.config.Settings;
import io.identitysync.core.Secrets;
import io.identitysync.destinations.Destinations;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryException;
import io.identitysync.destinations.directories.DirectoryPlans;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.identities.DirectoryReports;
import io.identitysync.store.quarantine.Quarantines;

import java.io.OutputStream;
import java.io.PrintStream;
import java.sql.SQLException;

/**
 * POST /api/directories/{id}/plan and POST /api/directories/{id}/reconcile {"apply": false}: what the commands
 * {@code directories plan} and {@code directories reconcile [--apply]} do, recorded the same way; and each
 * directory's latest of both, as GET /api/directories shows them.
 */
final class DirectoryResources {

    private final Settings settings;
    private final Store store;
    private final Secrets secrets;

    DirectoryResources(Settings settings, Store store) {
        this.settings = settings;
        this.store = store;
        this.secrets = new Secrets(settings.secrets());
    }

    /** Reads the directory (every person it concerns: as long as the directory takes to answer for them); applies only when asked. */
    JsonNode check(String id, String action, JsonNode body) {
        String unknown = PauseActions.unknown(settings, Quarantines.DIRECTORY, id);
        if (unknown != null) {
            throw new ApiResources.ApiError(404, unknown);
        }
        JsonNode apply = body == null ? null : body.get("apply");
        if (apply != null && !apply.isBoolean()) {
            throw new ApiResources.ApiError(400, "apply: must be true or false");
        }
        if (apply != null && apply.asBoolean() && action.equals("plan")) {
            throw new ApiResources.ApiError(400, "apply: a plan never applies; reconcile does");
        }
        DirectoryConfig config = DirectoryConfig.all(settings).stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
        try (PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream())) {
            DirectoryPlans.Checked checked = new DirectoryPlans(store, settings, config, Destinations.DIRECTORY_KINDS)
                    .check(action, apply != null && apply.asBoolean(), PauseResources.BY, nowhere);
            return checked.report().json().put("directory", id);
        } catch (DirectoryException e) {
            throw new ApiResources.ApiError(502, config.label() + ": " + secrets.scrub(e.getMessage()));
        } catch (SQLException e) {
            throw new StoreException("store.url: " + e.getMessage(), e);
        }
    }

    /** Sets latest_plan and latest_reconcile (null when never run) on a directory of GET /api/directories. */
    void latest(ObjectNode directory, String id) {
        DirectoryReports reports = new DirectoryReports(store);
        for (String action : new String[] {"plan", "reconcile"}) {
            DirectoryReports.Report r = reports.latest(id, action);
            directory.set("latest_" + action, r == null ? null : r.json());
        }
    }
}
