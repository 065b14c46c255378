package io.identitysync.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.identitysync.IdentitySyncApp;
import io.identitysync.cli.support.Context;
import io.identitysync.cli.support.Format;
import io.identitysync.cli.support.PlanPrinter;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.destinations.webhooks.WebhookEndpoint;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.quarantine.Pauses;
import io.identitysync.store.quarantine.Quarantines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * The top command: the service, each source on its schedule until SIGTERM; with {@code --once}, every source once,
 * its deliveries drained, then exit; with {@code --once --dry-run}, what a run would change, changing nothing.
 */
@Command(name = "identity-sync", synopsisSubcommandLabel = "[COMMAND]", sortOptions = false,
        header = "Identity Sync: HR sources into one store, out to files, webhooks and directories.",
        description = {"Run as java -jar identity-sync.jar (or through an alias identity-sync, see completion).",
                "Without a command: the service, each enabled source on its <prefix>schedule, until SIGTERM.",
                "With --once: every enabled source once, its events delivered, then exit."},
        subcommands = {DemoCommand.class, CheckCommand.class, StatusCommand.class, RunsCommand.class, ConnectorsCommand.class, BackupCommand.class, WebhooksCommand.class,
                DirectoriesCommand.class, WebhooksInCommand.class, PeopleCommand.class, ScopeCommand.class, SyncCommand.class, CompletionCommand.class})
final class ServiceCommand implements Callable<Integer> {

    private final Context context;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "show this help and exit")
    boolean help;

    @Option(names = "--once", description = "run every enabled source once, deliver its events (up to webhooks.once-wait and "
            + "directories.once-wait), then exit (as sync.once=true)")
    boolean once;

    @Option(names = "--dry-run", description = "with --once: plan one run of each source and print what it would change; changes nothing "
            + "(as sync.dry-run=true)")
    boolean dryRun;

    @Option(names = "--incremental", description = "with --once: read only what changed since each source's last run (as sync.incremental=true)")
    boolean incremental;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "how --dry-run prints its plans: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Format format = Format.text;

    ServiceCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (dryRun) {
            context.override("sync.dry-run", "true");
        }
        if (incremental) {
            context.override("sync.incremental", "true");
        }
        Settings settings = context.settings();
        PrintStream out = context.out();
        PrintStream err = context.err();
        boolean once = this.once || settings.bool("sync.once");
        if (settings.bool("sync.incremental") && !once) {
            err.println("configuration error: --incremental: the service reads incrementally on <prefix>schedule when <prefix>full-schedule is set; "
                    + "--incremental goes with --once");
            return IdentitySync.BAD_CONFIGURATION;
        }
        if (settings.bool("sync.dry-run") && !once) {
            err.println("configuration error: --dry-run: plans one run of each source, so it goes with --once (the service would run on)");
            return IdentitySync.BAD_CONFIGURATION;
        }
        if (once && Connectors.enabled(settings).isEmpty()) {
            err.println("configuration error: factorial.enabled: no source is enabled, so --once has nothing to run: set factorial.api-token "
                    + "(or teamtailor.api-token, or connectors.<id>.type with its api-token)");
            return IdentitySync.BAD_CONFIGURATION;
        }
        try (IdentitySyncApp app = new IdentitySyncApp(settings, !once)) {
            if (!once) {
                for (Connectors.Connector c : Connectors.enabled(settings)) {
                    out.println("identity-sync: " + c.id() + " on cron '" + settings.get(c.key("schedule")) + "' from " + settings.get(c.key("base-url")));
                }
                out.println("identity-sync: store " + Store.masked(settings.get("store.url")) + ", files in " + settings.get("files.dir") + ", "
                        + WebhookEndpoint.all(settings).size() + " webhook endpoint(s); stop with SIGTERM");
                app.runUntilStopped();
                return IdentitySync.OK;
            }
            return runOnce(app, format == Format.json, out, err);
        } catch (StoreException | IdentitySyncApp.StartFailed e) {
            err.println("configuration error: " + e.getMessage());
            return IdentitySync.BAD_CONFIGURATION;
        } catch (Exception e) {
            err.println("error: " + e.getMessage());
            return IdentitySync.RUN_FAILED;
        }
    }

    private static int runOnce(IdentitySyncApp app, boolean json, PrintStream out, PrintStream err) throws Exception {
        app.start();
        boolean dryRun = app.settings().bool("sync.dry-run");
        ArrayNode plans = Rows.JSON.createArrayNode();
        boolean failed = false;
        Pauses pauses = new Pauses(app.store(), null);
        for (String connector : app.enabledConnectors()) {
            Pauses.Pause pause = pauses.get(Quarantines.CONNECTOR, connector);
            if (pause != null) {
                out.println(connector + ": paused since " + pause.since() + " by " + pause.by() + " (" + pause.reason() + "): not run (connectors resume "
                        + connector + ")");
                continue;
            }
            IdentitySyncApp.RunOutcome outcome = app.run(connector);
            if (outcome.plan() != null) {
                if (json) {
                    plans.add(PlanPrinter.json(outcome.plan()));
                } else {
                    PlanPrinter.text(outcome.plan(), "a run would change", out);
                }
            } else if (outcome.succeeded()) {
                out.println(connector + ": run " + outcome.runId() + " succeeded");
            } else {
                failed = true;
                err.println(connector + ": run " + outcome.runId() + " " + outcome.status() + ": " + outcome.error());
            }
        }
        if (dryRun) {
            if (json) {
                out.println(Rows.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Rows.JSON.createObjectNode().put("dry_run", true).set("plans", plans)));
            }
            return failed ? IdentitySync.RUN_FAILED : IdentitySync.OK;
        }
        app.drainWebhooks(app.settings().duration("webhooks.once-wait"));
        app.drainDirectories(app.settings().duration("directories.once-wait"));
        // What the directories' pushes raised (directory.quarantined, directory.recovered) goes out too.
        app.drainWebhooks(app.settings().duration("webhooks.once-wait"));
        return failed ? IdentitySync.RUN_FAILED : IdentitySync.OK;
    }
}
