package io.identitysync.cli.support;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.destinations.directories.DirectoryConfig;
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
}
