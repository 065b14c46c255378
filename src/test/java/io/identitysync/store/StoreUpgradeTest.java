package io.identitysync.store;

import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store written by the previous release opens in this one with nothing lost. The fixture is that release's demo
 * store (commit 061d3d9: {@code java -jar identity-sync.jar demo}, then VACUUM INTO; 371 users, 836 memberships,
 * 350 employments, 1,229 events, 2,192 deliveries, 290 JumpCloud links). When a release changes the schema, its
 * predecessor's store joins this folder.
 */
class StoreUpgradeTest extends FixtureTest {

    private static final String FIXTURE = "/store-fixtures/release-061d3d9.db.gz";

    private Path unpack() throws Exception {
        Path file = dir.resolve("identity.db");
        try (InputStream in = new GZIPInputStream(StoreUpgradeTest.class.getResourceAsStream(FIXTURE))) {
            Files.copy(in, file);
        }
        return file;
    }

    /**
     * Every row of every table but the migrations' own, as text, in a stable order; with {@code columns}, only the
     * columns each table had then (a migration may add columns, never change what was there).
     */
    private static Map<String, List<String>> contents(Path file, Map<String, List<String>> columns) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            // Views too: a contract table may become a view over new tables (webhook_deliveries did in V14).
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT IN "
                    + "('flyway_schema_history', 'sqlite_sequence') ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                if (columns != null && !columns.containsKey(table)) {
                    continue;
                }
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            if (columns == null || columns.get(table).contains(meta.getColumnName(i))) {
                                row.put(meta.getColumnName(i), rs.getObject(i));
                            }
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                out.put(table, rows);
            }
        }
        return out;
    }

    private static Map<String, List<String>> columns(Path file) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return out;
    }

    @Test
    void theLastReleasesStoreIsMigratedOnStartWithNothingLost() throws Exception {
        Path file = unpack();
        Map<String, List<String>> before = contents(file, null);
        Map<String, List<String>> columns = columns(file);
        assertEquals(371, before.get("users").size(), "the fixture is what its javadoc says");

        // The day the fixture's demo ran: its seeded dates (leavers, hires, leaves) are relative to it.
        Clock fixtureDay = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);
        fx = new SyncFixture(dir, FactorialData.seeded(300, 42, fixtureDay)).set("store.url", "jdbc:sqlite:" + file);
        fx.clock = fixtureDay;
        try (Store store = Store.open(fx.settings())) {
            store.migrate();
        }
        Map<String, List<String>> after = contents(file, columns);
        for (Map.Entry<String, List<String>> table : before.entrySet()) {
            assertEquals(table.getValue(), after.get(table.getKey()), table.getKey() + ": every row as it was");
        }
        assertEquals(2L, ((Number) fx.scalar("PRAGMA auto_vacuum")).longValue(), "switched to incremental vacuum on the way");
        assertTrue(columns(file).get("sync_runs").contains("approved_at"), "and the new columns are there");
        assertEquals("view", fx.scalar("SELECT type FROM sqlite_master WHERE name = 'webhook_deliveries'"), "the outbox by positions (V14)");
        assertTrue(((Number) fx.scalar("SELECT count(*) FROM flyway_schema_history WHERE success = 0")).intValue() == 0);

        // The same company read again: the upgraded store knows everyone, so nothing changes but the people's
        // attributes: the fixture's simulator sent an employee `role` (no field of Factorial's 2026-04-01 model, no
        // longer read) and no legal_entity_id (the employee's, now sent). (An update of a future starter is a
        // user.pending.)
        IdentitySyncApp.RunOutcome run = fx.runFactorial();
        assertTrue(run.succeeded(), run.toString());
        List<Map<String, Object>> events = fx.query("SELECT type, payload FROM events WHERE run_id = '" + run.runId() + "'");
        assertEquals(List.of("sync.completed"), events.stream().map(e -> (String) e.get("type")).filter(t -> !t.equals("user.updated") && !t.equals("user.pending")).toList(),
                "a no-change run on the upgraded store, but for attributes");
        for (Map<String, Object> e : events) {
            if (!e.get("type").equals("sync.completed")) {
                assertEquals("[\"attributes\"]", new com.fasterxml.jackson.databind.ObjectMapper().readTree((String) e.get("payload")).at("/data/changes").toString(),
                        "only the attributes change");
            }
        }
    }
}
