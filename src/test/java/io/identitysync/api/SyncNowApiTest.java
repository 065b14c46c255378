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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POST /api/people/{who}/sync in the running service: a preview that changes nothing anywhere, then the apply, on
 * the service's own context, against the Factorial simulator and a SCIM directory on loopback.
 */
class SyncNowApiTest extends FixtureTest {

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

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPreviewChangesNothingThenTheApplySyncsThatPersonAloneAndPushesThem() throws Exception {
        FactorialData data = Companies.engineering();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        fx = new SyncFixture(dir, data);
        scim = new ScimSimulator(0, SCIM_TOKEN);
        fx.set("teamtailor.enabled", "false").set("management.enabled", "true").set("management.port", Integer.toString(port))
                .set("management.api-enabled", "true").set("management.api-token", READ).set("management.api-admin-token", ADMIN)
                .set("directories.okta.type", "scim").set("directories.okta.url", scim.baseUrl()).set("directories.okta.api-token", SCIM_TOKEN)
                .set("directories.okta.connectors", "factorial");
        assertTrue(fx.runFactorial().succeeded());
        data.employeeById(1).put("first_name", "Augusta").put("full_name", "Augusta Lovelace");
        data.employeeById(2).put("first_name", "Alan M.").put("full_name", "Alan M. Turing");
        int runs = fx.query("SELECT * FROM sync_runs").size();
        String before = fx.query("SELECT * FROM users ORDER BY connector, external_id").toString() + fx.query("SELECT id FROM events");

        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            HttpResponse<String> readOnly = post("/api/people/factorial:1/sync", READ, "{\"dry_run\": true}");
            assertEquals(403, readOnly.statusCode(), readOnly.body());
            HttpResponse<String> unsaid = post("/api/people/factorial:1/sync", ADMIN, "{}");
            assertEquals(400, unsaid.statusCode());
            assertTrue(unsaid.body().contains("dry_run: required"), unsaid.body());
            HttpResponse<String> nobody = post("/api/people/nobody/sync", ADMIN, "{\"dry_run\": true}");
            assertEquals(404, nobody.statusCode(), nobody.body());
            HttpResponse<String> disabled = post("/api/people/teamtailor:1/sync", ADMIN, "{\"dry_run\": true}");
            assertEquals(409, disabled.statusCode(), disabled.body());
            assertTrue(disabled.body().contains("connector 'teamtailor' is not enabled"), disabled.body());

            HttpResponse<String> previewed = post("/api/people/ada.lovelace/sync", ADMIN, "{\"dry_run\": true}");
            assertEquals(200, previewed.statusCode(), previewed.body());
            JsonNode preview = new ObjectMapper().readTree(previewed.body());
            assertEquals("planned", preview.path("status").asText(), preview.toString());
            assertEquals("user.updated", preview.path("changes").path(0).path("type").asText(), preview.toString());
            assertTrue(preview.path("changes").path(0).path("summary").asText().contains("given_name: Ada → Augusta"), preview.toString());
            assertTrue(preview.path("directories").has("okta"), "each directory's plan as the store stands: " + preview);
            assertEquals(before, fx.query("SELECT * FROM users ORDER BY connector, external_id").toString() + fx.query("SELECT id FROM events"),
                    "a preview changes no person and emits no event");
            assertEquals(runs, fx.query("SELECT * FROM sync_runs").size(), "and leaves no run behind");
            assertEquals("Ada", scimGivenName("1"), "nor in the directory");

            HttpResponse<String> applied = post("/api/people/ada.lovelace/sync", ADMIN, "{\"dry_run\": false}");
            assertEquals(200, applied.statusCode(), applied.body());
            JsonNode apply = new ObjectMapper().readTree(applied.body());
            assertEquals("succeeded", apply.path("status").asText(), apply.toString());
            assertTrue(apply.path("delivered").asBoolean(), apply.toString());
            assertEquals("Augusta", fx.scalar("SELECT given_name FROM users WHERE external_id = '1'"));
            assertEquals("Alan", fx.scalar("SELECT given_name FROM users WHERE external_id = '2'"), "another changed person is left to their own run");
            assertEquals("Augusta", scimGivenName("1"), "pushed by the service's own workers");
            assertEquals("Alan", scimGivenName("2"));

            String audit = fx.query("SELECT result FROM api_audit ORDER BY id").toString();
            assertTrue(audit.contains("previewed factorial:1, run ") && audit.contains("synced factorial:1, run "), audit);
            assertFalse(audit.contains("Augusta"), "the audit names the person, never their data: " + audit);
        }
    }

    private String scimGivenName(String externalId) {
        return scim.directory().users().stream().filter(u -> u.path("externalId").asText().equals(externalId)).findFirst().orElseThrow()
                .path("name").path("givenName").asText();
    }
}
