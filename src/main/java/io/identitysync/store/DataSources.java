package io.identitysync.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import io.identitysync.core.PrivateFiles;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** How the store's connections are made: SQLite's settings on each new connection, PostgreSQL's pool. */
final class DataSources {

    private DataSources() {
    }

    static DataSource sqlite(String url) {
        createPrivately(url);
        SQLiteConfig config = new SQLiteConfig();
        // WAL lets a reader (status, exports) run beside a committing run; busy_timeout lets writers queue: a first sync of
        // 100,000 users holds the write lock for about half a minute, and another connector staging meanwhile must wait, not fail.
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(300_000);
        // 64 MB of page cache (native memory, not heap): a big first sync writes its indexes without re-reading pages.
        config.setCacheSize(-65_536);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.enforceForeignKeys(true);
        // Take the write lock when a transaction starts, so two writers queue instead of failing on upgrade (and an
        // export's second connection reads what its first does: ExportFiles).
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    static DataSource postgresql(String url, String user, String password, int poolSize, Duration connectTimeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (!user.isEmpty()) {
            config.setUsername(user);
        }
        if (!password.isEmpty()) {
            config.setPassword(password);
        }
        config.setPoolName("store");
        config.setMaximumPoolSize(poolSize);
        // An idle node keeps one connection, not a pool's worth: N nodes share the server's max_connections.
        config.setMinimumIdle(1);
        config.setIdleTimeout(60_000);
        // A server that does not answer fails a start, or a run, within seconds, not after the driver's default.
        config.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
        config.setInitializationFailTimeout(-1);
        // Batches of inserts go as multi-row statements: the commit of a first sync writes rows by the hundred thousand.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, connectTimeout.toSeconds())));
        config.addDataSourceProperty("ApplicationName", "identity-sync");
        return new HikariDataSource(config);
    }

    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

    /**
     * The store's folder (when we create it) 0700 and its file 0600, made before SQLite opens it: SQLite gives its
     * -wal, -shm and journal files the database file's mode, so they are private too. An existing store keeps its
     * mode; a looser one is warned about once.
     */
    private static void createPrivately(String url) {
        Path file = Store.fileOf(url);
        if (file == null) {
            return;
        }
        Path abs = file.toAbsolutePath();
        try {
            if (abs.getParent() != null) {
                PrivateFiles.createDirectories(abs.getParent(), PrivateFiles.DIR);
            }
            if (!PrivateFiles.createIfAbsent(abs, PrivateFiles.FILE) && WARNED.add(abs)) {
                PrivateFiles.warnIfLooser(abs, PrivateFiles.FILE, "store.url");
            }
        } catch (IOException e) {
            throw new StoreException("store.url: cannot create " + abs + ": " + e.getMessage(), e);
        }
    }
}
