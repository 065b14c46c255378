package io.identitysync;

import io.identitysync.api.ApiChecks;
import io.identitysync.core.PrivateFiles;
import io.identitysync.config.Checks;
import io.identitysync.config.ConnectorChecks;
import io.identitysync.config.Settings;
import io.identitysync.config.UnknownKeys;
import io.identitysync.core.PrivateFiles;
import io.identitysync.destinations.Destinations;
import io.identitysync.destinations.directories.DirectoryChecks;
import io.identitysync.destinations.webhooks.WebhookChecks;
import io.identitysync.inbound.InboundChecks;
import io.identitysync.inbound.ListenerLimits;
import io.identitysync.rules.PersonRules;
import io.identitysync.store.StoreChecks;
import io.identitysync.store.secrets.SecretChecks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Everything that can be wrong in the configuration, one line per problem, each naming its key: each part checks its own keys. */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    public static List<String> problems(Settings s) {
        Checks checks = new Checks(s);
        ConnectorChecks.check(checks);
        SecretChecks.check(checks);
        StoreChecks.check(checks);
        UnknownKeys.check(checks);
        filesDir(checks);
        WebhookChecks.check(checks);
        DirectoryChecks.check(checks, Destinations.DIRECTORY_KINDS.keySet());
        InboundChecks.check(checks);
        ListenerLimits.check(checks);
        checks.bool("sync.require-email");
        checks.bool("management.enabled");
        checks.bool("management.readiness-includes-runs");
        ApiChecks.check(checks);
        if (s.bool("management.enabled")) {
            checks.range("management.port", 0, 65535);
            if (s.get("management.host").isEmpty()) {
                checks.add("management.host", "must name the address to listen on, e.g. 127.0.0.1");
            }
        }
        checks.bool("sync.once");
        checks.bool("sync.dry-run");
        checks.bool("sync.incremental");
        for (String key : List.of("sync.max-delete-ratio", "sync.max-disable-ratio")) {
            try {
                double ratio = s.decimal(key);
                if (ratio < 0 || ratio > 1) {
                    checks.add(key, "must be between 0 and 1, was " + s.get(key));
                }
            } catch (NumberFormatException e) {
                checks.add(key, "must be a number between 0 and 1, was '" + s.get(key) + "'");
            }
        }
        PersonRules.check(checks);
        return checks.problems();
    }

    /** The export folder must exist or be creatable, and be writable: found at start, not by the first run. Creates nothing. */
    private static void filesDir(Checks checks) {
        for (String key : List.of("files.mode", "files.dir-mode")) {
            try {
                PrivateFiles.parseMode(checks.settings().get(key));
            } catch (IllegalArgumentException e) {
                checks.add(key, e.getMessage());
            }
        }
        String dir = checks.settings().get("files.dir");
        if (dir.isEmpty()) {
            checks.add("files.dir", "must name a folder for the export files");
            return;
        }
        Path path = Path.of(dir).toAbsolutePath();
        Path existing = Checks.nearestExisting(path);
        if (existing == null || !Files.isDirectory(existing)) {
            checks.add("files.dir", "cannot be created: " + existing + " is not a folder");
        } else if (!Files.isWritable(existing)) {
            checks.add("files.dir", (existing.equals(path) ? "cannot be written: " : "cannot be created: ") + existing + " is not writable");
        }
    }
}
