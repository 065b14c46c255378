package io.identitysync.store;

import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQLite: freed pages go back to the file system only in incremental auto-vacuum mode, which the store takes when it
 * is opened (here, beside the migration) and the retention's pruning then uses, a step at a time.
 */
public final class IncrementalVacuum {

    /** Pages (4 KB) given back per step: a step takes milliseconds. */
    private static final int VACUUM_STEP = 2048;

    private IncrementalVacuum() {
    }

    /** Gives free pages back to the file system, a step at a time. Bytes given back. */
    public static long reclaim(Connection c) throws SQLException {
        long pageSize = pragma(c, "page_size");
        long before = pragma(c, "page_count");
        for (long free = pragma(c, "freelist_count"), was = Long.MAX_VALUE; free > 0 && free < was; was = free, free = pragma(c, "freelist_count")) {
            // executeUpdate steps the pragma to its end; execute would free one page per call.
            try (Statement s = c.createStatement()) {
                s.executeUpdate("PRAGMA incremental_vacuum(" + VACUUM_STEP + ")");
            }
        }
        return (before - pragma(c, "page_count")) * pageSize;
    }

    private static long pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Whether the store is in incremental auto-vacuum mode already. */
    static boolean on(Connection c) throws SQLException {
        return pragma(c, "auto_vacuum") == 2;
    }

    /**
     * Takes the mode: when the store is created, or once, by one VACUUM, when a store from an earlier release is
     * opened.
     */
    static void use(Store store) {
        try (Connection c = store.connect()) {
            if (on(c)) {
                return;
            }
            boolean empty = pragma(c, "page_count") <= 1;
            long start = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA auto_vacuum = INCREMENTAL");
                // Even on a new, empty store: the WAL header is written already, and only a write by this connection
                // keeps the mode (instant when empty); without it every new store paid one VACUUM at its second start.
                s.execute("VACUUM");
            }
            if (!empty) {
                LoggerFactory.getLogger("identity-sync").info("store: switched to incremental vacuum, once, in {} ms", (System.nanoTime() - start) / 1_000_000);
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot set up the store " + Store.masked(store.url()) + ": " + e.getMessage(), e);
        }
    }
}
