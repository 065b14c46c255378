package io.identitysync.people;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.simulators.Fault;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.scim.ScimDirectory;
import io.identitysync.simulators.scim.ScimSimulator;
import io.identitysync.support.Companies;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A person's history as `people show` prints it, read by a process of its own from the store real runs wrote: created,
 * renamed while the directory refuses the change, replayed, terminated; and the decisions about the people around them.
 */
class PersonHistoryTest extends FixtureTest {

    private static final String TOKEN = "scim-bearer-token-51c2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private ScimSimulator scim;
    private FactorialData data;

    @AfterEach
    void stopScim() {
        if (scim != null) {
            scim.close();
        }
    }

    private void company() throws Exception {
        data = Companies.engineering();
        // A second Ada Lovelace (her username is taken), and someone without any work address (skipped).
        data.employees.add(FactorialData.employee(5, "Ada", "Lovelace"));
        ObjectNode noEmail = FactorialData.employee(6, "Nemo", "Nobody");
        noEmail.remove("email");
        noEmail.remove("login_email");
        data.employees.add(noEmail);
        for (ObjectNode e : data.employees) {
            e.put("birthday_on", "1990-04-0" + e.path("id").asInt());
        }
        fx = new SyncFixture(dir, data);
        scim = new ScimSimulator(0, TOKEN);
        fx.set("directories.okta.type", "scim").set("directories.okta.url", scim.baseUrl()).set("directories.okta.api-token", TOKEN)
                .set("directories.okta.connectors", "factorial").set("people.sensitive-fields", "location_id");
        // Grace is already in the directory: adopted, not duplicated.
        ObjectNode grace = JSON.createObjectNode();
        grace.putArray("schemas").add(ScimDirectory.USER_SCHEMA);
        grace.put("userName", "grace.hopper").put("active", true);
        scim.directory().create("Users", grace);
    }

    /** `people …` in a child JVM; its standard output. */
    private String people(String... words) throws Exception {
        Process p = fx.launch(words);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "people exits");
        String out = Files.readString(dir.resolve("out.log"));
        assertEquals(0, p.exitValue(), out + Files.readString(dir.resolve("err.log")));
        return out;
    }

    @Test
    void createRenameRefusedPushReplayAndTerminationShowInOrderWithTheDirectorysWords() throws Exception {
        company();
        assertTrue(fx.runFactorial().succeeded());
        scim.fault("PATCH /Users/{id}", scim.calls("PATCH /Users/{id}") + 1, new Fault(Fault.Kind.ANSWER, 400,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"400\",\"scimType\":\"invalidValue\","
                        + "\"detail\":\"name.givenName is not allowed to change in this tenant\"}", Map.of("Content-Type", "application/scim+json"), 0));
        data.employeeById(1).put("first_name", "Augusta").put("full_name", "Augusta Lovelace").put("location_id", 2);
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(1, fx.query("SELECT * FROM webhook_deliveries WHERE endpoint = 'directory:okta' AND status = 'dead'").size());
        SyncFixture.Cli replay = fx.runCli("directories", "replay", "--dead", "--directory=okta");
        assertEquals(0, replay.code(), replay.out() + replay.err());
        data.employeeById(1).put("terminated_on", LocalDate.now(fx.clock).minusDays(1).toString());
        assertTrue(fx.runFactorial().succeeded());

        String text = people("people", "show", "factorial:1");
        List<String> steps = List.of("user.disabled", "directory:okta: delivered", "replayed: directory:okta: user.updated",
                "name.givenName is not allowed to change in this tenant", "user.updated", "given_name: Ada → Augusta",
                "user.created", "read: first seen");
        int at = -1;
        for (String step : steps) {
            int next = text.indexOf(step, at + 1);
            assertTrue(next > at, "'" + step + "' after the steps before it, newest first:\n" + text);
            at = next;
        }
        assertTrue(text.contains("attributes.location_id changed (sensitive, not shown)"), text);
        assertTrue(text.contains("status: active → disabled"), text);
        assertTrue(text.contains("(the directory's id: "), text);
        assertNoSensitiveValue(text);

        // The same person by username and by email, as JSON and CSV.
        JsonNode json = JSON.readTree(fx.runCli("people", "show", "ada.lovelace", "--format=json").out());
        assertEquals("1", json.path("person").path("external_id").asText());
        assertEquals("(sensitive, not shown)", json.path("current").path("attributes").path("location_id").asText(), json.toString());
        assertNoSensitiveValue(json.toString());
        String csv = fx.runCli("people", "show", "ada.lovelace.1@example.com", "--format=csv").out();
        assertTrue(csv.startsWith("at,kind,run_id,what\n") && csv.contains("user.disabled"), csv);

        String others = fx.runCli("people", "show", "factorial:5").out();
        assertTrue(others.contains("username_numbered: ada.lovelace was taken: ada.lovelace1"), others);
        assertTrue(fx.runCli("people", "show", "grace.hopper").out().contains("adopted: okta: adopted its record grace.hopper"));
        assertTrue(fx.runCli("people", "show", "factorial:4").out().contains("out_of_scope: okta: not created: inactive"));
        String skipped = people("people", "list", "--skipped");
        assertTrue(skipped.contains("factorial:6") && skipped.contains("skipped: no work email") && !skipped.contains("factorial:1 "), skipped);
        String all = fx.runCli("people", "list", "--format=csv").out();
        assertTrue(all.startsWith("connector,external_id,username,email,display_name,status,why\n"), all);
        assertTrue(all.contains("factorial,1,ada.lovelace,") && all.contains(",disabled,") && all.contains("factorial,6,,,,skipped,skipped: no work email"), all);
        assertNoSensitiveValue(all);
        assertEquals(1, fx.runCli("people", "show", "nobody@nowhere.test").code());
        assertEquals(2, fx.runCli("people", "list", "--status=gone").code());
    }

    @Test
    void decisionsAreKeptWithinTheRetentionAndTakenAgainWithoutGrowing() throws Exception {
        company();
        assertTrue(fx.runFactorial().succeeded());
        assertTrue(fx.runFactorial().succeeded());
        List<Map<String, Object>> nemo = fx.query("SELECT decision, detail, first_at, last_at FROM person_decisions WHERE external_id = '6'");
        assertEquals(1, nemo.size(), "the same decision at the next run is the same row: " + nemo);
        assertFalse(nemo.get(0).get("first_at").equals(nemo.get(0).get("last_at")), "its last_at moved on");
        new io.identitysync.store.retention.Retention(new io.identitysync.store.Store(fx.settings().get("store.url")),
                java.time.Duration.ofDays(30), java.time.Duration.ofDays(400)).prune(java.time.Instant.now().plus(java.time.Duration.ofDays(31)));
        assertEquals(0, fx.query("SELECT * FROM person_decisions").size(), "pruned after store.retention");
    }

    private void assertNoSensitiveValue(String output) {
        assertFalse(output.contains("personal.example.org"), "no personal email:\n" + output);
        assertFalse(output.contains("1990-04-0"), "no birthday:\n" + output);
        assertFalse(output.contains("\"location_id\":2") || output.contains("location_id: 1"), "no field marked sensitive:\n" + output);
    }
}
