package io.identitysync.store;

import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A run's commit copied from SQLite's write-ahead log into the database file on a thread of its own. SQLite does it
 * inside the committing call (wal_autocheckpoint): after a 100,000-person first sync, the whole store written and synced,
 * 1.9 s during which the run's export, which only reads, waited. Readers see the same data whether a page is still in
 * the log or already copied, so the export now reads while the copy goes on. PostgreSQL has nothing to do here.
 */
public final class WalCheckpoints implements AutoCloseable {

    /** One thread, there only while a checkpoint is due: an idle service keeps no thread for it. */
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "store-checkpoint");
        t.setDaemon(true);
        return t;
    });

    WalCheckpoints() {
        thread.allowCoreThreadTimeOut(true);
    }

    /** Before a big transaction on {@code c}: its commit returns without checkpointing. */
    public static void defer(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = 0");
        }
    }

    /**
     * Checkpoints on the thread, then closes {@code c} (whose autocheckpoint is off and would stay so): a passive
     * checkpoint, which never blocks a reader or a writer. One that cannot run now leaves the log to the next.
     */
    public void closeLater(Connection c) {
        Runnable checkpoint = () -> {
            try (c; Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(PASSIVE)");
            } catch (SQLException e) {
                // Nothing is lost: the log holds the commit until a later checkpoint copies it.
                LoggerFactory.getLogger("identity-sync").warn("store: checkpoint after a commit failed (the next one retries): {}", e.getMessage());
            }
        };
        try {
            thread.execute(checkpoint);
        } catch (RejectedExecutionException closing) {
            // The store is closing: checkpoint here rather than leave the connection open.
            checkpoint.run();
        }
    }

    /** Waits for a checkpoint under way, so the process's last connection to close finds the log copied. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
