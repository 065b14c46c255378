package io.identitysync.people;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.scim.ScimSimulator;
import io.identitysync.support.Companies;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `sync --person` in a process of its own, against the Factorial simulator and a SCIM directory on loopback. */
class SyncPersonTest extends FixtureTest {

    private static final String TOKEN = "scim-bearer-token-51c2";
    private ScimSimulator scim;
    private FactorialData data;

    @AfterEach
    void stopScim() {
        if (scim != null) {
            scim.close();
        }
    }

    private String launch(int expected, String... words) throws Exception {
        Process p = fx.launch(words);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "exits");
        String out = Files.readString(dir.resolve("out.log")) + Files.readString(dir.resolve("err.log"));
        assertEquals(expected, p.exitValue(), out);
        return out;
    }

    @Test
    void onePersonIsReadPlannedThenSyncedAloneAndNobodyElseChanges() throws Exception {
        data = Companies.engineering();
        data.employees.forEach(e -> e.put("birthday_on", "1985-06-1" + e.path("id").asInt()));
        fx = new SyncFixture(dir, data);
        scim = new ScimSimulator(0, TOKEN);
        fx.set("directories.okta.type", "scim").set("directories.okta.url", scim.baseUrl()).set("directories.okta.api-token", TOKEN)
                .set("directories.okta.connectors", "factorial");
        assertTrue(fx.runFactorial().succeeded());
        int runs = fx.query("SELECT * FROM sync_runs").size();

        // Two people change and one leaves the source: only the one named is read, and nobody else changes.
        data.employeeById(1).put("first_name", "Augusta").put("full_name", "Augusta Lovelace");
        data.employeeById(2).put("first_name", "Alan M.").put("full_name", "Alan M. Turing");
        data.employees.removeIf(e -> e.path("id").asInt() == 3);

        String plan = launch(0, "sync", "--person", "factorial:1", "--dry-run");
        assertTrue(plan.contains("(dry run: nothing is changed)"), plan);
        assertTrue(plan.contains("1. source records:") && plan.contains("employees: {") && plan.contains("\"first_name\":\"Augusta\""), plan);
        assertTrue(plan.contains("contract_versions: {"), "the person's own contract versions too:\n" + plan);
        assertTrue(plan.contains("2. canonical person: {") && plan.contains("\"given_name\":\"Augusta\""), plan);
        assertTrue(plan.contains("3. scope: in scope: active"), plan);
        assertTrue(plan.contains("user.updated: given_name: Ada → Augusta; display_name: Ada Lovelace → Augusta Lovelace"), plan);
        assertTrue(plan.contains("okta: "), plan);
        assertNoSensitiveValue(plan);
        assertEquals("Ada", fx.scalar("SELECT given_name FROM users WHERE external_id = '1'"), "a dry run changes nothing");
        assertEquals(runs, fx.query("SELECT * FROM sync_runs").size(), "and leaves no run behind");

        String synced = launch(0, "sync", "--person", "ada.lovelace");
        assertTrue(synced.contains("succeeded"), synced);
        assertTrue(synced.contains("user.updated → directory:okta: delivered"), synced);
        assertNoSensitiveValue(synced);
        assertEquals("Augusta", fx.scalar("SELECT given_name FROM users WHERE external_id = '1'"));
        assertEquals("Alan", fx.scalar("SELECT given_name FROM users WHERE external_id = '2'"), "another changed person is left to their own run");
        assertEquals(0, fx.query("SELECT * FROM users WHERE deleted_at IS NOT NULL").size(), "nobody else is marked deleted");
        List<Map<String, Object>> events = fx.query("SELECT type, subject_id FROM events WHERE run_id = (SELECT id FROM sync_runs "
                + "ORDER BY started_at DESC LIMIT 1) ORDER BY seq");
        assertEquals(List.of(Map.of("type", "user.updated", "subject_id", "1")), events.subList(0, events.size() - 1), events.toString());
        JsonNode ada = scim.directory().users().stream().filter(u -> u.path("externalId").asText().equals("1")).findFirst().orElseThrow();
        assertEquals("Augusta", ada.path("name").path("givenName").asText(), "pushed to the directory");
        JsonNode alan = scim.directory().users().stream().filter(u -> u.path("externalId").asText().equals("2")).findFirst().orElseThrow();
        assertEquals("Alan", alan.path("name").path("givenName").asText(), "nobody else is pushed");

        JsonNode json = new ObjectMapper().readTree(fx.runCli("sync", "--person", "factorial:1", "--dry-run", "--format=json").out());
        assertEquals("[]", json.path("changes").toString(), "already in step");
        JsonNode employee = null;
        for (JsonNode r : json.path("source_records")) {
            employee = r.path("resource").asText().equals("employees") ? r.path("record") : employee;
        }
        assertEquals("(sensitive, not shown)", employee.path("personal_email").asText(), json.toString());
        assertEquals("(sensitive, not shown)", employee.path("birthday_on").asText());
        SyncFixture.Cli teamtailor = fx.runCli("sync", "--person", "teamtailor:1");
        assertEquals(2, teamtailor.code(), teamtailor.out() + teamtailor.err());
        assertTrue(teamtailor.err().contains("Teamtailor cannot be read for one person"), teamtailor.err());
        assertEquals(2, fx.runCli("sync", "--person", "nobody").code());
    }

    private static void assertNoSensitiveValue(String output) {
        assertFalse(output.contains("personal.example.org"), "no personal email:\n" + output);
        assertFalse(output.contains("1985-06-1"), "no birthday:\n" + output);
    }
}
