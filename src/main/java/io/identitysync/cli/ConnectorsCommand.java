package io.identitysync.cli;

import io.identitysync.cli.support.Context;
import io.identitysync.cli.support.PauseActions;
import io.identitysync.config.Settings;
import io.identitysync.destinations.Destinations;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.quarantine.Pauses;
import io.identitysync.store.quarantine.Quarantines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code connectors pause ID --reason=TEXT} and {@code connectors resume ID}: an operator stops a connector's automatic
 * runs (its schedules, webhooks in, --once) and starts them again, on every node that shares the store.
 */
@Command(name = "connectors", header = "Pausing a connector's automatic runs, and resuming them.",
        description = "Pausing a connector's automatic runs (schedules, webhooks in, --once) on every node, and resuming them.",
        subcommands = {ConnectorsCommand.Pause.class, ConnectorsCommand.Resume.class})
final class ConnectorsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw IdentitySync.sayWhatToDo(spec);
    }

    @Command(name = "pause", header = "Stop a connector's automatic runs until it is resumed.",
            description = "Stops its schedules, webhooks in (notifications wait) and --once until connectors resume; sync --person still runs.")
    static final class Pause implements Callable<Integer> {
        private final Context context;

        @Parameters(paramLabel = "ID", description = "an enabled connector")
        String id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why, shown to whoever finds it paused")
        String reason;

        Pause(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return pause(Quarantines.CONNECTOR, id, reason, context);
        }
    }

    @Command(name = "resume", header = "Start a paused connector's automatic runs again.",
            description = "Starts its schedules again; webhook notifications that waited are run on the next pass.")
    static final class Resume implements Callable<Integer> {
        private final Context context;

        @Parameters(paramLabel = "ID", description = "a paused connector")
        String id;

        Resume(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return pause(Quarantines.CONNECTOR, id, null, context);
        }
    }

    /** Pauses ({@code reason} set) or resumes a connector or a directory; the commands of both say the same. */
    static int pause(String kind, String id, String reason, Context context) {
        Settings settings = context.settings();
        String unknown = PauseActions.unknown(settings, kind, id);
        if (unknown != null) {
            context.err().println("configuration error: " + (kind.equals(Quarantines.CONNECTOR) ? "connectors " : "directories ")
                    + (reason == null ? "resume" : "pause") + ": " + unknown);
            return IdentitySync.BAD_CONFIGURATION;
        }
        if (reason != null && reason.isBlank()) {
            context.err().println("configuration error: --reason: say why it is paused (shown to whoever finds it paused)");
            return IdentitySync.BAD_CONFIGURATION;
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
            return IdentitySync.OK;
        } catch (StoreException e) {
            context.err().println("configuration error: " + e.getMessage());
            return IdentitySync.BAD_CONFIGURATION;
        }
    }
}
