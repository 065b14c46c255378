package io.identitysync.store;

import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * SQLite: a one-shot process closes every connection, so its commit is in the database file and no write-ahead log
 * is left behind (a log left behind would be read back, all of it, by the next start).
 */
class CheckpointTest extends FixtureTest {

    @Test
    void aOneShotProcessExitsWithItsCommitInTheDatabaseFileAndNoLogLeft() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(400, 8));
        String url = fx.settings().get("store.url");
        assumeTrue(url.startsWith("jdbc:sqlite:"), "SQLite's write-ahead log");
        Process once = fx.launch("--once");
        assertTrue(once.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, once.exitValue(), Files.readString(dir.resolve("err.log")));

        Path file = Path.of(url.substring("jdbc:sqlite:".length()));
        assertFalse(Files.exists(Path.of(file + "-wal")), "the last connection checkpointed and removed the log");
        // Read from the file alone, without the log: every user of the commit is there.
        assertTrue(((Number) fx.scalar("SELECT count(*) FROM users")).intValue() > 300);
        assertEquals("succeeded", fx.scalar("SELECT status FROM sync_runs"));
    }

    @Test
    void aRunsCommitReturnsBeforeItsLogIsCopiedAndTheCopyIsDoneWhenTheStoreCloses() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(1, 1));
        String url = fx.settings().get("store.url");
        assumeTrue(url.startsWith("jdbc:sqlite:"), "SQLite's write-ahead log");
        Path file = Path.of(url.substring("jdbc:sqlite:".length()));
        // A reader stays open, as an export does: closing the writer is then not the last close, which copies by itself.
        try (Store store = Store.open(fx.settings()).migrate(); Connection reader = store.connect()) {
            long before = Files.size(file);
            Connection c = store.connect();
            WalCheckpoints.defer(c);
            Transaction.run(c, () -> {
                try (Statement s = c.createStatement()) {
                    // 8 MB: past the 1,000 pages at which SQLite would otherwise copy the log inside the commit.
                    s.execute("CREATE TABLE filler (x)");
                    s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000) INSERT INTO filler SELECT randomblob(200) FROM n");
                }
                return null;
            });
            assertEquals(before, Files.size(file), "the commit is in the log only");
            store.checkpoints().closeLater(c);
            store.checkpoints().close();
            assertTrue(c.isClosed());
            assertTrue(Files.size(file) > before + 8_000_000, "the log was copied into the file: " + Files.size(file));
            try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM filler")) {
                assertTrue(rs.next());
                assertEquals(40000, rs.getInt(1));
            }
        }
    }
}
