package io.identitysync.destinations.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.config.Settings;
import io.identitysync.core.PrivateFiles;
import io.identitysync.observe.IdentityMetrics;
import io.identitysync.run.RunProperties;
import io.identitysync.store.Dialect;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.runs.SyncRunRows;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * The export folder of a successful run: the connector's full current state as NDJSON and CSV, what was skipped,
 * and a manifest with checksums. Written into a hidden folder and renamed, so a reader sees all of it or nothing.
 */
public final class FileExport {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Store store;
    private final Path root;
    private final int keep;
    private final IdentityMetrics metrics;
    private final boolean sqlJson;
    private final Set<PosixFilePermission> fileMode;
    private final Set<PosixFilePermission> dirMode;

    /** The export of {@code files.dir}, keeping {@code files.keep} folders, its files and folders {@code files.mode} and {@code files.dir-mode}. */
    public static FileExport of(Store store, Settings settings, IdentityMetrics metrics) {
        FileExport export = new FileExport(store, settings.get("files.dir"), settings.integer("files.keep"), metrics, store.dialect() == Dialect.SQLITE,
                PrivateFiles.parseMode(settings.get("files.mode")), PrivateFiles.parseMode(settings.get("files.dir-mode")));
        if (WARNED.add(export.root.toAbsolutePath())) {
            PrivateFiles.warnIfLooser(export.root, export.dirMode, "files.dir");
        }
        return export;
    }

    /** The export folders warned about: once a process. */
    private static final Set<Path> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Files 0600, folders 0700. */
    public FileExport(Store store, String dir, int keep, IdentityMetrics metrics) {
        this(store, dir, keep, metrics, store.dialect() == Dialect.SQLITE);
    }

    /** @param sqlJson whether the store writes each line's JSON itself (SQLite), or Java does from the columns */
    FileExport(Store store, String dir, int keep, IdentityMetrics metrics, boolean sqlJson) {
        this(store, dir, keep, metrics, sqlJson, PrivateFiles.FILE, PrivateFiles.DIR);
    }

    private FileExport(Store store, String dir, int keep, IdentityMetrics metrics, boolean sqlJson,
                       Set<PosixFilePermission> fileMode, Set<PosixFilePermission> dirMode) {
        this.store = store;
        this.root = Path.of(dir);
        this.keep = keep;
        this.metrics = metrics;
        this.sqlJson = sqlJson;
        this.fileMode = fileMode;
        this.dirMode = dirMode;
    }

    /** Route entry: exports when the run succeeded, and only then. */
    public void export(Exchange exchange) throws IOException {
        if ("succeeded".equals(exchange.getProperty(RunProperties.RUN_STATUS))) {
            export(exchange.getProperty(RunProperties.CONNECTOR, String.class), exchange.getProperty(RunProperties.RUN_ID, String.class));
        }
    }

    /** The folder a run's files went to, or null when it has none (the run failed, or its export did). */
    public Path folderOf(String connector, String runId) throws IOException {
        Path dir = root.resolve(connector);
        if (!Files.isDirectory(dir)) {
            return null;
        }
        String name = FOLDER.format(Instant.parse(SyncRunRows.json(store, runId).get("started_at").asText()));
        try (var folders = Files.list(dir)) {
            for (Path folder : folders.filter(p -> p.getFileName().toString().startsWith(name)).toList()) {
                Path manifest = folder.resolve("manifest.json");
                if (Files.exists(manifest) && runId.equals(Rows.JSON.readTree(manifest.toFile()).at("/run/id").asText())) {
                    return folder;
                }
            }
        }
        return null;
    }

    public Path export(String connector, String runId) throws IOException {
        long start = System.nanoTime();
        try (Connection c = store.connect(); HashedFiles hashing = new HashedFiles(fileMode)) {
            // One read transaction: every file shows the same state even if another run commits meanwhile.
            c.setAutoCommit(false);
            ObjectNode run = SyncRunRows.json(c, runId);
            String name = FOLDER.format(Instant.parse(run.get("started_at").asText()));
            Path dir = root.resolve(connector);
            PrivateFiles.createDirectories(dir, dirMode);
            Path tmp = PrivateFiles.createDirectory(dir.resolve("." + name + "." + runId + ".tmp"), dirMode);
            ExportFiles.Result files = new ExportFiles(store, sqlJson, tmp, hashing).write(c, connector, runId);
            c.commit();
            ObjectNode manifest = Rows.JSON.createObjectNode();
            manifest.put("connector", connector);
            manifest.set("run", run);
            manifest.set("counts", Rows.JSON.valueToTree(files.counts()));
            manifest.set("sha256", Rows.JSON.valueToTree(files.sha()));
            PrivateFiles.writeString(tmp.resolve("manifest.json"), Rows.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest), fileMode);
            // Two runs started within one second (back-to-back --once runs): the later one gets -1, -2…, after the
            // highest there is, even when files.keep removed the first ones.
            Path target = ExportFolders.next(dir, name);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            name = target.getFileName().toString();
            Path latestTmp = dir.resolve(".latest.tmp");
            PrivateFiles.writeString(latestTmp, name + "\n", fileMode);
            Files.move(latestTmp, dir.resolve("latest"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            int removed = ExportFolders.prune(dir, keep);
            metrics.pruned("export_folders", removed);
            LOG.info("{}: files written to {} in {} ms: {} users{}", connector, target, (System.nanoTime() - start) / 1_000_000,
                    files.counts().get("users"), removed > 0 ? " (" + removed + " older folders removed, files.keep=" + keep + ")" : "");
            return target;
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot read the state to export: " + e.getMessage(), e);
        }
    }
}
