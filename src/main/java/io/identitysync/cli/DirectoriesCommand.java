package io.identitysync.cli;

import io.identitysync.cli.support.Context;
import io.identitysync.cli.support.OutboxCommands;
import io.identitysync.cli.support.PauseActions;
import io.identitysync.config.Settings;
import io.identitysync.core.Secrets;
import io.identitysync.destinations.Destinations;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryException;
import io.identitysync.destinations.directories.DirectoryPlans;
import io.identitysync.destinations.outbox.OutboxAdmin;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.quarantine.Quarantines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.sql.SQLException;
import java.util.concurrent.Callable;

/**
 * {@code directories list} and {@code directories replay …} (the directories' side of the outbox), and
 * {@code directories plan <id>} and {@code directories reconcile <id> [--apply]}.
 */
@Command(name = "directories", header = "Directory changes; queuing them again; a directory's plan and drift.",
        description = "The directories' changes (pending, delivered, dead), queuing them again, and a directory's "
        + "plan and drift; pausing a directory's pushes.", subcommands = {DirectoriesCommand.List.class, DirectoriesCommand.Replay.class,
        DirectoriesCommand.Plan.class, DirectoriesCommand.Reconcile.class, DirectoriesCommand.Pause.class, DirectoriesCommand.Resume.class})
final class DirectoriesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw IdentitySync.sayWhatToDo(spec);
    }

    @Command(name = "list", header = "Directory changes by directory and status, dead ones.",
            description = "Directory changes by directory and status, then the dead ones (oldest first).")
    static final class List extends OutboxCommands.List {
        List(Context context) {
            super(context, DirectoriesCommand::kind);
        }
    }

    @Command(name = "replay", header = "Queue changes again: --dead | --run=RUN_ID | --since=TIME [--directory=ID].",
            description = {"Queues changes again and pushes them (up to directories.once-wait). "
            + "Exactly one of --dead, --run, --since. Exit 1 when some are still pending."})
    static final class Replay extends OutboxCommands.Replay {
        @Option(names = "--directory", paramLabel = "ID", description = "only to this directory (directories.<ID>.type)")
        String directory;

        Replay(Context context) {
            super(context, DirectoriesCommand::kind);
        }

        @Override
        protected String only() {
            return directory;
        }
    }

    @Command(name = "plan", header = "What the next push to a directory would do (writes nothing).",
            description = "What the next push to a directory would do to each person it concerns. Reads the directory; "
            + "writes nothing anywhere.")
    static final class Plan implements Callable<Integer> {
        private final Context context;

        @Parameters(paramLabel = "ID", description = "a configured directory (directories.<ID>.type)")
        String id;

        Plan(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return plan("plan", id, false, context);
        }
    }

    @Command(name = "reconcile", header = "The drift between the source and a directory; --apply pushes it.",
            description = {"Every person of the source against the directory's record (missing, different, to suspend "
            + "or delete), and the directory's records no person is linked to. Exit 1 when anything drifts; with --apply, each "
            + "drifting person is pushed."})
    static final class Reconcile implements Callable<Integer> {
        private final Context context;

        @Parameters(paramLabel = "ID", description = "a configured directory (directories.<ID>.type)")
        String id;

        @Option(names = "--apply", description = "push each drifting person")
        boolean apply;

        Reconcile(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return plan("reconcile", id, apply, context);
        }
    }

    @Command(name = "pause", header = "Hold a directory's queue until it is resumed.",
            description = "Nothing is pushed to the directory (on any node) until directories resume; its changes wait in its queue.")
    static final class Pause extends PauseActions.Pause {
        Pause(Context context) {
            super(context, Quarantines.DIRECTORY);
        }
    }

    @Command(name = "resume", header = "Push a paused directory's queue again.", description = "Its queue is pushed again, in order.")
    static final class Resume extends PauseActions.Resume {
        Resume(Context context) {
            super(context, Quarantines.DIRECTORY);
        }
    }

    private static OutboxAdmin.Kind kind(Settings settings) {
        return OutboxAdmin.directories(settings);
    }

    private static int plan(String action, String id, boolean apply, Context context) {
        Settings settings = context.settings();
        DirectoryConfig config = DirectoryConfig.all(settings).stream().filter(d -> d.id().equals(id)).findFirst().orElse(null);
        if (config == null) {
            context.err().println("configuration error: directories " + action + " needs the id of a configured directory, e.g. directories " + action
                    + " jc (configured: " + String.join(", ", DirectoryConfig.all(settings).stream().map(DirectoryConfig::id).toList()) + ")");
            return IdentitySync.BAD_CONFIGURATION;
        }
        try (Store store = Store.open(settings).migrate()) {
            DirectoryPlans plans = new DirectoryPlans(store, settings, config, Destinations.DIRECTORY_KINDS);
            return plans.check(action, apply, PauseActions.BY_CLI, context.out()).exitCode();
        } catch (StoreException | SQLException e) {
            context.err().println("configuration error: store.url: " + e.getMessage());
            return IdentitySync.BAD_CONFIGURATION;
        } catch (DirectoryException e) {
            context.err().println("error: " + new Secrets(settings.secrets()).scrub(e.getMessage()));
            return IdentitySync.RUN_FAILED;
        }
    }
}
