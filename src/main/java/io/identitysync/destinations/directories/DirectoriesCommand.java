package io.identitysync.destinations.directories;

import io.identitysync.config.Settings;
import io.identitysync.destinations.outbox.OutboxCommand;
import io.identitysync.store.Outbox;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code directories list} and {@code directories replay …}: the directories' side of the outbox. */
public final class DirectoriesCommand {

    private DirectoriesCommand() {
    }

    public static int run(String action, Map<String, String> options, Settings settings, Map<String, DirectoryKind> kinds,
                          PrintStream out, PrintStream err) {
        Map<String, Outbox.Target> targets = new LinkedHashMap<>();
        for (DirectoryConfig d : DirectoryConfig.all(settings)) {
            targets.put(d.id(), new Outbox.Target(d.endpoint(), d::wants));
        }
        OutboxCommand.Kind kind = new OutboxCommand.Kind("directories", "directory", targets, endpoint -> endpoint, true,
                "directories.once-wait", store -> new DirectoryDispatcher(store, settings, kinds));
        return OutboxCommand.run(kind, action, options, settings, out, err);
    }
}
