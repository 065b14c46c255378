package io.identitysync.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP API on the management port, over real HTTP on loopback (issue 30, part 4). */
class ManagementApiTest extends FixtureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READ = "read-token-4f1c9a7e2b8d6053aa11";
    private static final String ADMIN = "admin-token-9c2e7b1d4a6f8035bb22";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private int port;

    private void installation(FactorialData data) throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        fx = new SyncFixture(dir, data);
        fx.set("teamtailor.enabled", "false").set("management.enabled", "true").set("management.port", Integer.toString(port))
                .set("management.api-enabled", "true").set("management.api-token", READ).set("management.api-admin-token", ADMIN);
    }

    private HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String method, String path, String token, String body) throws Exception {
        HttpResponse<String> r = call(method, path, "Bearer " + token, body);
        assertEquals(200, r.statusCode(), method + " " + path + ": " + r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        return JSON.readTree(r.body());
    }

    @Test
    void missingAndWrongTokensGet401WithNothingSaid() throws Exception {
        installation(FactorialData.seeded(5, 1));
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            for (String authorization : new String[] {null, "Bearer ", "Bearer wrong-token-000000000000000000", "Basic " + ADMIN, "Bearer " + READ + "x",
                    "Bearer " + ADMIN.substring(1)}) {
                for (String[] call : new String[][] {{"GET", "/api/runs"}, {"GET", "/api/nothing-here"}, {"POST", "/api/runs/run_1/approve"}}) {
                    HttpResponse<String> r = call(call[0], call[1], authorization, null);
                    assertEquals(401, r.statusCode(), authorization + " " + call[1]);
                    assertEquals("", r.body());
                    assertEquals("Bearer", r.headers().firstValue("WWW-Authenticate").orElse(null));
                }
            }
            // The scheme is case-insensitive (RFC 6750 refers to RFC 7235).
            assertEquals(200, call("GET", "/api/runs", "bearer " + READ, null).statusCode());
            // Health and metrics stay as they were: no token.
            assertEquals(200, call("GET", "/observe/health/live", null, null).statusCode());
        }
        assertEquals("none", fx.scalar("SELECT DISTINCT token FROM api_audit"), "each refused action is recorded, nobody named");
    }

    @Test
    void aReadOnlyTokenReadsButCannotActAndTheAdminTokenApprovesAndReplays() throws Exception {
        FactorialData data = FactorialData.seeded(30, 2);
        installation(data);
        assertTrue(fx.runFactorial().succeeded());
        for (int id = 1; id <= 20; id++) {
            data.employees.remove(data.employeeById(id));
        }
        IdentitySyncApp.RunOutcome refused = fx.runFactorial();
        assertEquals("refused", refused.status());
        String runId = refused.runId();
        fx.receiver.clear();

        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            JsonNode runs = ok("GET", "/api/runs?connector=factorial", READ, null).path("runs");
            assertEquals(2, runs.size());
            assertEquals(runId, runs.get(0).path("id").asText(), "newest first");
            assertEquals(1, ok("GET", "/api/runs?status=succeeded&limit=5", READ, null).path("runs").size());

            JsonNode show = ok("GET", "/api/runs/" + runId, READ, null);
            assertTrue(show.path("approvable").asBoolean(), show.toString());
            assertEquals(20, show.path("plan").path("counts").path("users").path("deleted").asInt(), show.toString());

            HttpResponse<String> forbidden = call("POST", "/api/runs/" + runId + "/approve", "Bearer " + READ, null);
            assertEquals(403, forbidden.statusCode());
            assertTrue(JSON.readTree(forbidden.body()).path("error").asText().contains("management.api-admin-token"), forbidden.body());
            assertEquals("refused", fx.scalar("SELECT status FROM sync_runs WHERE id = '" + runId + "'"), "nothing was applied");

            HttpResponse<String> missing = call("GET", "/api/runs/run_doesnotexist", "Bearer " + READ, null);
            assertEquals(404, missing.statusCode());
            assertTrue(JSON.readTree(missing.body()).path("error").asText().contains("run_doesnotexist"), missing.body());
            HttpResponse<String> badLimit = call("GET", "/api/runs?limit=0", "Bearer " + READ, null);
            assertEquals(400, badLimit.statusCode());
            assertTrue(badLimit.body().contains("limit: must be a whole number between 1 and 500"), badLimit.body());

            JsonNode approved = ok("POST", "/api/runs/" + runId + "/approve", ADMIN, null);
            // As runs approve counts it: the 20 people and the 47 memberships they held.
            assertEquals(67, approved.path("deleted").asInt(), approved.toString());
            assertTrue(approved.path("files").asText().contains("exports"), approved.toString());
            assertTrue(fx.scalar("SELECT approved_at FROM sync_runs WHERE id = '" + runId + "'") != null);
            waitFor(() -> fx.receiver.types().stream().filter(t -> t.equals("user.deleted")).count() == 20, "the approved run's events delivered");

            HttpResponse<String> again = call("POST", "/api/runs/" + runId + "/approve", "Bearer " + ADMIN, null);
            assertEquals(409, again.statusCode(), again.body());

            HttpResponse<String> noChoice = call("POST", "/api/deliveries/replay", "Bearer " + ADMIN, "{\"destinations\": \"webhooks\"}");
            assertEquals(400, noChoice.statusCode());
            assertEquals("webhooks replay needs exactly one of dead, run, since", JSON.readTree(noChoice.body()).path("error").asText());
            assertEquals(400, call("POST", "/api/deliveries/replay", "Bearer " + ADMIN, "{not json").statusCode());
            JsonNode replayed = ok("POST", "/api/deliveries/replay", ADMIN, "{\"destinations\": \"webhooks\", \"run\": \"" + runId + "\"}");
            assertTrue(replayed.path("queued").asInt() >= 20, replayed.toString());
            waitFor(() -> fx.receiver.types().stream().filter(t -> t.equals("user.deleted")).count() == 40, "the replayed events delivered");

            assertTrue(ok("GET", "/api/directories", READ, null).path("directories").isArray());
            JsonNode openapi = ok("GET", "/api/openapi.json", READ, null);
            assertEquals("3.0.3", openapi.path("openapi").asText());
            for (String path : List.of("/api/runs", "/api/runs/{id}", "/api/runs/{id}/approve", "/api/deliveries/replay", "/api/directories", "/api/audit")) {
                assertTrue(openapi.path("paths").has(path), path);
            }
            for (String path : List.of("/api/people", "/api/people/{who}", "/api/people/{who}/sync", "/api/connectors", "/api/connectors/{id}/pause",
                    "/api/connectors/{id}/resume", "/api/directories/{id}/pause", "/api/directories/{id}/resume", "/api/directories/{id}/plan",
                    "/api/directories/{id}/reconcile")) {
                assertTrue(openapi.path("paths").has(path), path);
            }

            // People: as people list and people show --format=json print them.
            JsonNode people = ok("GET", "/api/people?connector=factorial", READ, null).path("people");
            assertEquals(30, people.size(), people.toString());
            assertEquals(20, ok("GET", "/api/people?status=deleted", READ, null).path("people").size());
            assertEquals(400, call("GET", "/api/people?status=gone", "Bearer " + READ, null).statusCode());
            JsonNode first = people.get(0);
            JsonNode history = ok("GET", "/api/people/factorial:" + first.path("external_id").asText(), READ, null);
            assertEquals(first.path("email").asText(), history.path("person").path("email").asText(), history.toString());
            assertTrue(history.path("timeline").size() > 0, history.toString());
            JsonNode byEmail = ok("GET", "/api/people/" + java.net.URLEncoder.encode(first.path("email").asText(), java.nio.charset.StandardCharsets.UTF_8),
                    READ, null);
            assertEquals(history.path("person"), byEmail.path("person"));
            HttpResponse<String> nobody = call("GET", "/api/people/factorial:no-such-person", "Bearer " + READ, null);
            assertEquals(404, nobody.statusCode());
            assertTrue(nobody.body().contains("nobody is factorial:no-such-person"), nobody.body());
            assertEquals(401, call("GET", "/api/people", null, null).statusCode());

            JsonNode audit = ok("GET", "/api/audit", READ, null).path("audit");
            List<String> entries = JSON.convertValue(audit, List.class).stream()
                    .map(e -> ((java.util.Map<?, ?>) e).get("token") + " " + ((java.util.Map<?, ?>) e).get("method") + " "
                            + ((java.util.Map<?, ?>) e).get("path") + " " + ((java.util.Map<?, ?>) e).get("status")).toList();
            assertEquals(List.of("admin POST /api/deliveries/replay 200", "admin POST /api/deliveries/replay 400", "admin POST /api/deliveries/replay 400",
                    "admin POST /api/runs/" + runId + "/approve 409", "admin POST /api/runs/" + runId + "/approve 200",
                    "read POST /api/runs/" + runId + "/approve 403"), entries);
            assertTrue(audit.get(4).path("result").asText().contains("\"deleted\":67"), audit.get(4).toString());
        }
        String stored = fx.storedText();
        assertFalse(stored.contains(READ) || stored.contains(ADMIN), "no token in the store");
    }

    @Test
    void theTokensMustBeLongAndDifferentOrTheServiceDoesNotStart() throws Exception {
        installation(FactorialData.seeded(5, 1));
        fx.set("management.api-token", "short-token");
        SyncFixture.Cli cli = fx.runCli("check");
        assertEquals(2, cli.code(), cli.out() + cli.err());
        assertTrue(cli.err().contains("management.api-token: must be at least 24 characters, was 11"), cli.err());
        assertFalse(cli.err().contains("short-token"), "the key is named, never its value");

        fx.set("management.api-token", ADMIN);
        cli = fx.runCli("--once");
        assertEquals(2, cli.code(), cli.out() + cli.err());
        assertTrue(cli.err().contains("management.api-admin-token: must differ from management.api-token"), cli.err());

        fx.set("management.api-token", READ).set("management.enabled", "false");
        cli = fx.runCli("check");
        assertEquals(2, cli.code());
        assertTrue(cli.err().contains("management.enabled: must be true for management.api-enabled=true"), cli.err());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "timed out waiting: " + what);
            Thread.sleep(100);
        }
    }
}
