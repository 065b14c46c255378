package io.identitysync.store;

import io.identitysync.sources.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
