package io.identitysync.store;

import io.identitysync.config.Settings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code backup --to FILE}: a consistent copy of the SQLite store, taken while the service runs (SQLite's
 * {@code VACUUM INTO} reads one snapshot and writes a compact, complete database). PostgreSQL has its own tools.
 */
public final class BackupCommand {

    private BackupCommand() {
    }

    /** Exit 0 with the copy written; 2 when the target or the store cannot be used (nothing written). */
    public static int run(Settings settings, String to, PrintStream out, PrintStream err) {
        if (to == null || to.isBlank()) {
            err.println("configuration error: --to: say where the copy goes: backup --to FILE");
            return 2;
        }
        if (Dialect.of(settings.get("store.url")) == Dialect.POSTGRESQL) {
            err.println("configuration error: store.url: a PostgreSQL store is backed up with PostgreSQL's own tools (pg_dump, or your "
                    + "server's backups): see the README");
            return 2;
        }
        Path target = Path.of(to).toAbsolutePath();
        Path folder = target.getParent();
        if (Files.exists(target)) {
            err.println("configuration error: --to: " + target + " already exists; a backup never overwrites a file");
            return 2;
        }
        if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
            err.println("configuration error: --to: the folder of " + target + " does not exist or cannot be written");
            return 2;
        }
        Instant start = Instant.now();
        try (Store store = Store.open(settings).migrate(); Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
            ps.setString(1, target.toString());
            ps.execute();
        } catch (SQLException | StoreException e) {
            deleteQuietly(target);
            err.println("configuration error: " + (e instanceof StoreException ? e.getMessage() : "--to: cannot write " + target + ": " + e.getMessage()));
            return 2;
        }
        long bytes;
        try {
            bytes = Files.size(target);
        } catch (IOException e) {
            bytes = -1;
        }
        out.printf("backup: %s written (%.1f MB) in %.1f s; restore: stop the service, replace the store file (and remove its -wal and "
                + "-shm files) with this copy, start it again%n", target, bytes / 1048576.0, Duration.between(start, Instant.now()).toMillis() / 1000.0);
        return 0;
    }

    private static void deleteQuietly(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            // nothing was there to leave
        }
    }
}
