package io.identitysync.store.retention;

import io.identitysync.IdentitySyncApp;
import io.identitysync.config.Settings;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.store.Dialect;
import io.identitysync.store.Store;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the store keeps over time: young or pending things stay, the rest goes, identity rows are never touched. */
class RetentionTest extends FixtureTest {

    private long count(String table) throws Exception {
        return ((Number) fx.scalar("SELECT count(*) FROM " + table)).longValue();
    }

    @Test
    void oldEventsDoneDeliveriesAndHandledNotificationsGoPendingOnesAndTheNewestRunsStay() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(30, 3));
        assertTrue(fx.runFactorial().succeeded());
        fx.factorial.data().employeeById(2).put("last_name", "Hopper");
        assertTrue(fx.runFactorial().succeeded());
        // One delivery still waits for its receiver; a handled and an unhandled notification; staging a crash left.
        String waiting = (String) fx.scalar("SELECT event_id FROM webhook_deliveries ORDER BY event_seq LIMIT 1");
        fx.execute("INSERT INTO outbox_deliveries (endpoint, event_seq, status, attempts, next_attempt_at) SELECT endpoint, event_seq, 'pending', 1, "
                + "'2999-01-01T00:00:00.000Z' FROM webhook_deliveries WHERE event_id = '" + waiting + "' ON CONFLICT (endpoint, event_seq) DO UPDATE "
                + "SET status = 'pending', next_attempt_at = excluded.next_attempt_at");
        fx.execute("INSERT INTO inbound_notifications (connector, subscription_type, subject_id, body, received_at, handled_at) VALUES "
                + "('factorial', 'employees/employee/update', '1', '{}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z'), "
                + "('factorial', 'employees/employee/update', '2', '{}', '2026-01-01T00:00:00.000Z', NULL)");
        fx.execute("INSERT INTO stage_skipped (run_id, kind, external_id, reason, record) VALUES ('run-of-a-crash', 'user', '9', 'x', '{}')");
        List<Map<String, Object>> identity = fx.identitySnapshot();
        long events = count("events");

        try (Store store = Store.open(fx.settings())) {
            Retention retention = new Retention(store, Duration.ofDays(30), Duration.ofDays(400));
            Retention.Pruned young = retention.prune(Instant.now().plus(Duration.ofDays(29)));
            assertEquals(events, count("events"), "nothing is old enough yet: " + young);
            assertEquals(1, young.rows().get("staging"), "but staging nobody runs is");

            Retention.Pruned month = retention.prune(Instant.now().plus(Duration.ofDays(31)));
            assertEquals(events - 1, (long) month.rows().get("events"), month.toString());
            assertEquals(List.of(Map.of("id", waiting)), fx.query("SELECT id FROM events"), "the event of a pending delivery stays");
            assertEquals(1L, count("webhook_deliveries"));
            assertEquals(1L, count("inbound_notifications"), "the unhandled notification stays");
            assertEquals(2L, count("sync_runs"), "summaries outlive the events");

            Retention.Pruned year = retention.prune(Instant.now().plus(Duration.ofDays(401)));
            assertEquals(1, year.rows().get("runs"), year.toString());
            assertEquals(1L, count("sync_runs"), "a connector's newest run of each status always stays");
            assertEquals(identity, fx.identitySnapshot(), "identity rows are never pruned");
            if (store.dialect() == Dialect.SQLITE) {
                assertEquals(2L, ((Number) fx.scalar("PRAGMA auto_vacuum")).longValue(), "incremental");
                assertEquals(0L, ((Number) fx.scalar("PRAGMA freelist_count")).longValue(), "freed pages went back to the file system");
            }
        }
        assertTrue(fx.runFactorial().succeeded(), "the next run works on the pruned store");
    }

    @Test
    void aNewSqliteStoreIsInIncrementalVacuumFromItsFirstOpen() throws Exception {
        Path file = dir.resolve("new.db");
        try (Store store = Store.open(Settings.of(Map.of("store.url", "jdbc:sqlite:" + file))).migrate()) {
            assertTrue(store.dialect() == Dialect.SQLITE);
        }
        // Read by another connection: the mode is in the file, so the next start has nothing to convert.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); ResultSet rs = c.createStatement().executeQuery("PRAGMA auto_vacuum")) {
            assertEquals(2, rs.getInt(1), "incremental");
        }
    }

    @Test
    void theServicePrunesOnItsOwnEveryPruneInterval() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(10, 2));
        assertTrue(fx.runFactorial().succeeded());
        fx.execute("UPDATE events SET created_at = '2020-01-01T00:00:00.000Z'");
        fx.set("store.prune-interval", "1s");
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            Instant deadline = Instant.now().plusSeconds(15);
            while (count("events") > 0 && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertEquals(0L, count("events"));
            assertEquals(0L, count("webhook_deliveries"));
        }
    }

    @Test
    void onlyTheNewestExportFoldersStay() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(10, 2)).set("files.keep", "2");
        Path exports = dir.resolve("exports/factorial");
        String[] folders = new String[3];
        for (int i = 0; i < 3; i++) {
            if (i > 0) {
                Files.createDirectories(exports.resolve(".20200101T000000Z.run-of-a-crash.tmp"));
            }
            IdentitySyncApp.RunOutcome run = fx.runFactorial();
            assertTrue(run.succeeded());
            folders[i] = Path.of(run.exportFolder()).getFileName().toString();
        }
        try (Stream<Path> left = Files.list(exports)) {
            assertEquals(List.of(folders[1], folders[2], "latest"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "the two newest, no half-written folder");
        }
        assertEquals(folders[2], Files.readString(exports.resolve("latest")).trim());
    }
}
