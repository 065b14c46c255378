package io.identitysync.cli.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.destinations.Destinations;
import io.identitysync.destinations.files.FileExport;
import io.identitysync.observe.IdentityMetrics;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.commit.CommitRun;
import io.identitysync.store.commit.RefusedRuns;
import io.identitysync.store.commit.Rehire;
import io.identitysync.store.commit.RunPlan;
import io.identitysync.store.runs.SyncRunRows;
import io.identitysync.store.staging.Staging;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What {@code runs show} and {@code runs approve} do, shared with the HTTP API (io.identitysync.api) so that both
 * answer alike: a run with, for a refused one, the plan approving it would apply; and the approval itself.
 */
public final class RunActions {

    private RunActions() {
    }

    /** A run's document, as {@code runs show --format=json} prints it; {@link RefusedRuns.NotApprovable} when there is no such run. */
    public static ObjectNode show(Store store, String runId, Settings settings) {
        ObjectNode run = RefusedRuns.run(store, runId);
        boolean refused = SyncRunRows.REFUSED.equals(run.path("status").asText());
        String whyNot = refused ? RefusedRuns.whyNot(store, run) : null;
        RunPlan plan = refused && whyNot == null ? plan(store, run, settings) : null;
        ObjectNode doc = Rows.JSON.createObjectNode();
        doc.set("run", run);
        doc.put("approvable", plan != null);
        if (whyNot != null) {
            doc.put("not_approvable", whyNot);
        }
        doc.set("plan", plan == null ? null : PlanPrinter.json(plan));
        return doc;
    }

    /** The plan approving a refused run would apply. */
    public static RunPlan plan(Store store, ObjectNode run, Settings settings) {
        return RunPlan.of(store, run.path("id").asText(), run.path("connector").asText(), settings.decimal("sync.max-delete-ratio"),
                settings.decimal("sync.max-disable-ratio"), new Destinations(settings));
    }

    /**
     * An approved run: what it applied, and its export folder, or why the files could not be written (the run stands).
     */
    public record Approved(String runId, String connector, CommitRun.Result result, Path folder, String filesError) {
    }

    /**
     * Applies a refused run exactly as it was read, writes its files and drops its staging; its events are queued, for
     * the caller's workers to deliver. {@link RefusedRuns.NotApprovable} says why it cannot be.
     */
    /** The connector's rehire settings, as its own runs commit with them; the defaults for a connector no longer configured. */
    private static Rehire rehire(Settings settings, String connector) {
        try {
            Connectors.Connector c = Connectors.byId(settings, connector);
            return Rehire.of(settings.get(c.key("rehire")), settings.get(c.key("match-on")));
        } catch (IllegalArgumentException unknown) {
            return Rehire.DEFAULT;
        }
    }

    public static Approved approve(Store store, String runId, Settings settings) {
        ObjectNode run = RefusedRuns.run(store, runId);
        String connector = run.path("connector").asText();
        CommitRun.Result r = RefusedRuns.approve(store, runId, new Destinations(settings), rehire(settings, connector));
        Path folder = null;
        String filesError = null;
        try {
            folder = FileExport.of(store, settings, new IdentityMetrics(store)).export(connector, runId);
        } catch (IOException e) {
            filesError = e.getMessage();
        }
        Staging.clear(store, runId);
        return new Approved(runId, connector, r, folder, filesError);
    }
}
