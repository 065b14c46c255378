package io.identitysync.cli;

import io.identitysync.cli.support.Context;
import io.identitysync.cli.support.PauseActions;
import io.identitysync.store.quarantine.Quarantines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
    static final class Pause extends PauseActions.Pause {
        Pause(Context context) {
            super(context, Quarantines.CONNECTOR);
        }
    }

    @Command(name = "resume", header = "Start a paused connector's automatic runs again.",
            description = "Starts its schedules again; webhook notifications that waited are run on the next pass.")
    static final class Resume extends PauseActions.Resume {
        Resume(Context context) {
            super(context, Quarantines.CONNECTOR);
        }
    }
}
