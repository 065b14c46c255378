package io.identitysync;

import io.identitysync.simulators.Fault;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import io.identitysync.support.TestStores;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health and metrics over HTTP, on loopback, when management.enabled=true. */
class ManagementTest extends FixtureTest {

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessFollowsTheLastRunAndMetricsCountPerConnector() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        fx = new SyncFixture(dir, FactorialData.seeded(30, 4));
        fx.set("management.enabled", "true").set("management.port", Integer.toString(port)).set("factorial.page-size", "10")
                .set("node.id", "node-m");
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
            assertEquals(200, get(port, "/observe/health/live").statusCode());
            assertTrue(app.run("factorial").succeeded());
            HttpResponse<String> ready = get(port, "/observe/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());

            String metrics = get(port, "/observe/metrics").body();
            assertTrue(metrics.contains("identity_sync_users{connector=\"factorial\",node=\"node-m\",status=\"active\"}"), metrics);
            assertTrue(metrics.contains("identity_sync_runs{connector=\"factorial\",node=\"node-m\",status=\"succeeded\"} 1.0"), metrics);
            // job levels 1, contract versions 4, employees 4 (the last one empty), teams 1, team memberships 4 (36), locations 1
            assertTrue(metrics.contains("identity_sync_pages_fetched_total{connector=\"factorial\",node=\"node-m\"} 15.0"), metrics);
            assertTrue(metrics.contains("identity_sync_request_seconds_count{connector=\"factorial\",node=\"node-m\"}"), metrics);
            assertTrue(metrics.contains("identity_sync_last_success_timestamp_seconds{connector=\"factorial\",node=\"node-m\"}"), metrics);
            assertTrue(metrics.contains("identity_sync_webhook_backlog{endpoint="), metrics);
            assertTrue(metrics.contains("identity_sync_node{node=\"node-m\"} 1.0"), metrics);
            assertFalse(metrics.contains(SyncFixture.TOKEN));

            fx.factorial.fault("employees", 1, Fault.status(401));
            assertEquals("failed", app.run("factorial").status());
            HttpResponse<String> notReady = get(port, "/observe/health/ready");
            assertEquals(503, notReady.statusCode(), notReady.body());
            HttpResponse<String> detail = get(port, "/observe/health?exposureLevel=full");
            assertTrue(detail.body().contains("connectors"), detail.body());
        }
        // Nodes sharing one store: a failed run leaves readiness to the node's own store, and is still shown.
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings().with("management.readiness-includes-runs", "false"), false).start()) {
            HttpResponse<String> ready = get(port, "/observe/health/ready");
            assertEquals(200, ready.statusCode(), "the last run failed, and readiness leaves runs out: " + ready.body());
            HttpResponse<String> detail = get(port, "/observe/health?exposureLevel=full");
            assertTrue(detail.body().contains("last run not succeeded"), detail.body());

            // The store gone: readiness says so. (SQLite's file; PostgresStoreTest takes a PostgreSQL server away.)
            if (TestStores.postgresql()) {
                return;
            }
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().startsWith("identity.db")).toList()) {
                    Files.delete(f);
                }
            }
            HttpResponse<String> noStore = get(port, "/observe/health?exposureLevel=full");
            assertEquals(503, noStore.statusCode(), noStore.body());
            assertTrue(noStore.body().contains("the store cannot be read"), noStore.body());
        }
    }
}
