package io.identitysync.destinations.files;

import io.identitysync.observe.IdentityMetrics;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.store.Dialect;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The export's fast path (SQLite writes each line's JSON) gives the files the column-by-column path gives, byte for byte. */
class FileExportTest extends FixtureTest {

    @Test
    void linesMadeByTheStoreAreByteForByteTheLinesJavaMakes() throws Exception {
        FactorialData data = FactorialData.seeded(60, 5);
        // Text that JSON and CSV must escape, and a person nobody can store (skipped.ndjson).
        data.employeeById(3).put("last_name", "O'Brien, \"Jr\" \u00e9\u4e2d\t=SUM(A1)");
        data.employeeById(4).put("first_name", "Line\nBreak\u0001\u001f\u000b");
        data.employeeById(5).putNull("email").putNull("login_email");
        // Spreadsheet formulas at the start of a field, each start character once, and a carriage return.
        data.employeeById(6).put("first_name", "=cmd|' /C calc'!A0").put("last_name", "+1\r2");
        data.employeeById(7).put("first_name", "-x").put("last_name", "@y");
        fx = new SyncFixture(dir, data);
        fx.set("factorial.resources", "employees,teams,locations,employments,leaves,compensations,custom_fields")
                .set("factorial.attributes.cost_center", "custom:Cost center");
        assertTrue(fx.runFactorial().succeeded());
        String runId = (String) fx.scalar("SELECT id FROM sync_runs ORDER BY started_at DESC LIMIT 1");
        // The run's staging is gone once its destinations are done; what it skipped, put back, is exported again (as
        // every stored JSON text is: written by Jackson or SQLite, é raw, control characters as \\u001f).
        fx.execute("INSERT INTO stage_skipped (run_id, kind, external_id, reason, record) VALUES ('" + runId + "', 'user', '5', "
                + "'no work email', '{\"id\":5,\"name\":\"A \\\"quoted\\\" \u00e9\\u001f\",\"n\":[1,2.5,null,true]}')");

        try (Store store = Store.open(fx.settings())) {
            assumeTrue(store.dialect() == Dialect.SQLITE, "the fast path is SQLite's");
            IdentityMetrics metrics = new IdentityMetrics(store);
            Path fast = new FileExport(store, dir.resolve("fast").toString(), 10, metrics, true).export("factorial", runId);
            Path plain = new FileExport(store, dir.resolve("plain").toString(), 10, metrics, false).export("factorial", runId);
            List<String> files = names(plain);
            assertEquals(files, names(fast));
            assertTrue(files.containsAll(List.of("users.ndjson", "users.csv", "memberships.ndjson", "employments.ndjson", "leaves.ndjson",
                    "skipped.ndjson", "manifest.json")), files.toString());
            // The data files first, the manifest (their checksums) last: a difference is shown where it is.
            for (String file : Stream.concat(files.stream().filter(f -> !f.equals("manifest.json")), Stream.of("manifest.json")).toList()) {
                assertEquals(Files.readString(plain.resolve(file)), Files.readString(fast.resolve(file)), file);
                assertArrayEquals(Files.readAllBytes(plain.resolve(file)), Files.readAllBytes(fast.resolve(file)), file);
            }
            String csv = Files.readString(fast.resolve("users.csv"));
            assertTrue(csv.contains("\"O'Brien, \"\"Jr\"\" \u00e9\u4e2d\t=SUM(A1)\""), csv.lines().filter(l -> l.startsWith("3,")).findFirst().orElse(csv));
            assertTrue(csv.contains(",\"'=cmd|' /C calc'!A0\",\"'+1\r2\","), csv.lines().filter(l -> l.startsWith("6,")).findFirst().orElse(csv));
            assertTrue(csv.contains(",\"'-x\",\"'@y\","), csv.lines().filter(l -> l.startsWith("7,")).findFirst().orElse(csv));
            assertEquals(1, Files.readAllLines(fast.resolve("skipped.ndjson")).size());
        }
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * The export's second connection reads the state the first does because nothing can commit between their reads:
     * a store transaction, as the export's, starts with SQLite's write lock.
     */
    @Test
    void noWriterCommitsWhileAnExportsTransactionIsOpen() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(5, 1));
        assertTrue(fx.runFactorial().succeeded());
        try (Store store = Store.open(fx.settings()); Connection export = store.connect()) {
            assumeTrue(store.dialect() == Dialect.SQLITE, "SQLite's write lock");
            export.setAutoCommit(false);
            try (Statement s = export.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM users")) {
                assertTrue(rs.next());
            }
            try (Connection writer = store.connect(); Statement s = writer.createStatement()) {
                s.execute("PRAGMA busy_timeout = 0");
                SQLException refused = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE users SET title = 'changed'"));
                assertTrue(refused.getMessage().contains("SQLITE_BUSY"), refused.getMessage());
            }
            export.commit();
        }
    }

    /** A file the second connection cannot read fails the export whole: no folder appears, latest stays where it was. */
    @Test
    void anExportThatFailsOnItsSecondConnectionPublishesNothing() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(20, 2));
        assertTrue(fx.runFactorial().succeeded());
        Path exports = dir.resolve("exports").resolve("factorial");
        String latest = Files.readString(exports.resolve("latest"));
        String runId = (String) fx.scalar("SELECT id FROM sync_runs ORDER BY started_at DESC LIMIT 1");
        fx.execute("ALTER TABLE memberships RENAME TO memberships_elsewhere");
        try (Store store = Store.open(fx.settings())) {
            assumeTrue(store.dialect() == Dialect.SQLITE, "the second connection is SQLite's");
            StoreException e = assertThrows(StoreException.class,
                    () -> new FileExport(store, dir.resolve("exports").toString(), 10, new IdentityMetrics(store)).export("factorial", runId));
            assertTrue(e.getMessage().startsWith("store.url: cannot read the state to export") && e.getMessage().contains("memberships"), e.getMessage());
        }
        assertEquals(latest, Files.readString(exports.resolve("latest")));
        try (Stream<Path> folders = Files.list(exports)) {
            assertEquals(1, folders.filter(f -> Files.isDirectory(f) && !f.getFileName().toString().startsWith(".")).count());
        }
    }
}
