package io.identitysync.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.cli.support.Context;
import io.identitysync.cli.support.Format;
import io.identitysync.cli.support.PlanPrinter;
import io.identitysync.cli.support.RunActions;
import io.identitysync.config.Settings;
import io.identitysync.destinations.Destinations;
import io.identitysync.destinations.directories.DirectoryDispatcher;
import io.identitysync.destinations.webhooks.WebhookDispatcher;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.commit.CommitRun;
import io.identitysync.store.commit.RefusedRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * {@code runs show RUN_ID}: a run, and for a refused one the plan approving it would apply. {@code runs approve RUN_ID}:
 * applies a refused run exactly as it was read, then writes its files and delivers its events like a run's.
 */
@Command(name = "runs", header = "A run, and approving one refused by sync.max-delete-ratio.",
        description = "A run, and the runs refused by sync.max-delete-ratio.",
        subcommands = {RunsCommand.Show.class, RunsCommand.Approve.class})
final class RunsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw IdentitySync.sayWhatToDo(spec);
    }

    @Command(name = "show", header = "A run, and the plan of a refused one.",
            description = "A run; for a refused one, the plan approving it would apply (or why it cannot be approved).")
    static final class Show implements Callable<Integer> {
        private final Context context;

        @Parameters(paramLabel = "RUN_ID", description = "the run's id, as status and the run's events give it")
        String runId;

        @Option(names = "--format", paramLabel = "FORMAT", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        Format format = Format.text;

        Show(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return run("show", runId, format == Format.json, context);
        }
    }

    @Command(name = "approve", header = "Apply a run refused by sync.max-delete-ratio, as it was read.",
            description = {"Applies a run refused by sync.max-delete-ratio exactly as it was read, then writes its files "
            + "and delivers its events like a run's. Refused when a later run was committed, or the connector's state moved on."})
    static final class Approve implements Callable<Integer> {
        private final Context context;

        @Parameters(paramLabel = "RUN_ID", description = "the refused run's id")
        String runId;

        Approve(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return run("approve", runId, false, context);
        }
    }

    private static int run(String action, String runId, boolean json, Context context) {
        Settings settings = context.settings();
        PrintStream out = context.out();
        PrintStream err = context.err();
        try (Store store = Store.open(settings).migrate()) {
            return action.equals("show") ? show(store, runId, settings, json, out) : approve(store, runId, settings, out, err);
        } catch (RefusedRuns.NotApprovable e) {
            err.println("configuration error: runs " + action + ": " + e.getMessage());
            return IdentitySync.BAD_CONFIGURATION;
        } catch (StoreException e) {
            err.println("configuration error: " + e.getMessage());
            return IdentitySync.BAD_CONFIGURATION;
        }
    }

    private static int show(Store store, String runId, Settings settings, boolean json, PrintStream out) throws StoreException {
        ObjectNode doc = RunActions.show(store, runId, settings);
        if (json) {
            out.println(doc.toPrettyString());
            return IdentitySync.OK;
        }
        ObjectNode run = (ObjectNode) doc.get("run");
        out.printf("run %s of %s: %s, started %s, finished %s%s%n", run.path("id").asText(), run.path("connector").asText(), run.path("status").asText(),
                run.path("started_at").asText(), run.path("finished_at").asText("-"),
                run.path("approved_at").isTextual() ? ", approved " + run.path("approved_at").asText() : "");
        out.printf("  read %d pages: %d users, %d groups, %d memberships; %d created, %d updated, %d deleted, %d skipped%n",
                run.path("pages").asInt(), run.path("users_seen").asInt(), run.path("groups_seen").asInt(), run.path("memberships_seen").asInt(),
                run.path("created").asInt(), run.path("updated").asInt(), run.path("deleted").asInt(), run.path("skipped").asInt());
        if (!run.path("error").isNull()) {
            out.println("  " + run.path("error").asText());
        }
        if (doc.has("not_approvable")) {
            out.println("  cannot be approved: " + doc.get("not_approvable").asText());
        }
        if (doc.path("approvable").asBoolean()) {
            PlanPrinter.text(RunActions.plan(store, run, settings), "approving it would change", out);
        }
        return IdentitySync.OK;
    }

    private static int approve(Store store, String runId, Settings settings, PrintStream out, PrintStream err) {
        RunActions.Approved a = RunActions.approve(store, runId, settings);
        CommitRun.Result r = a.result();
        out.printf("%s: run %s approved and applied: %d created, %d updated, %d deleted; %d events%n", a.connector(), runId, r.created(), r.updated(),
                r.deleted(), r.events);
        int code = IdentitySync.OK;
        if (a.filesError() == null) {
            out.println("  files:    " + a.folder());
        } else {
            err.println(a.connector() + ": run " + runId + " applied, but its files could not be written: " + a.filesError());
            code = IdentitySync.RUN_FAILED;
        }
        try (WebhookDispatcher webhooks = new WebhookDispatcher(store, settings);
             DirectoryDispatcher directories = new DirectoryDispatcher(store, settings, Destinations.DIRECTORY_KINDS)) {
            boolean delivered = webhooks.drain(settings.duration("webhooks.once-wait")) & directories.drain(settings.duration("directories.once-wait"));
            out.println("  events:   " + (delivered ? "delivered" : "queued; the service delivers what is still pending"));
        }
        return code;
    }
}
