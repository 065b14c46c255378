package io.identitysync.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.Fault;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.jumpcloud.JumpCloudSimulator;
import io.identitysync.support.Companies;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import io.identitysync.support.VerifyingReceiver;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quarantine of connectors and directories, and the alerts it sends (issue 30, part 3). */
class QuarantineTest extends FixtureTest {

    private SyncFixture factorialOnly(FactorialData data) throws Exception {
        fx = new SyncFixture(dir, data);
        fx.set("teamtailor.enabled", "false").set("factorial.retry.max-attempts", "1");
        return fx;
    }

    private int onceInAChildProcess() throws Exception {
        Process p = fx.launch("--once");
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the --once process ends");
        return p.exitValue();
    }

    private List<VerifyingReceiver.Received> received(String type) {
        return fx.receiver.received().stream().filter(r -> r.type().equals(type)).toList();
    }

    @Test
    void aRefusedKeyQuarantinesTheConnectorAtOnceAlertsTheReceiverAndItRecoversWhenTheKeyIsFixed() throws Exception {
        factorialOnly(FactorialData.seeded(12, 2)).set("factorial.quarantine-after", "3");
        fx.set("factorial.api-token", "wrong-token-00000000");
        assertEquals(1, onceInAChildProcess(), Files.readString(dir.resolve("err.log")));

        JsonNode q = received("connector.quarantined").get(0).body().path("data");
        assertEquals("factorial", q.path("connector").asText());
        assertEquals("credential", q.path("quarantine").path("reason").asText());
        assertEquals("0 0 * * * ?", q.path("quarantine").path("schedule").asText());
        // The vendor's own words, and the key to fix; never the key itself.
        assertTrue(q.path("quarantine").path("last_error").asText().contains("Invalid or missing API key"), q.toString());
        assertTrue(q.path("quarantine").path("last_error").asText().contains("factorial.api-token"), q.toString());
        assertFalse(q.toString().contains("wrong-token-00000000"));
        assertEquals(0, fx.receiver.badSignatures());
        assertEquals("credential", fx.scalar("SELECT reason FROM quarantines WHERE kind = 'connector' AND name = 'factorial'"));

        SyncFixture.Cli status = fx.runCli("status");
        assertTrue(status.out().contains("quarantined:\n  connector factorial since "), status.out());
        assertTrue(status.out().contains("(key refused): Factorial refused the API token"), status.out());

        // Still refused: still one alert, the newest error kept.
        assertEquals(1, onceInAChildProcess());
        assertEquals(1, received("connector.quarantined").size());
        assertEquals(2, ((Number) fx.scalar("SELECT failures FROM quarantines WHERE name = 'factorial'")).intValue());

        fx.set("factorial.api-token", SyncFixture.TOKEN);
        assertEquals(0, onceInAChildProcess(), Files.readString(dir.resolve("err.log")));
        JsonNode r = received("connector.recovered").get(0).body().path("data");
        assertEquals("factorial", r.path("quarantine").path("connector").asText());
        assertTrue(r.path("quarantine").has("until"), r.toString());
        assertEquals(0, ((Number) fx.scalar("SELECT count(*) FROM quarantines")).intValue());
        assertFalse(fx.runCli("status").out().contains("quarantined:"));
    }

    @Test
    void failedRunsQuarantineAfterQuarantineAfterInARowAndMetricsAndHealthSaySo() throws Exception {
        factorialOnly(FactorialData.seeded(12, 2)).set("factorial.quarantine-after", "2");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        fx.set("management.enabled", "true").set("management.port", Integer.toString(port)).set("node.id", "node-q");
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
            assertTrue(app.run("factorial").succeeded());
            // Refused requests that are not the key: the run fails, the key is fine, so only N in a row quarantine.
            fx.factorial.fault("employees", 1, Fault.status(400));
            assertEquals("failed", app.run("factorial").status());
            assertNull(fx.scalar("SELECT name FROM quarantines"), "one failure is not yet a quarantine");
            fx.factorial.fault("employees", 1, Fault.status(400));
            assertEquals("failed", app.run("factorial").status());
            assertEquals("failures", fx.scalar("SELECT reason FROM quarantines WHERE name = 'factorial'"));
            assertTrue(app.drainWebhooks(Duration.ofSeconds(10)));
            assertEquals(1, received("connector.quarantined").size());
            assertEquals(2, received("connector.quarantined").get(0).body().path("data").path("quarantine").path("failures").asInt());

            String metrics = get(port, "/observe/metrics");
            assertTrue(metrics.contains("identity_sync_quarantined{connector=\"factorial\",node=\"node-q\"} 1.0"), metrics);
            assertTrue(metrics.contains("identity_sync_last_read_timestamp_seconds{connector=\"factorial\",node=\"node-q\"} 1."), metrics);
            String health = get(port, "/observe/health?exposureLevel=full");
            assertTrue(health.contains("connector factorial quarantined since"), health);

            assertTrue(app.run("factorial").succeeded());
            assertNull(fx.scalar("SELECT name FROM quarantines"));
            assertTrue(app.drainWebhooks(Duration.ofSeconds(10)));
            assertEquals(1, received("connector.recovered").size());
        }
    }

    private static String get(int port, String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aQuarantinedConnectorSkipsItsScheduleAndRunsOnTheBackOff() throws Exception {
        factorialOnly(FactorialData.seeded(12, 2));
        // The regular schedule would fire every second; the back-off fires every 2 seconds, but only while quarantined.
        fx.set("factorial.schedule", "* * * * * ?").set("factorial.quarantine-schedule", "0/2 * * * * ?");
        fx.factorial.fault("employees", 1, Fault.status(401));
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            waitFor(() -> count("SELECT count(*) FROM quarantines") == 1, "quarantined by the refused key");
            int runs = count("SELECT count(*) FROM sync_runs");
            waitFor(() -> count("SELECT count(*) FROM quarantines") == 0, "recovered by a back-off run");
            // Back on its schedule, the connector may start a regular run before this counts (a loaded machine): the
            // runs that count are those up to the one that recovered it, the first that succeeded.
            assertEquals(runs + 1, count("SELECT count(*) FROM sync_runs WHERE started_at <= "
                    + "(SELECT min(started_at) FROM sync_runs WHERE status = 'succeeded')"), "only the back-off run ran while quarantined");
            assertTrue(app.drainWebhooks(Duration.ofSeconds(10)));
        }
        assertEquals(List.of("connector.quarantined", "connector.recovered"),
                fx.receiver.types().stream().filter(t -> t.startsWith("connector.")).toList());
    }

    @Test
    void aDirectoryWhoseKeyIsRefusedIsQuarantinedAndRecoversWhenTheKeyIsFixed() throws Exception {
        factorialOnly(Companies.engineering());
        try (JumpCloudSimulator jc = new JumpCloudSimulator(0, "jc-admin-key-3f9a21")) {
            fx.set("directories.jc.type", "jumpcloud").set("directories.jc.url", jc.baseUrl()).set("directories.jc.api-token", "wrong-key-000000")
                    .set("directories.jc.connectors", "factorial");
            try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
                assertTrue(app.run("factorial").succeeded());
                app.drainDirectories(Duration.ofSeconds(10));
                assertTrue(app.drainWebhooks(Duration.ofSeconds(10)));
            }
            assertTrue(jc.directory().users().isEmpty());
            JsonNode q = received("directory.quarantined").get(0).body().path("data");
            assertFalse(q.has("connector"), "a directory's event belongs to no connector: " + q);
            assertEquals("jc", q.path("quarantine").path("directory").asText());
            assertTrue(q.path("quarantine").path("last_error").asText().contains("directories.jc.api-token"), q.toString());
            assertFalse(q.toString().contains("wrong-key-000000"));

            fx.set("directories.jc.api-token", "jc-admin-key-3f9a21");
            SyncFixture.Cli cli = fx.runCli("--once");
            assertEquals(0, cli.code(), cli.err());
            assertEquals(3, jc.directory().users().size());
            assertEquals(1, received("directory.recovered").size());
            assertEquals(0, count("SELECT count(*) FROM quarantines"));
        }
    }

    @Test
    void aRunRefusedByTheGuardIsAnEventWithTheHint() throws Exception {
        FactorialData data = FactorialData.seeded(30, 2);
        factorialOnly(data);
        assertTrue(fx.runFactorial().succeeded());
        for (int id = 1; id <= 20; id++) {
            data.employees.remove(data.employeeById(id));
        }
        IdentitySyncApp.RunOutcome refused = fx.runFactorial();
        assertEquals("refused", refused.status());
        JsonNode run = received("run.refused").get(0).body().path("data").path("sync_run");
        assertEquals("runs show " + refused.runId(), run.path("show").asText());
        assertEquals("runs approve " + refused.runId(), run.path("approve").asText());
        assertEquals(0, count("SELECT count(*) FROM quarantines"), "a refused run read its source: no quarantine");
    }

    private int count(String sql) {
        try {
            return ((Number) fx.scalar(sql)).intValue();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "timed out waiting: " + what);
            Thread.sleep(100);
        }
    }
}
