package io.identitysync.destinations.jumpcloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.Fault;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialRecords;
import io.identitysync.simulators.jumpcloud.JumpCloudSimulator;
import io.identitysync.support.Companies;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Factorial → our store → JumpCloud, through the outbox, against the JumpCloud simulator. */
class JumpCloudDirectoryTest extends FixtureTest {

    private static final String KEY = "jc-admin-key-3f9a21";
    private static final ObjectMapper JSON = new ObjectMapper();
    private JumpCloudSimulator jc;
    private FactorialData data;

    private void company(boolean groups) throws Exception {
        data = Companies.engineering();
        fx = new SyncFixture(dir, data);
        jc = new JumpCloudSimulator(0, KEY);
        fx.set("directories.jc.type", "jumpcloud").set("directories.jc.url", jc.baseUrl()).set("directories.jc.api-token", KEY)
                .set("directories.jc.groups", Boolean.toString(groups)).set("directories.jc.connectors", "factorial").set("directories.retry-schedule", "100ms,100ms,100ms");
    }

    @AfterEach
    void stopJumpCloud() {
        if (jc != null) {
            jc.close();
        }
    }

    private Map<String, ObjectNode> byEmployeeId() {
        return jc.directory().users().stream().filter(u -> u.has("employeeIdentifier")).collect(Collectors.toMap(u -> u.path("employeeIdentifier").asText(), u -> u));
    }

    private int count(String sql) throws Exception {
        return ((Number) fx.scalar(sql)).intValue();
    }

    private int writes() {
        return jc.calls("POST /systemusers") + jc.calls("PUT /systemusers/{id}") + jc.calls("DELETE /systemusers/{id}")
                + jc.calls("POST /v2/usergroups") + jc.calls("POST /v2/usergroups/{id}/members");
    }

    @Test
    void activePeopleAreCreatedStagedUnderTheirUsernamesWithTitleDepartmentAndManager() throws Exception {
        company(false);
        assertTrue(fx.runFactorial().succeeded());
        Map<String, ObjectNode> users = byEmployeeId();
        assertEquals(List.of("1", "2", "3"), users.keySet().stream().sorted().toList(), "an inactive person is not created");
        ObjectNode alan = users.get("2");
        assertEquals("alan.turing", alan.path("username").asText());
        assertEquals("alan.turing.2@example.com", alan.path("email").asText());
        assertEquals("Alan", alan.path("firstname").asText());
        assertEquals("Turing", alan.path("lastname").asText());
        assertEquals("STAGED", alan.path("state").asText());
        assertEquals("Engineering", alan.path("department").asText());
        assertEquals(users.get("3").path("_id").asText(), alan.path("manager").asText(), "the manager, created after, is linked once known");
        assertEquals(0, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:jc' AND status <> 'delivered'"));
        assertEquals(3, count("SELECT count(*) FROM directory_links WHERE directory = 'jc' AND kind = 'user'"));
    }

    @Test
    void aRunWithoutChangesWritesNothingAndAChangeIsOneUpdateOfWhatDiffers() throws Exception {
        company(false);
        assertTrue(fx.runFactorial().succeeded());
        int before = writes();
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(before, writes(), "no change, no write");

        data.employeeById(1).put("full_name", "Ada King");
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(before + 1, writes());
        assertEquals("Ada King", byEmployeeId().get("1").path("displayname").asText());
        assertEquals("ada.lovelace", byEmployeeId().get("1").path("username").asText(), "a username never changes");
    }

    @Test
    void aPersonAlreadyInJumpCloudIsAdoptedAndATakenUsernameGetsANumber() throws Exception {
        company(false);
        // Alan is already there, by email, under another username; someone else holds ada.lovelace; GRACE.HOPPER differs only in case.
        jc.directory().createUser(JSON.createObjectNode().put("username", "alan.t").put("email", "alan.turing.2@example.com").put("state", "ACTIVATED"));
        jc.directory().createUser(JSON.createObjectNode().put("username", "ada.lovelace").put("email", "other.ada@example.com"));
        jc.directory().createUser(JSON.createObjectNode().put("username", "GRACE.HOPPER").put("email", "gh@example.com"));
        assertTrue(fx.runFactorial().succeeded());
        Map<String, ObjectNode> users = byEmployeeId();
        assertEquals("alan.t", users.get("2").path("username").asText(), "adopted, not duplicated, and linked by employeeIdentifier now");
        assertEquals("ACTIVATED", users.get("2").path("state").asText());
        assertEquals(1, jc.directory().users().stream().filter(u -> u.path("email").asText().equals("alan.turing.2@example.com")).count());
        assertEquals("ada.lovelace1", users.get("1").path("username").asText());
        assertEquals("grace.hopper1", users.get("3").path("username").asText());
        assertEquals(1, count("SELECT adopted FROM directory_links WHERE external_id = '2'"));
    }

    @Test
    void aLeaverIsSuspendedAndARehireIsActivatedAgain() throws Exception {
        company(false);
        fx.set("directories.jc.initial-state", "ACTIVATED");
        assertTrue(fx.runFactorial().succeeded());
        data.employeeById(1).put("active", false);
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("SUSPENDED", byEmployeeId().get("1").path("state").asText());
        data.employeeById(1).put("active", true);
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("ACTIVATED", byEmployeeId().get("1").path("state").asText());

        data.employees.remove(data.employeeById(3));
        data.employeeById(2).putNull("manager_id");
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("SUSPENDED", byEmployeeId().get("3").path("state").asText(), "deleted in the source: suspended (on-delete=suspend)");
    }

    @Test
    void departmentsBecomeUserGroupsWithTheirMembers() throws Exception {
        company(true);
        assertTrue(fx.runFactorial().succeeded());
        List<ObjectNode> groups = jc.directory().groups();
        assertEquals(1, groups.size(), groups.toString());
        assertEquals("Engineering", groups.get(0).path("name").asText());
        Map<String, ObjectNode> users = byEmployeeId();
        assertEquals(List.of(users.get("1").path("_id").asText(), users.get("2").path("_id").asText()).stream().sorted().toList(),
                jc.directory().members(groups.get(0).path("id").asText()).stream().sorted().toList());

        data.teamById(7).putArray("employee_ids").add(1);
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(List.of(users.get("1").path("_id").asText()), jc.directory().members(groups.get(0).path("id").asText()));
        assertEquals("", byEmployeeId().get("2").path("department").asText(), "no department any more");
    }

    @Test
    void aServerErrorOnOnePersonHoldsBackOnlyThatPerson() throws Exception {
        company(false);
        jc.fault("POST /systemusers", 1, Fault.status(500));
        fx.set("directories.retry-schedule", "2s");
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
            assertTrue(app.run("factorial").succeeded());
            assertFalse(app.drainDirectories(Duration.ofSeconds(1)), "Ada waits for her retry");
            assertEquals(2, jc.directory().users().size(), "the others went on: " + jc.directory().users());
            assertTrue(app.drainDirectories(Duration.ofSeconds(10)));
        }
        assertEquals(3, jc.directory().users().size());
        assertEquals(0, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:jc' AND status <> 'delivered'"));
    }

    @Test
    void aRefusedKeyKeepsTheQueueUntilTheKeyIsFixed() throws Exception {
        company(false);
        fx.set("directories.jc.api-token", "wrong-key-000000");
        assertTrue(fx.runFactorial().succeeded());
        assertTrue(jc.directory().users().isEmpty());
        assertTrue(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:jc' AND status = 'pending'") > 0);
        assertEquals(0, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:jc' AND status = 'dead'"));

        fx.set("directories.jc.api-token", KEY);
        SyncFixture.Cli cli = fx.runCli("--once");
        assertEquals(0, cli.code(), cli.err());
        assertEquals(3, jc.directory().users().size());
    }

    @Test
    void aDirectoryEnabledOnAStoreWithUsersIsFilledFromTheCurrentState() throws Exception {
        company(false);
        fx.set("directories.jc.enabled", "false");
        assertTrue(fx.runFactorial().succeeded());
        assertTrue(jc.directory().users().isEmpty());
        fx.set("directories.jc.enabled", "true");
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
            assertTrue(app.drainDirectories(Duration.ofSeconds(10)));
        }
        assertEquals(List.of("1", "2", "3"), byEmployeeId().keySet().stream().sorted().toList());
        assertEquals("Engineering", byEmployeeId().get("1").path("department").asText());
    }

    @Test
    void aChangeJumpCloudRefusesIsDeadWithItsMessageAndCanBeReplayed() throws Exception {
        company(false);
        data.employeeById(1).put("email", "not-an-email");
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(2, jc.directory().users().size(), "the others are not held back");
        assertEquals(1, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:jc' AND status = 'dead'"));
        assertTrue(((String) fx.scalar("SELECT last_error FROM webhook_deliveries WHERE status = 'dead'")).contains("email 'not-an-email' is invalid"));
        SyncFixture.Cli list = fx.runCli("directories", "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("directory:jc") && list.out().contains("email 'not-an-email' is invalid"), list.out());
        assertFalse(fx.runCli("webhooks", "list").out().contains("directory:jc"), "webhooks list shows webhook endpoints only");
        assertTrue(fx.runCli("status").out().contains("directories:"));

        data.employeeById(1).put("email", "ada@example.com");
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(3, jc.directory().users().size(), "the next change of that person creates them");
        SyncFixture.Cli replay = fx.runCli("directories", "replay", "--dead", "--directory=jc");
        assertEquals(0, replay.code(), replay.out() + replay.err());
        assertTrue(replay.out().contains("directories: 1 deliveries queued again") && replay.out().contains("all delivered"), replay.out());
        assertEquals(3, jc.directory().users().size(), "replayed: nothing left to do, nothing duplicated");
        assertEquals(2, fx.runCli("directories", "replay", "--dead", "--directory=nope").code());
    }

    @Test
    void aDirectoryThatIsDownRateLimitedOrAnswersGarbageIsRetriedUntilEveryoneIsThere() throws Exception {
        company(false);
        jc.rateLimit(4, 300, "1");
        jc.fault("POST /systemusers", 2, Fault.malformedJson());
        jc.fault("PUT /systemusers/{id}", 1, Fault.reset());
        fx.set("directories.retry-schedule", "100ms,100ms,100ms,100ms,100ms,100ms,100ms,100ms");
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
            assertTrue(app.run("factorial").succeeded());
            assertTrue(app.drainDirectories(Duration.ofSeconds(30)));
        }
        assertEquals(List.of("1", "2", "3"), byEmployeeId().keySet().stream().sorted().toList());
        assertEquals(3, jc.directory().users().size(), "a malformed answer to a create that did happen adopts, never duplicates");
        assertEquals(0, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:jc' AND status <> 'delivered'"));

        jc.close();
        fx.set("directories.retry-schedule", "1h");
        data.employeeById(1).put("full_name", "Ada King");
        assertTrue(fx.runFactorial().succeeded(), "a directory that is down never fails the run");
        assertEquals(1, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:jc' AND status = 'pending'"));
        assertTrue(((String) fx.scalar("SELECT last_error FROM webhook_deliveries WHERE status = 'pending'")).contains("no answer"));
    }

    @Test
    void planSaysWhatTheFirstPushWouldDoAndReconcileFindsAndCorrectsDrift() throws Exception {
        company(false);
        fx.set("directories.jc.enabled", "false");
        assertTrue(fx.runFactorial().succeeded());
        fx.set("directories.jc.enabled", "true");
        jc.directory().createUser(JSON.createObjectNode().put("username", "alan.t").put("email", "alan.turing.2@example.com"));
        jc.directory().createUser(JSON.createObjectNode().put("username", "ada.lovelace").put("email", "other.ada@example.com"));

        SyncFixture.Cli plan = fx.runCli("directories", "plan", "jc");
        assertEquals(0, plan.code(), plan.err());
        assertTrue(plan.out().contains("factorial 1: create ada.lovelace1") && plan.out().contains("factorial 2: adopt alan.t")
                && plan.out().contains("factorial 3: create grace.hopper"), plan.out());
        assertTrue(plan.out().contains("the next push would adopt 1, create 2"), plan.out());
        assertEquals(0, writes(), "plan writes nothing");
        assertEquals(0, count("SELECT count(*) FROM directory_links"), "not even our links");

        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
            assertTrue(app.drainDirectories(Duration.ofSeconds(10)));
        }
        SyncFixture.Cli clean = fx.runCli("directories", "reconcile", "jc");
        assertEquals(0, clean.code(), clean.out());
        assertTrue(clean.out().contains("drift: change nothing; 1 directory records are no source person's"), clean.out());

        // By hand in JumpCloud: Ada's title changed, Grace deleted.
        Map<String, ObjectNode> users = byEmployeeId();
        jc.directory().updateUser(users.get("1").path("_id").asText(), JSON.createObjectNode().put("jobTitle", "Hacker"));
        jc.directory().deleteUser(users.get("3").path("_id").asText(), true);
        int before = writes();
        SyncFixture.Cli drift = fx.runCli("directories", "reconcile", "jc");
        assertEquals(1, drift.code(), drift.out());
        assertTrue(drift.out().contains("factorial 1: update ada.lovelace1 (jobTitle)") && drift.out().contains("factorial 3: create grace.hopper"), drift.out());
        assertEquals(before, writes(), "reconcile without --apply writes nothing");

        SyncFixture.Cli applied = fx.runCli("directories", "reconcile", "jc", "--apply");
        assertEquals(0, applied.code(), applied.out() + applied.err());
        assertEquals("Engineer", byEmployeeId().get("1").path("jobTitle").asText());
        assertTrue(byEmployeeId().containsKey("3"), "Grace is back");
        assertEquals(0, fx.runCli("directories", "reconcile", "jc").code());
        assertEquals(2, fx.runCli("directories", "plan", "nope").code());
    }

    @Test
    void eachBadDirectoryKeyIsNamed() throws Exception {
        company(false);
        for (String[] bad : new String[][] {{"directories.jc.type", "ldap", "directories.jc.type"},
                {"directories.jc.url", "ftp://x", "directories.jc.url"}, {"directories.jc.api-token", "", "directories.jc.api-token"},
                {"directories.jc.initial-state", "SUSPENDED", "directories.jc.initial-state"},
                {"directories.jc.connectors", "nope", "directories.jc.connectors"}, {"directories.jc.colour", "blue", "directories.jc.colour"}}) {
            fx.set(bad[0], bad[1]);
            SyncFixture.Cli cli = fx.runCli("--once");
            assertEquals(2, cli.code(), bad[0]);
            assertTrue(cli.err().contains("configuration error: " + bad[2] + ":"), cli.err());
            assertFalse(cli.err().contains(KEY), "never the token");
            company(false);
        }
        assertNull(jc.directory().users().stream().findFirst().orElse(null));
    }

    @Test
    void aPreHireWaitsStagedAndIsActivatedOnTheirFirstDayWithNoChangeInTheSource() throws Exception {
        company(false);
        fx.set("directories.jc.initial-state", "ACTIVATED");
        LocalDate start = LocalDate.now(Clock.systemUTC()).plusDays(5);
        data.employees.add(FactorialData.employee(5, "Hedy", "Lamarr"));
        data.contractVersions.add(FactorialRecords.contractVersion(51, 5, start, start, "Inventor"));
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("ACTIVATED", byEmployeeId().get("1").path("state").asText());
        assertEquals("STAGED", byEmployeeId().get("5").path("state").asText(), "ready, without access");
        assertEquals("Inventor", byEmployeeId().get("5").path("jobTitle").asText());

        fx.clock = Clock.offset(Clock.systemUTC(), Duration.ofDays(5));
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("ACTIVATED", byEmployeeId().get("5").path("state").asText(), "their first day");
        assertEquals(1, jc.calls("POST /systemusers") - 3, "created once, on the first run");
    }
}
