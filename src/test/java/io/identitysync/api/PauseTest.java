package io.identitysync.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.scim.ScimSimulator;
import io.identitysync.support.Companies;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pausing a connector (its schedules and --once skip it) and a directory (its queue waits), from the command line and
 * through the API, and resuming both: every pause and resumption is an event, and nothing queued is lost.
 */
class PauseTest extends FixtureTest {

    private static final String READ = "read-token-4f1c9a7e2b8d6053aa11";
    private static final String ADMIN = "admin-token-9c2e7b1d4a6f8035bb22";
    private static final String SCIM_TOKEN = "scim-bearer-token-51c2";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private ScimSimulator scim;
    private int port;

    @AfterEach
    void stopScim() {
        if (scim != null) {
            scim.close();
        }
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private FactorialData installation() throws Exception {
        FactorialData data = Companies.engineering();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        fx = new SyncFixture(dir, data);
        scim = new ScimSimulator(0, SCIM_TOKEN);
        fx.set("teamtailor.enabled", "false").set("management.enabled", "true").set("management.port", Integer.toString(port))
                .set("management.api-enabled", "true").set("management.api-token", READ).set("management.api-admin-token", ADMIN)
                .set("directories.okta.type", "scim").set("directories.okta.url", scim.baseUrl()).set("directories.okta.api-token", SCIM_TOKEN)
                .set("directories.okta.connectors", "factorial").set("directories.once-wait", "5s");
        return data;
    }

    @Test
    void aPausedConnectorsScheduleSkipsItUntilItIsResumedThroughTheApi() throws Exception {
        installation();
        fx.set("factorial.schedule", "0/1 * * * * ?");
        SyncFixture.Cli unknown = fx.runCli("connectors", "pause", "bamboo", "--reason=migration");
        assertEquals(2, unknown.code(), unknown.out() + unknown.err());
        assertTrue(unknown.err().contains("no such connector: bamboo (enabled: factorial)"), unknown.err());
        SyncFixture.Cli paused = fx.runCli("connectors", "pause", "factorial", "--reason=HR data migration this week");
        assertEquals(0, paused.code(), paused.err());
        assertTrue(paused.out().contains("connector factorial: paused"), paused.out());
        assertTrue(fx.runCli("connectors", "pause", "factorial", "--reason=again").out().contains("already paused"), "pausing twice changes nothing");
        SyncFixture.Cli status = fx.runCli("status");
        assertTrue(status.out().contains("paused:\n  connector factorial since ") && status.out().contains("by cli: HR data migration this week"), status.out());
        SyncFixture.Cli once = fx.runCli("--once");
        assertEquals(0, once.code(), once.err());
        assertTrue(once.out().contains("factorial: paused since ") && once.out().contains("HR data migration this week"), once.out());
        assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM sync_runs")).longValue(), "--once leaves a paused connector out");

        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            Thread.sleep(3_000);
            assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM sync_runs")).longValue(), "three fires of its cron, no run");
            JsonNode connectors = new ObjectMapper().readTree(call("GET", "/api/connectors", READ, null).body());
            assertEquals("paused", connectors.path("connectors").path(0).path("state").asText(), connectors.toString());
            assertEquals("cli", connectors.path("connectors").path(0).path("pause").path("by").asText());
            assertEquals(403, call("POST", "/api/connectors/factorial/resume", READ, null).statusCode());
            assertEquals(404, call("POST", "/api/connectors/bamboo/resume", ADMIN, null).statusCode());
            HttpResponse<String> resumed = call("POST", "/api/connectors/factorial/resume", ADMIN, null);
            assertEquals(200, resumed.statusCode(), resumed.body());
            assertTrue(resumed.body().contains("\"outcome\":\"resumed\""), resumed.body());
            waitFor(() -> count("SELECT count(*) FROM sync_runs WHERE status = 'succeeded'") > 0, "a run on its schedule once resumed");
        }
        assertEquals("connector.paused,connector.resumed", fx.query("SELECT type FROM events WHERE type LIKE 'connector.%' ORDER BY seq").stream()
                .map(r -> String.valueOf(r.get("type"))).reduce((a, b) -> a + "," + b).orElse(""));
    }

    @Test
    void aPausedDirectorysChangesWaitInItsQueueAndAreAllPushedOnceResumed() throws Exception {
        FactorialData data = installation();
        SyncFixture.Cli first = fx.runCli("--once");
        assertEquals(0, first.code(), first.out() + first.err());
        data.employeeById(1).put("first_name", "Augusta").put("full_name", "Augusta Lovelace");
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            HttpResponse<String> noReason = call("POST", "/api/directories/okta/pause", ADMIN, "{}");
            assertEquals(400, noReason.statusCode());
            assertTrue(noReason.body().contains("reason: required"), noReason.body());
            HttpResponse<String> paused = call("POST", "/api/directories/okta/pause", ADMIN, "{\"reason\": \"Okta maintenance window\"}");
            assertEquals(200, paused.statusCode(), paused.body());
            JsonNode directories = new ObjectMapper().readTree(call("GET", "/api/directories", READ, null).body());
            assertEquals("Okta maintenance window", directories.path("directories").path(0).path("pause").path("reason").asText(), directories.toString());
        }
        SyncFixture.Cli once = fx.runCli("--once");
        assertEquals(0, once.code(), once.err());
        assertEquals(1L, ((Number) fx.scalar("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:okta' AND status = 'pending'")).longValue(),
                "the change waits in the paused directory's queue");
        assertEquals("Ada", scimGivenName("1"), "nothing pushed while paused");

        SyncFixture.Cli resumed = fx.runCli("directories", "resume", "okta");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("directory okta: resumed"), resumed.out());
        assertEquals(0, fx.runCli("--once").code());
        assertEquals("Augusta", scimGivenName("1"), "pushed once resumed");
        assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:okta' AND status = 'pending'")).longValue());

        // Its latest plan and drift, from the command line and through the API, as the console shows them.
        SyncFixture.Cli reconciled = fx.runCli("directories", "reconcile", "okta");
        assertEquals(0, reconciled.code(), reconciled.out() + reconciled.err());
        data.employeeById(2).put("first_name", "Alan M.");
        assertEquals(0, fx.runCli("directories", "pause", "okta", "--reason=one change held back").code());
        assertEquals(0, fx.runCli("--once").code());
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            JsonNode okta = new ObjectMapper().readTree(call("GET", "/api/directories", READ, null).body()).path("directories").path(0);
            assertEquals("cli", okta.path("latest_reconcile").path("asked_by").asText(), okta.toString());
            assertEquals(false, okta.path("latest_reconcile").path("drift").asBoolean(), okta.toString());
            assertTrue(okta.path("latest_plan").isNull(), okta.toString());
            assertEquals(400, call("POST", "/api/directories/okta/plan", ADMIN, "{\"apply\": true}").statusCode());
            assertEquals(403, call("POST", "/api/directories/okta/reconcile", READ, "{}").statusCode());
            HttpResponse<String> drift = call("POST", "/api/directories/okta/reconcile", ADMIN, "{}");
            assertEquals(200, drift.statusCode(), drift.body());
            JsonNode report = new ObjectMapper().readTree(drift.body());
            assertTrue(report.path("drift").asBoolean(), "the held-back change is drift: " + report);
            assertTrue(report.path("lines").toString().contains("update"), report.toString());
            assertTrue(report.path("summary").asText().startsWith("okta") || report.path("summary").asText().contains("drift:"), report.toString());
            assertEquals("Alan", scimGivenName("2"), "a reconcile without apply pushes nothing");
            HttpResponse<String> corrected = call("POST", "/api/directories/okta/reconcile", ADMIN, "{\"apply\": true}");
            assertEquals(200, corrected.statusCode(), corrected.body());
            assertEquals("Alan M.", scimGivenName("2"), "reconcile --apply pushes the drifting person, paused queue or not");
            String audit = fx.query("SELECT result FROM api_audit ORDER BY id").toString();
            assertTrue(audit.contains("reconcile of okta: ") && audit.contains("reconcile --apply of okta: "), audit);
        }
        assertEquals("directory.paused,directory.resumed,directory.paused", fx.query("SELECT type FROM events WHERE type LIKE 'directory.%' ORDER BY seq")
                .stream().map(r -> String.valueOf(r.get("type"))).reduce((a, b) -> a + "," + b).orElse(""));
    }

    private long count(String sql) {
        try {
            return ((Number) fx.scalar(sql)).longValue();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String scimGivenName(String externalId) {
        return scim.directory().users().stream().filter(u -> u.path("externalId").asText().equals(externalId)).findFirst().orElseThrow()
                .path("name").path("givenName").asText();
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "timed out waiting for " + what);
            Thread.sleep(100);
        }
    }
}
