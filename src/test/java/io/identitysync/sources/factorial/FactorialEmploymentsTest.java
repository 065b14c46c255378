package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialRecords;
import io.identitysync.support.CapturedLogs;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Employments, titles, pre-hires and managers: what Factorial keeps beyond the roster, through real runs. */
class FactorialEmploymentsTest extends FixtureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now(Clock.systemUTC());

    /**
     * Ada, promoted a month ago with a change to come; Alan, titled by the job catalog; Grace, starting in 10 days;
     * Linus, whose manager is no employee; Tim, reporting to Ada.
     */
    private static FactorialData company() {
        FactorialData d = new FactorialData();
        d.employees.add(FactorialData.employee(1, "Ada", "Lovelace"));
        d.employees.add(FactorialData.employee(2, "Alan", "Turing"));
        d.employees.add(FactorialData.employee(3, "Grace", "Hopper"));
        d.employees.add(FactorialData.employee(4, "Linus", "Torvalds").put("manager_id", 99));
        d.employees.add(FactorialData.employee(5, "Tim", "Berners-Lee").put("manager_id", 1));
        LocalDate hired = LocalDate.of(2020, 1, 6);
        d.contractVersions.add(FactorialRecords.contractVersion(11, 1, hired, hired, "Engineer"));
        d.contractVersions.add(FactorialRecords.contractVersion(12, 1, TODAY.minusDays(30), hired, "Senior Engineer"));
        d.contractVersions.add(FactorialRecords.contractVersion(13, 1, TODAY.plusDays(20), hired, "Lead Engineer"));
        ObjectNode catalogued = FactorialRecords.contractVersion(21, 2, hired, hired, null);
        catalogued.put("job_catalog_level_id", 2).put("working_hours", 20).put("working_time_percentage_in_cents", 5000);
        d.contractVersions.add(catalogued);
        d.contractVersions.add(FactorialRecords.contractVersion(31, 3, TODAY.plusDays(10), TODAY.plusDays(10), "Admiral"));
        d.jobLevels.add(JSON.createObjectNode().put("id", 2).put("name", "L2").put("role_name", "Data Scientist"));
        return d;
    }

    private Map<String, Object> user(String id) throws Exception {
        return fx.query("SELECT * FROM users WHERE external_id = '" + id + "'").get(0);
    }

    private List<Map<String, Object>> events(String type) throws Exception {
        return fx.query("SELECT subject_id, payload FROM events WHERE type = '" + type + "' ORDER BY seq");
    }

    private static JsonNode data(Map<String, Object> event) throws Exception {
        return JSON.readTree((String) event.get("payload")).get("data");
    }

    @Test
    void titlesStartDatesAndEmployeeNumbersComeFromTheEmploymentInForce() throws Exception {
        fx = new SyncFixture(dir, company());
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertTrue(outcome.succeeded(), outcome.error());

        assertEquals("Senior Engineer", user("1").get("title"), "the newest version whose effective date has come");
        assertEquals("Data Scientist", user("2").get("title"), "no job title on the contract: the catalog role names it");
        assertEquals("E00001", user("1").get("employee_number"));
        assertTrue(((String) user("1").get("email")).endsWith("@example.com"), "the company address, never the personal one");
        JsonNode ada = JSON.readTree((String) user("1").get("employment"));
        assertEquals("12", ada.get("id").asText());
        assertEquals("2020-01-06", ada.get("start_date").asText());
        assertEquals("full_time", ada.get("employment_type").asText());
        assertEquals("part_time", JSON.readTree((String) user("2").get("employment")).get("employment_type").asText());
        assertEquals(5L, ((Number) fx.scalar("SELECT count(*) FROM employments")).longValue(), "every version is kept");

        Path folder = Path.of(outcome.exportFolder());
        JsonNode exported = JSON.readTree(Files.readAllLines(folder.resolve("users.ndjson")).get(0));
        assertEquals("Senior Engineer", exported.at("/employment/title").asText());
        assertEquals("E00001", exported.get("employee_number").asText());
        assertEquals(5, Files.readAllLines(folder.resolve("employments.ndjson")).size());
        JsonNode created = data(events("user.created").get(0));
        assertEquals("Senior Engineer", created.at("/user/employment/title").asText(), "the event carries the employment block");
    }

    @Test
    void aPreHireIsPendingUntilTheirFirstDayThenCreatedWithNoChangeInTheSource() throws Exception {
        fx = new SyncFixture(dir, company());
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("pending", user("3").get("status"));
        assertEquals("Admiral", user("3").get("title"), "a pre-hire is shown the employment to come");
        assertEquals(List.of("3"), events("user.pending").stream().map(e -> e.get("subject_id")).toList());
        assertTrue(events("user.created").stream().noneMatch(e -> "3".equals(e.get("subject_id"))),
                "no user.created before the first day: a receiver that knows no pending grants no early access");

        fx.clock = Clock.offset(Clock.systemUTC(), Duration.ofDays(10));
        fx.receiver.clear();
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("active", user("3").get("status"));
        List<Map<String, Object>> created = events("user.created");
        JsonNode start = data(created.get(created.size() - 1));
        assertEquals("3", start.at("/user/external_id").asText());
        assertEquals(List.of("status"), JSON.convertValue(start.get("changes"), List.class));
        assertEquals(List.of("user.created", "sync.completed"), fx.receiver.types(), "the start date alone changes Grace, and no one else");

        fx.clock = Clock.offset(Clock.systemUTC(), Duration.ofDays(21));
        fx.receiver.clear();
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("Lead Engineer", user("1").get("title"), "a contract change takes effect on its day");
        assertEquals(List.of("user.updated", "sync.completed"), fx.receiver.types());
    }

    @Test
    void managersAreResolvedToTheirUsernameAndAManagerWhoIsNoUserIsReportedNotGuessed() throws Exception {
        fx = new SyncFixture(dir, company());
        CapturedLogs<IdentitySyncApp.RunOutcome> run = CapturedLogs.during(fx::runFactorial);
        IdentitySyncApp.RunOutcome outcome = run.result();
        assertTrue(outcome.succeeded(), outcome.error());
        assertTrue(run.text().contains("factorial: 1 users name a manager who is not a user; their manager_username is null: 4 (manager 99)"),
                run.text());
        JsonNode tim = events("user.created").stream().filter(e -> "5".equals(e.get("subject_id"))).findFirst().map(e -> {
            try {
                return data(e).get("user");
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }).orElseThrow();
        assertEquals(user("1").get("username"), tim.get("manager_username").asText());
        assertEquals(user("1").get("email"), tim.get("manager_email").asText());
        List<String> csv = Files.readAllLines(Path.of(outcome.exportFolder()).resolve("users.csv"));
        assertTrue(csv.get(5).endsWith(",E00005," + user("1").get("username")), csv.get(5));
        JsonNode linus = JSON.readTree(Files.readAllLines(Path.of(outcome.exportFolder()).resolve("users.ndjson")).get(3));
        assertEquals("99", linus.get("manager_external_id").asText());
        assertTrue(linus.get("manager_username").isNull(), "not guessed");

        fx.factorial.data().employeeById(5).put("manager_id", 2);
        fx.receiver.clear();
        assertTrue(fx.runFactorial().succeeded());
        List<Map<String, Object>> updated = events("user.updated");
        JsonNode change = data(updated.get(updated.size() - 1));
        assertEquals(List.of("manager_external_id"), JSON.convertValue(change.get("changes"), List.class));
        assertEquals(user("2").get("username"), change.at("/user/manager_username").asText());
    }

    @Test
    void aContractVersionGoneFromTheSourceIsMarkedDeletedAndTheTitleFollows() throws Exception {
        fx = new SyncFixture(dir, company());
        assertTrue(fx.runFactorial().succeeded());
        fx.factorial.data().contractVersions.removeIf(v -> v.get("id").asInt() == 12);
        assertTrue(fx.runFactorial().succeeded());
        assertNotNull(fx.scalar("SELECT deleted_at FROM employments WHERE external_id = '12'"));
        assertEquals("Engineer", user("1").get("title"));
    }

    @Test
    void withoutEmploymentsTheStoredOnesAreLeftAloneAndNoTitleIsInvented() throws Exception {
        fx = new SyncFixture(dir, company());
        assertTrue(fx.runFactorial().succeeded());
        fx.set("factorial.resources", "employees, teams, locations");
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertTrue(outcome.succeeded(), outcome.error());
        assertNull(user("1").get("title"));
        assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM employments WHERE deleted_at IS NOT NULL")).longValue());
        assertTrue(fx.factorial.calls("contract_versions") == 1, "read once, by the first run only");
    }

    @Test
    void anUnknownResourceIsAConfigurationErrorNamingTheKey() throws Exception {
        fx = new SyncFixture(dir, company());
        fx.set("factorial.resources", "employees,leavez");
        SyncFixture.Cli r = fx.runCli("--once");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("factorial.resources: 'leavez' is not a Factorial resource"), r.err());
        fx.set("factorial.resources", "teams");
        r = fx.runCli("--once");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("factorial.resources: must include employees"), r.err());
    }
}
