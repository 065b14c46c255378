package io.identitysync;

import io.identitysync.config.ConfigCheck;
import io.identitysync.config.Settings;
import io.identitysync.demo.Demo;
import io.identitysync.store.StoreException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: {@code java -jar identity-sync.jar [--once] [demo] [--key=value …]}.
 * Exit codes: 0 all runs succeeded, 1 a run failed, 2 bad configuration.
 */
public final class IdentitySync {

    public static final int OK = 0;
    public static final int RUN_FAILED = 1;
    public static final int BAD_CONFIGURATION = 2;

    private IdentitySync() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        boolean once = false;
        String command = "service";
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.equals("--once")) {
                once = true;
            } else if (arg.startsWith("--") && arg.contains("=")) {
                overrides.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (arg.equals("demo")) {
                command = arg;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                out.println("usage: java -jar identity-sync.jar [--once] [demo] [--key=value ...]");
                return OK;
            } else {
                err.println("configuration error: unknown argument '" + arg + "' (use --once, demo or --key=value)");
                return BAD_CONFIGURATION;
            }
        }
        if (command.equals("demo")) {
            return Demo.run(out, err);
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
        once = once || settings.bool("sync.once");
        try (IdentitySyncApp app = new IdentitySyncApp(settings, !once)) {
            if (!once) {
                for (String source : app.enabledSources()) {
                    out.println("identity-sync: " + source + " on cron '" + settings.get(source + ".schedule") + "' from "
                            + settings.get(source + ".base-url"));
                }
                out.println("identity-sync: store " + settings.get("store.url") + ", files in " + settings.get("files.dir") + ", "
                        + settings.list("webhooks.urls").size() + " webhook endpoint(s); stop with SIGTERM");
                app.runUntilStopped();
                return OK;
            }
            return runOnce(app, out, err);
        } catch (StoreException e) {
            err.println("configuration error: " + e.getMessage());
            return BAD_CONFIGURATION;
        } catch (Exception e) {
            err.println("error: " + e.getMessage());
            return RUN_FAILED;
        }
    }

    static int runOnce(IdentitySyncApp app, PrintStream out, PrintStream err) throws Exception {
        app.start();
        if (app.enabledSources().isEmpty()) {
            err.println("nothing to run: no source is enabled (set factorial.api-token, or factorial.enabled=true)");
        }
        boolean failed = false;
        for (String source : app.enabledSources()) {
            IdentitySyncApp.RunOutcome outcome = app.run(source);
            if (outcome.succeeded()) {
                out.println(source + ": run " + outcome.runId() + " succeeded");
            } else {
                failed = true;
                err.println(source + ": run " + outcome.runId() + " " + outcome.status() + ": " + outcome.error());
            }
        }
        app.drainWebhooks(app.settings().duration("webhooks.once-wait"));
        return failed ? RUN_FAILED : OK;
    }
}
