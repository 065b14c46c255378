package io.identitysync.cli;

import io.identitysync.cli.support.Context;
import io.identitysync.config.Settings;
import io.identitysync.core.PrivateFiles;
import io.identitysync.store.Dialect;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code backup --to FILE}: a consistent copy of the SQLite store, taken while the service runs (SQLite's
 * {@code VACUUM INTO} reads one snapshot and writes a compact, complete database). PostgreSQL has its own tools.
 */
@Command(name = "backup", header = "A consistent copy of the SQLite store, while the service runs.",
        description = {"A consistent copy of the SQLite store, taken while the service runs. A PostgreSQL store is "
        + "backed up with PostgreSQL's own tools."})
final class BackupCommand implements Callable<Integer> {

    private final Context context;

    @Option(names = "--to", paramLabel = "FILE", description = "where the copy goes: a new file in an existing folder (never overwritten)")
    Path to;

    BackupCommand(Context context) {
        this.context = context;
    }

    /** Exit 0 with the copy written; 2 when the target or the store cannot be used (nothing written). */
    @Override
    public Integer call() {
        return run(context.settings(), to, context.out(), context.err());
    }

    private static int run(Settings settings, Path to, PrintStream out, PrintStream err) {
        if (to == null || to.toString().isBlank()) {
            err.println("configuration error: --to: say where the copy goes: backup --to FILE");
            return IdentitySync.BAD_CONFIGURATION;
        }
        if (Dialect.of(settings.get("store.url")) == Dialect.POSTGRESQL) {
            err.println("configuration error: store.url: a PostgreSQL store is backed up with PostgreSQL's own tools (pg_dump, or your "
                    + "server's backups): see the README");
            return IdentitySync.BAD_CONFIGURATION;
        }
        Path target = to.toAbsolutePath();
        Path folder = target.getParent();
        if (Files.exists(target)) {
            err.println("configuration error: --to: " + target + " already exists; a backup never overwrites a file");
            return IdentitySync.BAD_CONFIGURATION;
        }
        if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
            err.println("configuration error: --to: the folder of " + target + " does not exist or cannot be written");
            return IdentitySync.BAD_CONFIGURATION;
        }
        Instant start = Instant.now();
        try {
            // VACUUM INTO writes into an empty file: made 0600 first, a backup is as private as the store.
            PrivateFiles.createFile(target, PrivateFiles.FILE);
        } catch (IOException e) {
            err.println("configuration error: --to: cannot write " + target + ": " + e.getMessage());
            return IdentitySync.BAD_CONFIGURATION;
        }
        try (Store store = Store.open(settings).migrate(); Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
            ps.setString(1, target.toString());
            ps.execute();
        } catch (SQLException | StoreException e) {
            deleteQuietly(target);
            err.println("configuration error: " + (e instanceof StoreException ? e.getMessage() : "--to: cannot write " + target + ": " + e.getMessage()));
            return IdentitySync.BAD_CONFIGURATION;
        }
        long bytes;
        try {
            bytes = Files.size(target);
        } catch (IOException e) {
            bytes = -1;
        }
        out.printf("backup: %s written (%.1f MB) in %.1f s; restore: stop the service, replace the store file (and remove its -wal and "
                + "-shm files) with this copy, start it again%n", target, bytes / 1048576.0, Duration.between(start, Instant.now()).toMillis() / 1000.0);
        return IdentitySync.OK;
    }

    private static void deleteQuietly(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            // nothing was there to leave
        }
    }
}
