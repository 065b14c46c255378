package io.identitysync;


import com.fasterxml.jackson.databind.node.ArrayNode;
import io.identitysync.check.CheckCommand;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.destinations.Destinations;
import io.identitysync.destinations.directories.DirectoriesCommand;
import io.identitysync.destinations.webhooks.WebhookEndpoint;
import io.identitysync.destinations.webhooks.WebhooksCommand;
import io.identitysync.inbound.WebhooksInCommand;
import io.identitysync.store.BackupCommand;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line: {@code java -jar identity-sync.jar [--once] [demo | webhooks list | webhooks replay …] [--key=value …]}.
 * Exit codes: 0 all runs succeeded, 1 a run failed, 2 bad configuration.
 */
public final class IdentitySync {

    public static final int OK = 0;
    public static final int RUN_FAILED = 1;
    public static final int BAD_CONFIGURATION = 2;

    static final String USAGE = String.join("\n",
            "usage: java -jar identity-sync.jar [--once] [--key=value ...]      run the service (or every source once)",
            "       java -jar identity-sync.jar demo                           simulators, a sync, a summary",
            "       java -jar identity-sync.jar check [--live] [--format=json]  the configuration; --live: sign in to every source and directory, read a page of each resource",
            "       java -jar identity-sync.jar status                         each connector's last runs, the webhook backlog",
            "       java -jar identity-sync.jar --once --incremental           every source once, reading only what changed since its last run",
            "       java -jar identity-sync.jar --once --dry-run [--format=json]   what a run of every source would change; changes nothing",
            "       java -jar identity-sync.jar runs show RUN_ID [--format=json]   a run, and the plan of a refused one",
            "       java -jar identity-sync.jar runs approve RUN_ID            apply a run refused by sync.max-delete-ratio, as it was read",
            "       java -jar identity-sync.jar backup --to FILE               a consistent copy of the SQLite store, while it runs",
            "       java -jar identity-sync.jar webhooks list                  deliveries by endpoint and status, dead ones",
            "       java -jar identity-sync.jar webhooks replay --dead | --run=RUN_ID | --since=TIME  [--endpoint=ID]",
            "       java -jar identity-sync.jar directories list               directory changes by directory and status, dead ones",
            "       java -jar identity-sync.jar directories replay --dead | --run=RUN_ID | --since=TIME  [--directory=ID]",
            "       java -jar identity-sync.jar directories plan ID            what the next push to a directory would do (writes nothing)",
            "       java -jar identity-sync.jar directories reconcile ID [--apply]   the drift between the source and a directory",
            "       java -jar identity-sync.jar webhooks-in subscribe CONNECTOR --url=PUBLIC_URL   Factorial's webhooks to this service",
            "       java -jar identity-sync.jar webhooks-in list CONNECTOR | unsubscribe CONNECTOR",
            "                                                                  queue events again (TIME: 2026-11-22T10:00:00Z or 2h)");
    private static final Set<String> COMMANDS = Set.of("demo", "check", "status", "backup", "webhooks", "webhooks list", "webhooks replay",
            "directories", "directories list", "directories replay", "directories plan", "directories reconcile",
            "webhooks-in", "webhooks-in subscribe", "webhooks-in list", "webhooks-in unsubscribe", "runs", "runs show", "runs approve");
    private static final Set<String> COMMAND_OPTIONS = Set.of("dead", "run", "since", "endpoint", "directory", "apply", "url", "to", "format", "live");

    private IdentitySync() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        boolean once = false;
        List<String> words = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? (arg.contains("=") ? arg.substring(2, arg.indexOf('=')) : arg.substring(2)) : null;
            if (arg.equals("--once")) {
                once = true;
            } else if (arg.equals("--dry-run")) {
                overrides.put("sync.dry-run", "true");
            } else if (arg.equals("--incremental")) {
                overrides.put("sync.incremental", "true");
            } else if (arg.equals("--help") || arg.equals("-h")) {
                out.println(USAGE);
                return OK;
            } else if (name != null && COMMAND_OPTIONS.contains(name)) {
                if (arg.contains("=")) {
                    options.put(name, arg.substring(arg.indexOf('=') + 1));
                } else if (name.equals("dead") || name.equals("apply") || name.equals("live")) {
                    options.put(name, "true");
                } else if (i + 1 < args.length) {
                    options.put(name, args[++i]);
                } else {
                    err.println("configuration error: --" + name + " needs a value");
                    return BAD_CONFIGURATION;
                }
            } else if (name != null && arg.contains("=")) {
                overrides.put(name, arg.substring(arg.indexOf('=') + 1));
            } else if (name == null && COMMANDS.contains(String.join(" ", words) + (words.isEmpty() ? "" : " ") + arg)) {
                words.add(arg);
            } else if (name == null && List.of("directories plan", "directories reconcile").contains(String.join(" ", words))
                    && !options.containsKey("directory")) {
                options.put("directory", arg);
            } else if (name == null && List.of("runs show", "runs approve").contains(String.join(" ", words)) && !options.containsKey("run")) {
                options.put("run", arg);
            } else if (name == null && String.join(" ", words).startsWith("webhooks-in ") && !options.containsKey("connector")) {
                options.put("connector", arg);
            } else {
                err.println("configuration error: unknown argument '" + arg + "'\n" + USAGE);
                return BAD_CONFIGURATION;
            }
        }
        String command = words.isEmpty() ? "service" : String.join(" ", words);
        if (command.equals("directories")) {
            err.println("configuration error: say what to do: directories list, replay, plan ID or reconcile ID\n" + USAGE);
            return BAD_CONFIGURATION;
        }
        if (command.equals("webhooks-in")) {
            err.println("configuration error: say what to do: webhooks-in subscribe CONNECTOR --url=PUBLIC_URL, list CONNECTOR or unsubscribe "
                    + "CONNECTOR\n" + USAGE);
            return BAD_CONFIGURATION;
        }
        if (command.equals("runs") || command.startsWith("runs ") && !options.containsKey("run")) {
            err.println("configuration error: say what to do: runs show RUN_ID, or runs approve RUN_ID\n" + USAGE);
            return BAD_CONFIGURATION;
        }
        if (options.containsKey("live") && !command.equals("check")) {
            err.println("configuration error: --live goes with check: java -jar identity-sync.jar check --live");
            return BAD_CONFIGURATION;
        }
        String format = options.getOrDefault("format", "text");
        if (!format.equals("text") && !format.equals("json")) {
            err.println("configuration error: --format: must be text or json, was '" + format + "'");
            return BAD_CONFIGURATION;
        }
        if (command.equals("webhooks")) {
            err.println("configuration error: say what to do: webhooks list, or webhooks replay --dead|--run=ID|--since=TIME\n" + USAGE);
            return BAD_CONFIGURATION;
        }
        if (command.equals("demo")) {
            return DemoCommand.run(out, err);
        }
        Settings settings;
        try {
            settings = Settings.load(Path.of("application.properties"), env, System.getProperties(), overrides);
        } catch (IllegalArgumentException e) {
            err.println("configuration error: " + e.getMessage());
            return BAD_CONFIGURATION;
        }
        List<String> problems = ConfigCheck.problems(settings);
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("configuration error: " + p));
            return BAD_CONFIGURATION;
        }
        if (command.equals("check")) {
            return CheckCommand.run(options.containsKey("live"), format.equals("json"), settings, out);
        }
        if (command.equals("status")) {
            try {
                return StatusCommand.run(settings, out);
            } catch (StoreException e) {
                err.println("configuration error: store.url: " + e.getMessage());
                return BAD_CONFIGURATION;
            }
        }
        if (command.startsWith("runs ")) {
            return RunsCommand.run(command.substring("runs ".length()), options.get("run"), format, settings, out, err);
        }
        if (command.equals("backup")) {
            return BackupCommand.run(settings, options.get("to"), out, err);
        }
        if (command.startsWith("webhooks ")) {
            return WebhooksCommand.run(command.substring("webhooks ".length()), options, settings, out, err);
        }
        if (command.startsWith("webhooks-in ")) {
            return WebhooksInCommand.run(command.substring("webhooks-in ".length()), options.get("connector"), options, settings, out, err);
        }
        if (command.startsWith("directories ")) {
            return DirectoriesCommand.run(command.substring("directories ".length()), options, settings, Destinations.DIRECTORY_KINDS, out, err);
        }
        once = once || settings.bool("sync.once");
        if (settings.bool("sync.incremental") && !once) {
            err.println("configuration error: --incremental: the service reads incrementally on <prefix>schedule when <prefix>full-schedule is set; "
                    + "--incremental goes with --once");
            return BAD_CONFIGURATION;
        }
        if (settings.bool("sync.dry-run") && !once) {
            err.println("configuration error: --dry-run: plans one run of each source, so it goes with --once (the service would run on)");
            return BAD_CONFIGURATION;
        }
        if (once && Connectors.enabled(settings).isEmpty()) {
            err.println("configuration error: factorial.enabled: no source is enabled, so --once has nothing to run: set factorial.api-token "
                    + "(or teamtailor.api-token, or connectors.<id>.type with its api-token)");
            return BAD_CONFIGURATION;
        }
        try (IdentitySyncApp app = new IdentitySyncApp(settings, !once)) {
            if (!once) {
                for (Connectors.Connector c : Connectors.enabled(settings)) {
                    out.println("identity-sync: " + c.id() + " on cron '" + settings.get(c.key("schedule")) + "' from " + settings.get(c.key("base-url")));
                }
                out.println("identity-sync: store " + Store.masked(settings.get("store.url")) + ", files in " + settings.get("files.dir") + ", "
                        + WebhookEndpoint.all(settings).size() + " webhook endpoint(s); stop with SIGTERM");
                app.runUntilStopped();
                return OK;
            }
            return runOnce(app, format.equals("json"), out, err);
        } catch (StoreException | IdentitySyncApp.StartFailed e) {
            err.println("configuration error: " + e.getMessage());
            return BAD_CONFIGURATION;
        } catch (Exception e) {
            err.println("error: " + e.getMessage());
            return RUN_FAILED;
        }
    }

    static int runOnce(IdentitySyncApp app, boolean json, PrintStream out, PrintStream err) throws Exception {
        app.start();
        boolean dryRun = app.settings().bool("sync.dry-run");
        ArrayNode plans = Rows.JSON.createArrayNode();
        boolean failed = false;
        for (String connector : app.enabledConnectors()) {
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
            return failed ? RUN_FAILED : OK;
        }
        app.drainWebhooks(app.settings().duration("webhooks.once-wait"));
        app.drainDirectories(app.settings().duration("directories.once-wait"));
        return failed ? RUN_FAILED : OK;
    }
}
