package io.identitysync.destinations.entra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.simulators.entra.EntraSimulator;
import io.identitysync.support.Companies;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import io.identitysync.simulators.factorial.FactorialData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.identitysync.cli.IdentitySync;
import io.identitysync.simulators.factorial.FactorialRecords;
import io.identitysync.support.CapturedLogs;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Factorial → our store → Microsoft Entra ID, through the outbox and the real HTTP clients (MSAL's and ours), against the simulator. */
class EntraDirectoryTest extends FixtureTest {

    static final String TENANT = "8f3c2a1e-5b7d-4e9f-a0c1-2d3e4f5a6b7c";
    static final String CLIENT = "4a1b2c3d-0e9f-4a8b-9c7d-6e5f4a3b2c1d";
    static final String SECRET = "Qx8~simulated.client-secret_41f0";
    private static final ObjectMapper JSON = new ObjectMapper();
    EntraSimulator entra;
    FactorialData data;

    @BeforeAll
    static void trust() throws Exception {
        EntraSimulator.trustInThisJvm();
    }

    /** The installation's keys for a directory "entra" on this simulator. */
    static void configure(SyncFixture fx, EntraSimulator entra, String domain) {
        fx.set("directories.entra.type", "entra-id").set("directories.entra.url", entra.baseUrl())
                .set("directories.entra.login-url", entra.loginUrl()).set("directories.entra.tenant-id", TENANT)
                .set("directories.entra.client-id", CLIENT).set("directories.entra.client-secret", SECRET)
                .set("directories.entra.domain", domain).set("directories.entra.connectors", "factorial")
                .set("directories.retry-schedule", "100ms,100ms,100ms");
    }

    void company(String domain) throws Exception {
        data = Companies.engineering();
        fx = new SyncFixture(dir, data);
        entra = new EntraSimulator(TENANT, CLIENT, SECRET, "example.com", "acme.test");
        configure(fx, entra, domain);
    }

    @AfterEach
    void stop() {
        if (entra != null) {
            entra.close();
        }
    }

    Map<String, ObjectNode> byEmployeeId() {
        Map<String, ObjectNode> out = new HashMap<>();
        for (ObjectNode u : entra.users().all()) {
            if (u.path("employeeId").isTextual()) {
                out.put(u.path("employeeId").asText(), u);
            }
        }
        return out;
    }

    int writes() {
        return entra.calls("POST /users") + entra.calls("PATCH /users/{id}") + entra.calls("DELETE /users/{id}")
                + entra.calls("PUT /users/{id}/manager/$ref") + entra.calls("POST /groups") + entra.calls("POST /groups/{id}/members/$ref");
    }

    int count(String sql) throws Exception {
        return ((Number) fx.scalar(sql)).intValue();
    }

    @Test
    void activePeopleAreCreatedWithTheirWorkEmailAsUpnAndARunWithoutChangesWritesNothing() throws Exception {
        company("example.com");
        assertTrue(fx.runFactorial().succeeded());
        Map<String, ObjectNode> users = byEmployeeId();
        assertEquals(List.of("1", "2", "3"), users.keySet().stream().sorted().toList(), "an inactive person is not created");
        ObjectNode alan = users.get("2");
        assertEquals("alan.turing.2@example.com", alan.path("userPrincipalName").asText());
        assertEquals("Alan", alan.path("givenName").asText());
        assertEquals("Turing", alan.path("surname").asText());
        assertTrue(alan.path("accountEnabled").asBoolean());
        assertEquals(users.get("3").path("id").asText(), entra.users().managerOf(alan.path("id").asText()), "the manager, linked once created");
        assertTrue(entra.users().password(alan.path("id").asText()).length() >= 20);
        assertEquals(0, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:entra' AND status <> 'delivered'"));
        assertEquals(1, entra.tokenRequests(), "one token, kept while valid");

        int before = writes();
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(before, writes(), "no change, no write");
    }

    @Test
    void anAccountIsAdoptedByEmployeeIdOrByWorkEmailAsUpnOrMailAndKeepsItsUpn() throws Exception {
        company("example.com");
        // Ada holds our employeeId under another UPN; Alan's work email is his UPN; Grace's is the mail of an account.
        entra.users().seed(user("ada@example.com", "Ada L").put("employeeId", "1"));
        entra.users().seed(user("alan.turing.2@example.com", "Alan T"));
        entra.users().seed(user("ghopper@example.com", "Grace H").put("mail", "grace.hopper.3@example.com"));
        assertTrue(fx.runFactorial().succeeded());
        Map<String, ObjectNode> users = byEmployeeId();
        assertEquals("ada@example.com", users.get("1").path("userPrincipalName").asText(), "adopted by employeeId, its UPN kept");
        assertEquals("Ada Lovelace", users.get("1").path("displayName").asText(), "then updated");
        assertEquals("alan.turing.2@example.com", users.get("2").path("userPrincipalName").asText(), "adopted by userPrincipalName");
        assertEquals("ghopper@example.com", users.get("3").path("userPrincipalName").asText(), "adopted by mail");
        assertEquals(3, entra.users().all().size(), "no one duplicated");
        assertEquals(0, entra.calls("POST /users"));
        assertEquals(3, count("SELECT count(*) FROM directory_links WHERE directory = 'entra' AND adopted = 1"));
    }

    @Test
    void aTakenUpnGetsTheNextNumberAndACreateRefusedAsAlreadyExistingLooksAgain() throws Exception {
        company("acme.test");
        entra.users().seed(user("ada.lovelace@acme.test", "Ada Other"));
        // Someone takes alan.turing@acme.test between our look and our create.
        entra.fault("POST /users", 2, EntraSimulator.refusal(400, "Request_BadRequest",
                "Another object with the same value for property userPrincipalName already exists."));
        assertTrue(fx.runFactorial().succeeded());
        Map<String, ObjectNode> users = byEmployeeId();
        assertEquals("ada.lovelace1@acme.test", users.get("1").path("userPrincipalName").asText(), "the work email is not in the domain: username, numbered");
        assertEquals("ada.lovelace1", users.get("1").path("mailNickname").asText());
        assertEquals(3, users.size());
        assertEquals(0, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:entra' AND status <> 'delivered'"));
    }

    @Test
    void aLeaverIsDisabledWithALeaveDateAndEnabledWhenTheyComeBack() throws Exception {
        company("example.com");
        assertTrue(fx.runFactorial().succeeded());
        data.employeeById(1).put("active", false);
        assertTrue(fx.runFactorial().succeeded());
        ObjectNode ada = byEmployeeId().get("1");
        assertFalse(ada.path("accountEnabled").asBoolean());
        assertTrue(ada.path("employeeLeaveDateTime").asText().matches("\\d{4}-\\d{2}-\\d{2}T00:00:00Z"), ada.toString());

        data.employeeById(1).put("active", true);
        assertTrue(fx.runFactorial().succeeded());
        ada = byEmployeeId().get("1");
        assertTrue(ada.path("accountEnabled").asBoolean(), "a comeback");
        assertTrue(ada.path("employeeLeaveDateTime").isNull(), "the leave date no longer holds");
    }

    @Test
    void aPreHireIsCreatedDisabledAndEnabledOnTheirFirstDay() throws Exception {
        company("example.com");
        LocalDate start = LocalDate.now(Clock.systemUTC()).plusDays(5);
        data.employees.add(FactorialData.employee(5, "Hedy", "Lamarr"));
        data.contractVersions.add(FactorialRecords.contractVersion(51, 5, start, start, "Inventor"));
        assertTrue(fx.runFactorial().succeeded());
        ObjectNode hedy = byEmployeeId().get("5");
        assertFalse(hedy.path("accountEnabled").asBoolean(), "ready, without sign-in");
        assertEquals("Inventor", hedy.path("jobTitle").asText());
        assertEquals(start + "T00:00:00Z", hedy.path("employeeHireDate").asText());

        fx.clock = Clock.offset(Clock.systemUTC(), Duration.ofDays(5));
        assertTrue(fx.runFactorial().succeeded());
        assertTrue(byEmployeeId().get("5").path("accountEnabled").asBoolean(), "their first day");
        assertEquals(4, entra.calls("POST /users"), "created once");
    }

    @Test
    void aNewManagerIsSetByReference() throws Exception {
        company("example.com");
        assertTrue(fx.runFactorial().succeeded());
        data.employeeById(2).put("manager_id", 1);
        assertTrue(fx.runFactorial().succeeded());
        Map<String, ObjectNode> users = byEmployeeId();
        assertEquals(users.get("1").path("id").asText(), entra.users().managerOf(users.get("2").path("id").asText()));
    }

    @Test
    void departmentsBecomeSecurityGroupsWithTheirMembers() throws Exception {
        company("example.com");
        fx.set("directories.entra.groups", "true");
        assertTrue(fx.runFactorial().succeeded());
        ObjectNode group = entra.groups().named("Engineering");
        assertTrue(group != null && group.path("securityEnabled").asBoolean() && !group.path("mailEnabled").asBoolean(), String.valueOf(group));
        Map<String, ObjectNode> users = byEmployeeId();
        assertEquals(java.util.Set.of(users.get("1").path("id").asText(), users.get("2").path("id").asText()),
                entra.groups().members(group.path("id").asText()));
        assertEquals("Engineering", users.get("1").path("department").asText());
    }

    @Test
    void a429IsRetriedAfterItsRetryAfterNotTheSchedule() throws Exception {
        company("example.com");
        // Were Retry-After ignored, the next try would be an hour away and the drain would not finish.
        fx.set("directories.retry-schedule", "1h");
        entra.fault("POST /users", 1, EntraSimulator.throttled(1));
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(List.of("1", "2", "3"), byEmployeeId().keySet().stream().sorted().toList());
        assertEquals(0, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:entra' AND status <> 'delivered'"));
        assertEquals(4, entra.calls("POST /users"), "the throttled create, then three");
    }

    @Test
    void anotherRefusalIsDeadAtOnceWithGraphsMessageAndCode() throws Exception {
        company("example.com");
        entra.fault("POST /users", 1, EntraSimulator.refusal(400, "Request_BadRequest",
                "Property netId is invalid."));
        assertTrue(fx.runFactorial().succeeded());
        String errors = fx.query("SELECT last_error, attempts FROM webhook_deliveries WHERE endpoint = 'directory:entra' AND status = 'dead'").toString();
        assertTrue(errors.contains("Property netId is invalid.") && errors.contains("code Request_BadRequest") && errors.contains("attempts=1"), errors);
    }

    @Test
    void aRefusedSecretNamesItsKeyWithMicrosoftsWordsAndTheQueueWaits() throws Exception {
        company("example.com");
        entra.secret("rotated-in-the-portal");
        CapturedLogs<Boolean> run = CapturedLogs.during(() -> fx.runFactorial().succeeded());
        assertTrue(run.result());
        assertTrue(run.text().contains("AADSTS7000215: Invalid client secret provided") && run.text().contains("check directories.entra.client-secret"),
                run.text());
        assertEquals(0, entra.users().all().size());
        assertEquals(0, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:entra' AND status = 'dead'"), "nothing dead: the key will be fixed");

        SyncFixture.Cli live = fx.runCli("check", "--live");
        assertEquals(1, live.code(), live.out() + live.err());
        assertTrue(live.out().contains("AADSTS7000215") && live.out().contains("directories.entra.client-secret"), live.out());

        fx.set("directories.entra.client-id", "00000000-0000-0000-0000-000000000000");
        live = fx.runCli("check", "--live");
        assertTrue(live.out().contains("AADSTS700016") && live.out().contains("directories.entra.client-id"), live.out());
        fx.set("directories.entra.client-id", CLIENT).set("directories.entra.tenant-id", "contoso.example");
        live = fx.runCli("check", "--live");
        assertTrue(live.out().contains("AADSTS90002") && live.out().contains("directories.entra.tenant-id"), live.out());
    }

    @Test
    void checkLiveGetsATokenAndReadsOnePageOfUsers() throws Exception {
        company("example.com");
        SyncFixture.Cli ok = fx.runCli("check", "--live");
        assertTrue(ok.out().matches("(?s).*directory entra.*OK\\s+users.*"), ok.out() + ok.err());
        assertEquals(0, writes());
    }

    @Test
    void theSecretTheTokenAndThePasswordsAreNeverPrinted() throws Exception {
        company("example.com");
        CapturedLogs<Boolean> run = CapturedLogs.during(() -> fx.runFactorial().succeeded());
        assertTrue(run.result());
        SyncFixture.Cli plan = fx.runCli("directories", "plan", "entra");
        SyncFixture.Cli live = fx.runCli("check", "--live");
        String all = run.text() + plan.out() + plan.err() + live.out() + live.err();
        assertFalse(entra.issuedTokens().isEmpty());
        for (String token : entra.issuedTokens()) {
            assertFalse(all.contains(token), "the access token is never printed");
        }
        for (ObjectNode u : entra.users().all()) {
            assertFalse(all.contains(entra.users().password(u.path("id").asText())), "nor a password");
        }
        assertFalse(all.contains(SECRET), "nor the client secret");
        assertFalse(fx.storedText().contains(SECRET), "nor is it stored");
    }

    @Test
    void aBadConfigurationIsRefusedAtStartNamingTheKey() throws Exception {
        company("example.com");
        fx.set("directories.entra.tenant-id", "").set("directories.entra.login-url", "http://login.example");
        SyncFixture.Cli cli = fx.runCli("check");
        assertEquals(IdentitySync.BAD_CONFIGURATION, cli.code(), cli.out() + cli.err());
        assertTrue(cli.err().contains("directories.entra.tenant-id") && cli.err().contains("directories.entra.login-url"), cli.err());

        // Two connectors whose first five characters are the same cannot be told apart in a 16-character employeeId.
        company("example.com");
        fx.set("directories.entra.connectors", "factorial,factorial-b").set("connectors.factorial-b.type", "factorial")
                .set("connectors.factorial-b.base-url", fx.factorial.baseUrl()).set("connectors.factorial-b.api-token", SyncFixture.TOKEN);
        cli = fx.runCli("check");
        assertEquals(IdentitySync.BAD_CONFIGURATION, cli.code(), cli.out() + cli.err());
        assertTrue(cli.err().contains("directories.entra.connectors") && cli.err().contains("employeeId"), cli.err());
    }

    @Test
    void severalConnectorsPrefixTheirIdsWithinSixteenCharacters() throws Exception {
        company("example.com");
        fx.set("directories.entra.connectors", "factorial,acme").set("connectors.acme.type", "factorial")
                .set("connectors.acme.base-url", fx.factorial.baseUrl()).set("connectors.acme.api-token", SyncFixture.TOKEN);
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(List.of("facto:1", "facto:2", "facto:3"), byEmployeeId().keySet().stream().sorted().toList());
        assertEquals("facto:1", EmployeeIds.of("factorial", "1", true));
        assertEquals("acme:2147483647", EmployeeIds.of("acme", "2147483647", true));
        assertEquals(null, EmployeeIds.of("factorial", "12345678901", true), "17 characters do not fit");
    }

    @Test
    void planAndReconcileReadEveryPageAndWriteOnlyWithApply() throws Exception {
        company("example.com");
        for (int i = 0; i < 1000; i++) {
            entra.users().seed(user("room" + i + "@example.com", "Room " + i));
        }
        assertTrue(fx.runFactorial().succeeded());
        int before = writes();
        // Someone edits Ada's job title in the admin center.
        entra.users().edit("ada.lovelace.1@example.com", "jobTitle", "Chief Engineer");
        SyncFixture.Cli plan = fx.runCli("directories", "plan", "entra");
        assertTrue(plan.out().contains("would change nothing"), "nothing queued: " + plan.out() + plan.err());
        SyncFixture.Cli reconcile = fx.runCli("directories", "reconcile", "entra");
        assertTrue(reconcile.out().contains("update ada.lovelace.1@example.com (jobTitle)")
                && reconcile.out().contains("1000 directory records are no source person's"), reconcile.out() + reconcile.err());
        assertTrue(entra.calls("GET /users") >= 2, "the users' list follows @odata.nextLink past 999");
        assertEquals(before, writes(), "plan and reconcile write nothing");

        reconcile = fx.runCli("directories", "reconcile", "entra", "--apply");
        assertEquals(0, reconcile.code(), reconcile.out() + reconcile.err());
        assertEquals("Engineer", byEmployeeId().get("1").path("jobTitle").asText());
        assertEquals(before + 1, writes(), "one PATCH of what differs");
    }

    private static ObjectNode user(String upn, String displayName) {
        return JSON.createObjectNode().put("userPrincipalName", upn).put("displayName", displayName)
                .put("mailNickname", upn.substring(0, upn.indexOf('@'))).put("accountEnabled", true);
    }
}
