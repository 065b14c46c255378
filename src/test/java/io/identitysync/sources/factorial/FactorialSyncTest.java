package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.IdentitySyncApp;
import io.identitysync.cli.IdentitySync;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import io.identitysync.support.VerifyingReceiver;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FactorialSyncTest extends FixtureTest {

    private static final ObjectMapper JSON = new ObjectMapper();


    private SyncFixture fixture(int employees) throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(employees, 7));
        return fx;
    }

    @Test
    void firstSyncReadsEveryPageIncludingAnEmptyLastOneAndSignsEveryWebhook() throws Exception {
        fixture(30).set("factorial.page-size", "10");
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();

        assertTrue(outcome.succeeded(), outcome.error());
        // job levels: 1; contract versions: 34 in 4 pages; employees: 10 + 10 + 10 + an empty page; teams: 1;
        // team memberships: 36 in 4 pages; locations: 1
        assertEquals(15L, ((Number) fx.scalar("SELECT pages FROM sync_runs")).longValue());
        assertEquals(30L, ((Number) fx.scalar("SELECT count(*) FROM users")).longValue());
        assertEquals(6L, ((Number) fx.scalar("SELECT count(*) FROM groups")).longValue());

        long events = ((Number) fx.scalar("SELECT count(*) FROM events")).longValue();
        List<VerifyingReceiver.Received> received = fx.receiver.received();
        assertEquals(0, fx.receiver.badSignatures());
        assertEquals(events, received.size());
        assertEquals("sync.completed", received.get(received.size() - 1).type());
        Map<String, Long> byType = VerifyingReceiver.countByType(fx.receiver.types());
        assertEquals(30L, byType.get("user.created"));
        assertEquals(6L, byType.get("group.created"));
        List<String> storedIds = fx.query("SELECT id FROM events ORDER BY seq").stream().map(r -> (String) r.get("id")).toList();
        assertEquals(storedIds, received.stream().map(VerifyingReceiver.Received::id).toList(), "delivered in event order");
        assertEquals(events, ((Number) fx.scalar("SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'")).longValue());
    }

    @Test
    void aSecondRunEmitsExactlyTheChanges() throws Exception {
        fixture(30);
        assertTrue(fx.runFactorial().succeeded());
        fx.receiver.clear();
        FactorialData data = fx.factorial.data();

        ObjectNode hire = FactorialData.employee(31, "Nina", "Hire");
        hire.put("location_id", 1);
        data.employees.add(hire);
        data.employeeById(3).put("last_name", "Renamed").put("full_name", data.employeeById(3).get("first_name").asText() + " Renamed");
        data.employeeById(4).put("terminated_on", LocalDate.now().minusDays(1).toString());
        moveTeam(data, 5, 3, 2);
        data.employees.remove(data.employeeById(6));
        removeFromTeams(data, 6);

        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertTrue(outcome.succeeded(), outcome.error());

        Map<String, Long> byType = VerifyingReceiver.countByType(fx.receiver.types());
        assertEquals(Map.of("user.created", 1L, "user.updated", 1L, "user.disabled", 1L, "user.deleted", 1L,
                "membership.added", 2L, "membership.removed", 3L, "sync.completed", 1L), byType);

        JsonNode updated = event("user.updated");
        assertEquals("3", updated.at("/data/user/external_id").asText());
        assertEquals(List.of("family_name", "display_name"), strings(updated.at("/data/changes")));
        JsonNode disabled = event("user.disabled");
        assertEquals("4", disabled.at("/data/user/external_id").asText());
        assertTrue(strings(disabled.at("/data/changes")).contains("status"));
        assertEquals("disabled", disabled.at("/data/user/status").asText());

        assertEquals("Renamed", fx.scalar("SELECT family_name FROM users WHERE external_id = '3'"));
        assertEquals("disabled", fx.scalar("SELECT status FROM users WHERE external_id = '4'"));
        assertNotNull(fx.scalar("SELECT deleted_at FROM users WHERE external_id = '6'"), "a leaver is marked, never removed");
        assertEquals("nina.hire", fx.scalar("SELECT username FROM users WHERE external_id = '31'"));
        assertEquals(List.of("department:1", "department:2"), fx.query("SELECT group_external_id FROM memberships WHERE user_external_id = '5' "
                + "AND relation = 'member' AND group_external_id LIKE 'department:%' AND deleted_at IS NULL ORDER BY 1").stream()
                .map(r -> (String) r.get("group_external_id")).toList());
        Map<String, Object> run = fx.query("SELECT * FROM sync_runs ORDER BY started_at DESC LIMIT 1").get(0);
        assertEquals("succeeded", run.get("status"));
        assertEquals(3, run.get("created"));
        assertEquals(2, run.get("updated"));
        assertEquals(4, run.get("deleted"));
    }

    @Test
    void aRunWithNoChangeEmitsOnlySyncCompleted() throws Exception {
        fixture(25);
        assertTrue(fx.runFactorial().succeeded());
        List<Map<String, Object>> before = fx.identitySnapshot();
        fx.receiver.clear();

        assertTrue(fx.runFactorial().succeeded());

        assertEquals(List.of("sync.completed"), fx.receiver.types());
        assertEquals(before, fx.identitySnapshot());
    }

    @Test
    void usernamesAreNumberedByExternalIdAndStayWithTheirHolders() throws Exception {
        FactorialData data = new FactorialData();
        data.employees.add(FactorialData.employee(1, "Alpha", "Zed"));
        data.employees.add(FactorialData.employee(2, "Alpha", "Zed"));
        data.employees.add(FactorialData.employee(3, "José", "Núñez-Díaz"));
        fx = new SyncFixture(dir, data);
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(Map.of("1", "alpha.zed", "2", "alpha.zed1", "3", "jose.nunezdiaz"), usernames());

        data.employees.remove(data.employeeById(1));
        data.employees.add(FactorialData.employee(11, "Alpha", "Zed"));
        data.employees.add(FactorialData.employee(10, "Alpha", "Zed"));
        assertTrue(fx.runFactorial().succeeded());

        Map<String, String> names = usernames();
        assertEquals("alpha.zed1", names.get("2"), "the remaining holder keeps its name when the other leaves");
        assertEquals("alpha.zed", names.get("1"), "a leaver's name is not handed to someone else");
        assertEquals("alpha.zed2", names.get("10"), "new namesakes are numbered in ascending id order");
        assertEquals("alpha.zed3", names.get("11"));
    }

    @Test
    void employeesWithoutAnyEmailAreSkippedAndReported() throws Exception {
        FactorialData data = new FactorialData();
        data.employees.add(FactorialData.employee(1, "Has", "Mail"));
        data.employees.add(FactorialData.employee(2, "Login", "Only"));
        data.employees.get(1).remove("email");
        data.employees.add(FactorialData.employee(3, "No", "Mail"));
        data.employees.get(2).remove("email");
        data.employees.get(2).remove("login_email");
        fx = new SyncFixture(dir, data);
        // Login-only people have an address only when factorial.email-field falls back to login_email.
        fx.set("factorial.email-field", "email,login_email");
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();

        assertTrue(outcome.succeeded());
        assertEquals(Map.of("1", "has.mail", "2", "login.only"), usernames());
        assertEquals(1, fx.scalar("SELECT skipped FROM sync_runs"));
        List<String> skipped = Files.readAllLines(Path.of(outcome.exportFolder(), "skipped.ndjson"));
        assertEquals(1, skipped.size());
        JsonNode line = JSON.readTree(skipped.get(0));
        assertEquals("3", line.get("external_id").asText());
        assertEquals("no work email", line.get("reason").asText());

        fx.set("sync.require-email", "false");
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("no.mail", usernames().get("3"));
    }

    @Test
    void filesHoldTheWholeStateAndMatchTheStoreAndTheManifest() throws Exception {
        fixture(60);
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        Path folder = Path.of(outcome.exportFolder());
        Path connectorDir = dir.resolve("exports/factorial");
        assertEquals(folder.getFileName().toString(), Files.readString(connectorDir.resolve("latest")).trim());
        assertTrue(folder.getFileName().toString().matches("\\d{8}T\\d{6}Z(-\\d+)?"));
        try (var listing = Files.list(connectorDir)) {
            assertEquals(List.of(folder.getFileName().toString(), "latest"), listing.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary folder is left behind");
        }

        List<String> users = Files.readAllLines(folder.resolve("users.ndjson"));
        List<Map<String, Object>> stored = fx.query("SELECT * FROM users WHERE deleted_at IS NULL ORDER BY CAST(external_id AS INTEGER)");
        assertEquals(stored.size(), users.size());
        for (int i = 0; i < users.size(); i++) {
            JsonNode u = JSON.readTree(users.get(i));
            assertEquals(stored.get(i).get("external_id"), u.get("external_id").asText());
            assertEquals(stored.get(i).get("username"), u.get("username").asText());
            assertEquals(stored.get(i).get("status"), u.get("status").asText());
            assertTrue(u.get("attributes").isObject());
        }
        List<String> csv = Files.readAllLines(folder.resolve("users.csv"));
        assertEquals("external_id,username,email,given_name,family_name,display_name,title,status,employee_number,manager_username", csv.get(0));
        assertEquals(stored.size() + 1, csv.size());
        assertEquals(fx.scalar("SELECT count(*) FROM groups WHERE deleted_at IS NULL"), (int) Files.lines(folder.resolve("groups.ndjson")).count());
        assertEquals(fx.scalar("SELECT count(*) FROM memberships WHERE deleted_at IS NULL"), (int) Files.lines(folder.resolve("memberships.ndjson")).count());

        JsonNode manifest = JSON.readTree(folder.resolve("manifest.json").toFile());
        assertEquals(outcome.runId(), manifest.at("/run/id").asText());
        for (String file : List.of("users.ndjson", "groups.ndjson", "memberships.ndjson", "users.csv", "skipped.ndjson")) {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(folder.resolve(file))));
            assertEquals(manifest.get("sha256").get(file).asText(), sha, file);
        }
    }

    @Test
    void aRunThatWouldDeleteTooManyUsersIsRefusedWhole() throws Exception {
        fixture(30);
        assertTrue(fx.runFactorial().succeeded());
        List<Map<String, Object>> before = fx.identitySnapshot();
        fx.receiver.clear();
        for (int id = 1; id <= 10; id++) {
            fx.factorial.data().employees.remove(fx.factorial.data().employeeById(id));
        }

        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();

        assertEquals("refused", outcome.status());
        assertTrue(outcome.error().contains("sync.max-delete-ratio"), outcome.error());
        assertEquals(before, fx.identitySnapshot());
        assertEquals(List.of("sync.failed", "run.refused"), fx.receiver.types());
        assertNull(outcome.exportFolder());
    }

    @Test
    void aTeamSentWithoutEmployeeIdsKeepsItsMemberships() throws Exception {
        fixture(30);
        assertTrue(fx.runFactorial().succeeded());
        List<Map<String, Object>> before = fx.query("SELECT * FROM memberships ORDER BY group_external_id, user_external_id, relation");
        assertFalse(before.stream().noneMatch(m -> "department:2".equals(m.get("group_external_id"))), "team 2 has members");
        fx.receiver.clear();
        // TeamsTeam.employee_ids and lead_ids are optional: a team without them is not a team without members.
        fx.factorial.teamsWithoutMemberIds();
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertTrue(outcome.succeeded(), outcome.error());
        assertEquals(List.of("sync.completed"), fx.receiver.types(), "no membership.removed");
        assertEquals(before, fx.query("SELECT * FROM memberships ORDER BY group_external_id, user_external_id, relation"));
    }

    @Test
    void locationsAndLevelsWithStringIdsStillJoinEmployeesAndContracts() throws Exception {
        fixture(30);
        assertTrue(fx.factorial.data().locations.get(0).get("id").isTextual(), "LocationsLocation.id is a string");
        assertTrue(fx.runFactorial().succeeded());
        long located = ((Number) fx.scalar("SELECT count(*) FROM memberships WHERE group_external_id LIKE 'location:%' AND deleted_at IS NULL")).longValue();
        assertEquals(30L, located, "every employee's integer location_id finds its location");
        assertEquals(3L, ((Number) fx.scalar("SELECT count(*) FROM groups WHERE external_id LIKE 'location:%'")).longValue());
    }

    @Test
    void aWrongEmailFieldIsRefusedAtStartNamingTheKey() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(5, 5)).set("teamtailor.enabled", "false");
        for (String bad : List.of("personal_email", "email,email", "work")) {
            SyncFixture.Cli r = fx.set("factorial.email-field", bad).runCli("--once");
            assertEquals(IdentitySync.BAD_CONFIGURATION, r.code(), r.err());
            assertTrue(r.err().startsWith("configuration error: factorial.email-field: '" + bad + "'"), r.err());
            assertTrue(r.err().contains("must be email, login_email, or both in the order to try them"), r.err());
        }
        assertEquals(IdentitySync.OK, fx.set("factorial.email-field", "login_email").runCli("--once").code());
        assertTrue(((String) fx.scalar("SELECT email FROM users WHERE external_id = '1'")).endsWith("@login.example.com"), "the login address");
    }

    private Map<String, String> usernames() throws Exception {
        return fx.query("SELECT external_id, username FROM users").stream()
                .collect(Collectors.toMap(r -> (String) r.get("external_id"), r -> (String) r.get("username")));
    }

    private JsonNode event(String type) {
        return fx.receiver.received().stream().filter(r -> r.type().equals(type)).findFirst().orElseThrow().body();
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    static void moveTeam(FactorialData data, int employee, int fromTeam, int toTeam) {
        ArrayNode from = (ArrayNode) data.teamById(fromTeam).get("employee_ids");
        for (int i = from.size() - 1; i >= 0; i--) {
            if (from.get(i).asInt() == employee) {
                from.remove(i);
            }
        }
        ((ArrayNode) data.teamById(toTeam).get("employee_ids")).add(employee);
    }

    static void removeFromTeams(FactorialData data, int employee) {
        for (ObjectNode team : data.teams) {
            for (String field : List.of("employee_ids", "lead_ids")) {
                ArrayNode ids = (ArrayNode) team.get(field);
                for (int i = ids.size() - 1; i >= 0; i--) {
                    if (ids.get(i).asInt() == employee) {
                        ids.remove(i);
                    }
                }
            }
        }
    }
}
