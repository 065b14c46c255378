package io.identitysync.cli.support;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.Destinations;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.quarantine.Pauses;
import io.identitysync.store.quarantine.Quarantines;

import java.util.List;

/** What {@code connectors pause|resume}, {@code directories pause|resume} and the API's …/pause and …/resume share. */
public final class PauseActions {

    /** Who paused it from a command line, as the pauses table and its events say. */
    public static final String BY_CLI = "cli";

    private PauseActions() {
    }

    /** The ids of the enabled connectors, or of the configured directories. */
    public static List<String> ids(Settings settings, String kind) {
        return kind.equals(Quarantines.CONNECTOR) ? Connectors.enabled(settings).stream().map(Connectors.Connector::id).toList()
                : DirectoryConfig.all(settings).stream().map(DirectoryConfig::id).toList();
    }

    /** Null when {@code id} names one, else the reason, with what is configured. */
    public static String unknown(Settings settings, String kind, String id) {
        List<String> ids = ids(settings, kind);
        return ids.contains(id) ? null : "no such " + kind + ": " + id + " (" + (kind.equals(Quarantines.CONNECTOR) ? "enabled" : "configured") + ": "
                + (ids.isEmpty() ? "none" : String.join(", ", ids)) + ")";
    }

    /** {@code <kind> pause ID --reason=TEXT}: each command declares only its name and help. */
    public abstract static class Pause implements java.util.concurrent.Callable<Integer> {
        private final Context context;
        private final String kind;

        @picocli.CommandLine.Parameters(paramLabel = "ID", description = "an enabled connector or a configured directory")
        String id;

        @picocli.CommandLine.Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why, shown to whoever finds it paused")
        String reason;

        protected Pause(Context context, String kind) {
            this.context = context;
            this.kind = kind;
        }

        @Override
        public Integer call() {
            return pause(kind, id, reason, context);
        }
    }

    /** {@code <kind> resume ID}. */
    public abstract static class Resume implements java.util.concurrent.Callable<Integer> {
        private final Context context;
        private final String kind;

        @picocli.CommandLine.Parameters(paramLabel = "ID", description = "a paused connector or directory")
        String id;

        protected Resume(Context context, String kind) {
            this.context = context;
            this.kind = kind;
        }

        @Override
        public Integer call() {
            return pause(kind, id, null, context);
        }
    }

    /** Pauses ({@code reason} set) or resumes a connector or a directory; the commands of both say the same. */
    static int pause(String kind, String id, String reason, Context context) {
        Settings settings = context.settings();
        String unknown = unknown(settings, kind, id);
        if (unknown != null) {
            context.err().println("configuration error: " + (kind.equals(Quarantines.CONNECTOR) ? "connectors " : "directories ")
                    + (reason == null ? "resume" : "pause") + ": " + unknown);
            return io.identitysync.cli.IdentitySync.BAD_CONFIGURATION;
        }
        if (reason != null && reason.isBlank()) {
            context.err().println("configuration error: --reason: say why it is paused (shown to whoever finds it paused)");
            return io.identitysync.cli.IdentitySync.BAD_CONFIGURATION;
        }
        try (Store store = Store.open(settings).migrate()) {
            Pauses pauses = new Pauses(store, new Destinations(settings));
            if (reason != null) {
                boolean now = pauses.pause(kind, id, reason.trim(), PauseActions.BY_CLI);
                Pauses.Pause p = pauses.get(kind, id);
                context.out().println(kind + " " + id + ": " + (now ? "paused" : "already paused since " + p.since() + " by " + p.by() + " (" + p.reason() + ")")
                        + (kind.equals(Quarantines.CONNECTOR) ? "; its schedules, webhooks in and --once skip it" : "; its queue waits"));
            } else {
                boolean now = pauses.resume(kind, id, PauseActions.BY_CLI);
                context.out().println(kind + " " + id + ": " + (now ? "resumed" : "was not paused"));
            }
            return io.identitysync.cli.IdentitySync.OK;
        } catch (StoreException e) {
            context.err().println("configuration error: " + e.getMessage());
            return io.identitysync.cli.IdentitySync.BAD_CONFIGURATION;
        }
    }
}
