package io.identitysync.store;

import io.identitysync.cli.IdentitySync;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import io.identitysync.support.TestStores;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** backup --to FILE: a complete, consistent copy of the SQLite store; bad targets refused with nothing written. */
class BackupTest extends FixtureTest {

    @Test
    void aBackupIsACompleteCopyOfTheStore() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(30, 2));
        assertTrue(fx.runFactorial().succeeded());
        Path copy = dir.resolve("backups/identity-copy.db");
        Files.createDirectories(copy.getParent());
        SyncFixture.Cli cli = fx.runCli("backup", "--to", copy.toString());
        if (TestStores.postgresql()) {
            assertEquals(IdentitySync.BAD_CONFIGURATION, cli.code(), cli.err());
            assertTrue(cli.err().contains("pg_dump"), cli.err());
            return;
        }
        assertEquals(0, cli.code(), cli.err());
        assertTrue(cli.out().startsWith("backup: " + copy.toAbsolutePath() + " written"), cli.out());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); ResultSet rs = c.createStatement().executeQuery(
                "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM memberships), (SELECT count(*) FROM events), (SELECT count(*) FROM sync_runs)")) {
            rs.next();
            assertEquals(fx.scalar("SELECT count(*) FROM users"), rs.getInt(1));
            assertEquals(fx.scalar("SELECT count(*) FROM memberships"), rs.getInt(2));
            assertEquals(fx.scalar("SELECT count(*) FROM events"), rs.getInt(3));
            assertEquals(fx.scalar("SELECT count(*) FROM sync_runs"), rs.getInt(4));
        }
        // The copy is a store the service opens as it is.
        SyncFixture restored = fx.set("store.url", "jdbc:sqlite:" + copy);
        SyncFixture.Cli status = restored.runCli("status");
        assertEquals(0, status.code(), status.err());
    }

    @Test
    void aTargetThatExistsOrCannotBeWrittenIsRefusedAndNothingIsWritten() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(5, 2));
        assertTrue(fx.runFactorial().succeeded());
        if (TestStores.postgresql()) {
            return;
        }
        Path existing = Files.writeString(dir.resolve("existing.db"), "keep me");
        SyncFixture.Cli cli = fx.runCli("backup", "--to=" + existing);
        assertEquals(IdentitySync.BAD_CONFIGURATION, cli.code());
        assertTrue(cli.err().startsWith("configuration error: --to: " + existing + " already exists"), cli.err());
        assertEquals("keep me", Files.readString(existing));

        Path nowhere = dir.resolve("no/such/folder/copy.db");
        cli = fx.runCli("backup", "--to=" + nowhere);
        assertEquals(IdentitySync.BAD_CONFIGURATION, cli.code());
        assertTrue(cli.err().startsWith("configuration error: --to: the folder of " + nowhere), cli.err());
        assertFalse(Files.exists(nowhere));

        cli = fx.runCli("backup");
        assertEquals(IdentitySync.BAD_CONFIGURATION, cli.code());
        assertTrue(cli.err().startsWith("configuration error: --to:"), cli.err());
    }
}
