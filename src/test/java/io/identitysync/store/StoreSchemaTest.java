package io.identitysync.store;

import io.identitysync.cli.IdentitySync;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schema on either store (this runs on both): a store written by a newer release is refused, not used. */
class StoreSchemaTest {

    @TempDir
    Path dir;

    /** A start skips Flyway when the store is at SCHEMA_VERSION: that must be the newest migration, in both folders. */
    @Test
    void theSchemaVersionAStartTrustsIsTheNewestMigrationOfEachStore() throws Exception {
        for (String folder : List.of("db/migration", "db/postgresql")) {
            Path dir = Path.of(StoreSchemaTest.class.getResource("/" + folder).toURI());
            try (Stream<Path> files = Files.list(dir)) {
                int newest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                        .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
                assertEquals(newest, Store.SCHEMA_VERSION, folder);
            }
        }
    }

    @Test
    void aStoreWrittenByANewerReleaseIsRefusedWithItsVersion() throws Exception {
        try (SyncFixture fx = new SyncFixture(dir, FactorialData.seeded(5, 1))) {
            assertTrue(fx.runFactorial().succeeded());
            Object runs = fx.scalar("SELECT count(*) FROM sync_runs");
            fx.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, "
                    + "execution_time, success) VALUES (999, '999', 'from the future', 'SQL', 'V999__from_the_future.sql', 0, 'test', 0, true)");

            SyncFixture.Cli cli = fx.runCli("--once");
            assertEquals(IdentitySync.BAD_CONFIGURATION, cli.code(), cli.err());
            assertTrue(cli.err().contains("configuration error: store.url: the store"), cli.err());
            assertTrue(cli.err().contains("was written by a newer release of Identity Sync (schema version 999; this release knows up to "), cli.err());
            assertFalse(cli.err().contains("\tat "), cli.err());
            assertEquals(runs, fx.scalar("SELECT count(*) FROM sync_runs"), "nothing ran");
        }
    }
}
