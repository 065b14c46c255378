package io.identitysync.destinations.directories;

import io.identitysync.config.Settings;
import io.identitysync.core.Secrets;
import io.identitysync.destinations.outbox.OutboxCommand;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.outbox.Outbox;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code directories list} and {@code directories replay …} (the directories' side of the outbox), and
 * {@code directories plan <id>} and {@code directories reconcile <id> [--apply]}.
 */
public final class DirectoriesCommand {

    private DirectoriesCommand() {
    }

    public static int run(String action, Map<String, String> options, Settings settings, Map<String, DirectoryKind> kinds,
                          PrintStream out, PrintStream err) {
        if (action.equals("plan") || action.equals("reconcile")) {
            return plan(action, options, settings, kinds, out, err);
        }
        Map<String, Outbox.Target> targets = new LinkedHashMap<>();
        for (DirectoryConfig d : DirectoryConfig.all(settings)) {
            targets.put(d.id(), new Outbox.Target(d.endpoint(), d::wants));
        }
        OutboxCommand.Kind kind = new OutboxCommand.Kind("directories", "directory", targets, endpoint -> endpoint, true,
                "directories.once-wait", store -> new DirectoryDispatcher(store, settings, kinds));
        return OutboxCommand.run(kind, action, options, settings, out, err);
    }

    private static int plan(String action, Map<String, String> options, Settings settings, Map<String, DirectoryKind> kinds,
                            PrintStream out, PrintStream err) {
        String id = options.get("directory");
        DirectoryConfig config = DirectoryConfig.all(settings).stream().filter(d -> d.id().equals(id)).findFirst().orElse(null);
        if (config == null) {
            err.println("configuration error: directories " + action + " needs the id of a configured directory, e.g. directories " + action
                    + " jc (configured: " + String.join(", ", DirectoryConfig.all(settings).stream().map(DirectoryConfig::id).toList()) + ")");
            return 2;
        }
        try (Store store = Store.open(settings).migrate()) {
            DirectoryPlans plans = new DirectoryPlans(store, settings, config, kinds);
            return action.equals("plan") ? plans.plan(out) : plans.reconcile(Boolean.parseBoolean(options.getOrDefault("apply", "false")), out);
        } catch (StoreException | SQLException e) {
            err.println("configuration error: store.url: " + e.getMessage());
            return 2;
        } catch (DirectoryException e) {
            err.println("error: " + new Secrets(settings.secrets()).scrub(e.getMessage()));
            return 1;
        }
    }
}
