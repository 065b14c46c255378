package io.identitysync.store;

import io.identitysync.IdentitySyncApp;
import io.identitysync.cli.IdentitySync;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.SyncFixture;
import io.identitysync.support.TestStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PostgreSQL store's own failures, on a real server: not there at start, gone during a run, back again. */
class PostgresStoreTest {

    @TempDir
    Path dir;

    @Test
    void anUnreachableServerAtStartIsAConfigurationErrorNamingStoreUrlWithThePasswordMasked() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (SyncFixture fx = new SyncFixture(dir, FactorialData.seeded(5, 1))) {
            fx.set("store.url", "jdbc:postgresql://127.0.0.1:" + port + "/identity?user=sync&password=hunter2-secret").set("store.connect-timeout", "1s");
            SyncFixture.Cli cli = fx.runCli("--once");
            assertEquals(IdentitySync.BAD_CONFIGURATION, cli.code(), cli.err());
            assertTrue(cli.err().startsWith("configuration error: store.url: cannot open or migrate the store jdbc:postgresql://127.0.0.1:" + port
                    + "/identity?user=sync&password=****"), cli.err());
            assertFalse(cli.err().contains("hunter2-secret") || cli.out().contains("hunter2-secret"), "the password is never shown");
            assertFalse(cli.err().contains("\tat "), cli.err());

            fx.set("store.url", "jdbc:postgresql://127.0.0.1:" + port + "/identity").set("store.user", "sync").set("store.password", "hunter2-secret");
            cli = fx.runCli("--once");
            assertEquals(IdentitySync.BAD_CONFIGURATION, cli.code(), cli.err());
            assertTrue(cli.err().contains("store.url"), cli.err());
            assertFalse(cli.err().contains("hunter2-secret"), "the password is never shown");
        }
    }

    @Test
    void aServerLostDuringARunFailsItWithNothingAppliedAndTheNextRunWorksOnceItIsBack() throws Exception {
        Path data = dir.resolve("pgdata");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // Not a clean data directory: closing the server must keep its data, as a server that goes away does.
        EmbeddedPostgres server = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data).setCleanDataDirectory(false).start();
        try (SyncFixture fx = new SyncFixture(dir, FactorialData.seeded(60, 4))) {
            fx.set("store.url", "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres").set("factorial.page-size", "5")
                    .set("cluster.node-timeout", "2s").set("cluster.checkin-interval", "500ms").set("store.connect-timeout", "1s");
            assertTrue(fx.runFactorial().succeeded());
            List<Map<String, Object>> before = fx.identitySnapshot();
            fx.factorial.data().employeeById(3).put("last_name", "Renamed");

            // Slow pages, so the run is still reading when the server goes away.
            fx.factorial.latency(300);
            CompletableFuture<IdentitySyncApp.RunOutcome> run = CompletableFuture.supplyAsync(() -> {
                // Not fx.runFactorial(): that also waits for the deliveries, which a store that is gone cannot give.
                try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
                    return app.run("factorial");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1500);
            server.close();
            IdentitySyncApp.RunOutcome lost = run.get(60, TimeUnit.SECONDS);
            assertEquals("failed", lost.status(), lost.error());
            assertTrue(lost.error().contains("store.url"), lost.error());

            server = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data).setCleanDataDirectory(false).start();
            fx.factorial.latency(0);
            assertEquals(before, fx.identitySnapshot(), "nothing of the lost run was applied");
            Thread.sleep(Duration.ofSeconds(3).toMillis());
            IdentitySyncApp.RunOutcome next = fx.runFactorial();
            assertTrue(next.succeeded(), next.error());
            assertEquals("Renamed", fx.scalar("SELECT family_name FROM users WHERE external_id = '3'"));
            assertEquals("failed", fx.scalar("SELECT status FROM sync_runs WHERE id = '" + lost.runId() + "'"),
                    "the lost run, left running, was failed once its node was found silent");
        } finally {
            server.close();
        }
    }

    @Test
    void onceWorksAsOnSqliteAndStatusListsTheNodesAndWhereEachRunRan() throws Exception {
        try (SyncFixture fx = new SyncFixture(dir, FactorialData.seeded(5, 1))) {
            fx.set("store.url", TestStores.newDatabase()).set("node.id", "node-a").set("teamtailor.enabled", "false");
            SyncFixture.Cli once = fx.runCli("--once");
            assertEquals(0, once.code(), once.err());
            assertEquals(5, fx.scalar("SELECT count(*) FROM users"));
            SyncFixture.Cli status = fx.runCli("status");
            assertEquals(0, status.code(), status.err());
            assertTrue(status.out().contains("nodes:\n  node-a"), status.out());
            assertTrue(status.out().contains("stopped "), status.out());
            assertTrue(status.out().contains(" on node-a"), status.out());
            assertEquals("node-a", fx.scalar("SELECT node FROM sync_runs"));
        }
    }
}
