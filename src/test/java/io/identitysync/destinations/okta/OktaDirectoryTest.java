package io.identitysync.destinations.okta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialRecords;
import io.identitysync.simulators.okta.OktaSimulator;
import io.identitysync.support.CapturedLogs;
import io.identitysync.support.Companies;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Factorial → our store → Okta, through the outbox and the real HTTP client, against the Okta simulator. */
class OktaDirectoryTest extends FixtureTest {

    static final String TOKEN = "00okta-api-token-T3stOnly9f2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private OktaSimulator okta;
    private FactorialData data;

    private void company() throws Exception {
        data = Companies.engineering();
        fx = new SyncFixture(dir, data);
        okta = new OktaSimulator(0, TOKEN);
        fx.set("directories.okta.type", "okta").set("directories.okta.url", okta.baseUrl()).set("directories.okta.api-token", TOKEN)
                .set("directories.okta.connectors", "factorial").set("directories.retry-schedule", "100ms,100ms,100ms");
    }

    @AfterEach
    void stopOkta() {
        if (okta != null) {
            okta.close();
        }
    }

    /** Okta's users by the employeeNumber we gave them. */
    private Map<String, ObjectNode> byEmployeeNumber() {
        Map<String, ObjectNode> out = new HashMap<>();
        for (ObjectNode u : okta.users().users()) {
            if (u.path("profile").hasNonNull("employeeNumber")) {
                out.put(u.path("profile").path("employeeNumber").asText(), u);
            }
        }
        return out;
    }

    private String status(String employeeNumber) {
        return byEmployeeNumber().get(employeeNumber).path("status").asText();
    }

    private int writes() {
        int lifecycle = 0;
        for (String op : List.of("activate", "suspend", "unsuspend", "deactivate")) {
            lifecycle += okta.calls("POST /users/{id}/lifecycle/" + op);
        }
        return okta.calls("POST /users") + okta.calls("POST /users/{id}") + okta.calls("DELETE /users/{id}") + lifecycle;
    }

    private int count(String sql) throws Exception {
        return ((Number) fx.scalar(sql)).intValue();
    }

    private ObjectNode profile(String login, String email, String first, String last) {
        return JSON.createObjectNode().put("login", login).put("email", email).put("firstName", first).put("lastName", last);
    }

    @Test
    void activePeopleAreCreatedStagedWithTheirProfileAndManagerAndARunWithoutChangesWritesNothing() throws Exception {
        company();
        assertTrue(fx.runFactorial().succeeded());
        Map<String, ObjectNode> users = byEmployeeNumber();
        assertEquals(List.of("1", "2", "3"), users.keySet().stream().sorted().toList(), "an inactive person is not created");
        JsonNode alan = users.get("2").path("profile");
        assertEquals("STAGED", users.get("2").path("status").asText(), "created with activate=false, left STAGED");
        assertEquals("alan.turing.2@example.com", alan.path("login").asText(), "the work email is the login");
        assertEquals("alan.turing.2@example.com", alan.path("email").asText());
        assertEquals("Alan", alan.path("firstName").asText());
        assertEquals("Turing", alan.path("lastName").asText());
        assertEquals("Engineering", alan.path("department").asText());
        assertEquals("3", alan.path("managerId").asText(), "the manager's employeeNumber");
        assertEquals("Grace Hopper", alan.path("manager").asText(), "the manager's displayName");
        assertEquals(0, okta.calls("POST /users/{id}/lifecycle/activate"));
        assertEquals(0, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:okta' AND status <> 'delivered'"));

        int before = writes();
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(before, writes(), "no change, no write");

        data.employeeById(1).put("last_name", "King");
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(before + 1, writes(), "one partial update");
        List<JsonNode> received = okta.users().received();
        JsonNode sent = received.get(received.size() - 1).path("profile");
        assertEquals("King", sent.path("lastName").asText());
        assertFalse(sent.has("login") || sent.has("email") || sent.has("employeeNumber"), "only what changed: " + sent);
        assertEquals("ada.lovelace.1@example.com", byEmployeeNumber().get("1").path("profile").path("login").asText());
    }

    @Test
    void anAccountIsAdoptedByEmployeeNumberOrByWorkEmailButADeprovisionedOneOnlyByEmployeeNumber() throws Exception {
        company();
        // Ada holds our employeeNumber under another login; Alan's work email is his login; Grace's work email is
        // another account's email (not its login).
        okta.users().seed(profile("ada@example.com", "ada@example.com", "Ada", "L").put("employeeNumber", "1"), "ACTIVE");
        okta.users().seed(profile("alan.turing.2@example.com", "alan.turing.2@example.com", "Alan", "T"), "ACTIVE");
        okta.users().seed(profile("ghopper@example.com", "grace.hopper.3@example.com", "Grace", "H"), "STAGED");
        assertTrue(fx.runFactorial().succeeded());
        Map<String, ObjectNode> users = byEmployeeNumber();
        assertEquals("ada@example.com", users.get("1").path("profile").path("login").asText(), "adopted by employeeNumber, login kept");
        assertEquals("Lovelace", users.get("1").path("profile").path("lastName").asText(), "then updated");
        assertEquals("alan.turing.2@example.com", users.get("2").path("profile").path("login").asText(), "adopted by login");
        assertEquals("ghopper@example.com", users.get("3").path("profile").path("login").asText(), "adopted by email");
        assertEquals(3, okta.users().users().size(), "no one duplicated");
        assertEquals(0, okta.calls("POST /users"));
        assertEquals(3, count("SELECT count(*) FROM directory_links WHERE directory = 'okta' AND adopted = 1"));
    }

    @Test
    void aDeprovisionedAccountWithTheWorkEmailIsNotAdoptedAndATakenLoginGetsTheNextNumber() throws Exception {
        company();
        okta.users().seed(profile("ada.lovelace.1@example.com", "ada.lovelace.1@example.com", "Ada", "Former"), "DEPROVISIONED");
        okta.users().seed(profile("ada.lovelace@example.com", "someone@example.com", "Other", "Ada").put("employeeNumber", "99"), "ACTIVE");
        assertTrue(fx.runFactorial().succeeded());
        ObjectNode ada = byEmployeeNumber().get("1");
        assertEquals("ada.lovelace1@example.com", ada.path("profile").path("login").asText(), "work email and username taken: numbered");
        assertEquals("ada.lovelace.1@example.com", ada.path("profile").path("email").asText());
        assertEquals("STAGED", ada.path("status").asText());
        assertEquals(5, okta.users().users().size());
    }

    @Test
    void aRehireIsTheDeprovisionedAccountWithOurEmployeeNumberActivatedAgain() throws Exception {
        company();
        ObjectNode old = okta.users().seed(profile("ada.old@example.com", "ada.old@example.com", "Ada", "Lovelace").put("employeeNumber", "1"),
                "DEPROVISIONED");
        assertTrue(fx.runFactorial().succeeded());
        ObjectNode ada = byEmployeeNumber().get("1");
        assertEquals(old.path("id").asText(), ada.path("id").asText(), "the same account");
        assertEquals("PROVISIONED", ada.path("status").asText(), "activated: no password yet, so PROVISIONED, as Okta designs it");
        assertEquals("ada.lovelace.1@example.com", ada.path("profile").path("email").asText(), "updated once active");
        assertEquals(1, okta.users().activationEmails(), "activation-email=true");
        int before = writes();
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(before, writes());
    }

    @Test
    void aStagedLeaverIsDeactivatedAndActivatedOnReturnAndADeletedPersonLosesAccess() throws Exception {
        company();
        fx.set("directories.okta.activation-email", "false");
        assertTrue(fx.runFactorial().succeeded());
        data.employeeById(1).put("active", false);
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("DEPROVISIONED", status("1"), "Okta suspends only ACTIVE users: a STAGED one is deactivated");
        assertEquals(0, okta.calls("POST /users/{id}/lifecycle/suspend"));
        data.employeeById(1).put("active", true);
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("PROVISIONED", status("1"), "we deactivated them: activated again");
        assertEquals(0, okta.users().activationEmails());

        data.employees.remove(data.employeeById(3));
        data.employeeById(2).putNull("manager_id");
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("DEPROVISIONED", status("3"), "deleted in the source (on-delete=suspend): without access");
        assertTrue(byEmployeeNumber().get("2").path("profile").path("managerId").isNull(), "the manager is cleared");
    }

    @Test
    void withOnDeleteDeleteADeletedPersonIsDeactivatedThenDeleted() throws Exception {
        company();
        fx.set("directories.okta.on-delete", "delete");
        assertTrue(fx.runFactorial().succeeded());
        data.employees.remove(data.employeeById(1));
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("DEPROVISIONED", status("1"), "suspended until directories.okta.delete-after (30d) has passed");
        fx.clock = Clock.offset(Clock.systemUTC(), Duration.ofDays(31));
        assertTrue(fx.runFactorial().succeeded());
        assertFalse(byEmployeeNumber().containsKey("1"), "gone from Okta");
        assertEquals(1, okta.calls("POST /users/{id}/lifecycle/deactivate"), "Okta deletes only a DEPROVISIONED user");
        assertEquals(1, okta.calls("DELETE /users/{id}"));
        assertEquals(0, count("SELECT count(*) FROM directory_links WHERE directory = 'okta' AND external_id = '1'"));
    }

    @Test
    void anActiveLeaverIsSuspendedAndUnsuspendedOnReturn() throws Exception {
        company();
        fx.set("directories.okta.initial-state", "ACTIVATED");
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("PROVISIONED", status("1"), "activated; PROVISIONED until Ada sets a password");
        assertEquals(3, okta.users().activationEmails());
        okta.users().completeActivation(byEmployeeNumber().get("1").path("id").asText());
        okta.users().completeActivation(byEmployeeNumber().get("2").path("id").asText());

        data.employeeById(1).put("active", false);
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("SUSPENDED", status("1"));
        data.employeeById(1).put("active", true);
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("ACTIVE", status("1"), "unsuspended");

        fx.set("directories.okta.on-disable", "deactivate");
        data.employeeById(2).put("active", false);
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("DEPROVISIONED", status("2"), "on-disable=deactivate");
        assertEquals(0, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:okta' AND status <> 'delivered'"));
    }

    @Test
    void aPreHireIsCreatedStagedAndActivatedOnTheirFirstDay() throws Exception {
        company();
        fx.set("directories.okta.initial-state", "ACTIVATED");
        LocalDate start = LocalDate.now(Clock.systemUTC()).plusDays(5);
        data.employees.add(FactorialData.employee(5, "Hedy", "Lamarr"));
        data.contractVersions.add(FactorialRecords.contractVersion(51, 5, start, start, "Inventor"));
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("STAGED", status("5"), "ready, without access");
        assertEquals("Inventor", byEmployeeNumber().get("5").path("profile").path("title").asText());

        fx.clock = Clock.offset(Clock.systemUTC(), Duration.ofDays(5));
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("PROVISIONED", status("5"), "their first day");
        assertEquals(4, okta.calls("POST /users"), "created once, on the first run");
    }

    @Test
    void a429WaitsUntilXRateLimitReset() throws Exception {
        company();
        Instant reset = Instant.now().plusSeconds(2);
        okta.fault("POST /users", 1, OktaSimulator.rateLimited(reset));
        long started = System.nanoTime();
        assertTrue(fx.runFactorial().succeeded());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(List.of("1", "2", "3"), byEmployeeNumber().keySet().stream().sorted().toList());
        assertEquals(0, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:okta' AND status <> 'delivered'"));
        assertTrue(took.toMillis() >= 900, "waited for the reset, not the 100ms schedule: " + took);
    }

    @Test
    void anotherRefusalIsDeadWithOktasSummaryAndCauses() throws Exception {
        company();
        okta.fault("POST /users", 1, OktaSimulator.error(400, "E0000001", "Api validation failed: email", "email: Does not match required pattern"));
        assertTrue(fx.runFactorial().succeeded());
        String errors = fx.query("SELECT last_error FROM webhook_deliveries WHERE endpoint = 'directory:okta' AND status = 'dead'").toString();
        assertTrue(errors.contains("Api validation failed: email") && errors.contains("email: Does not match required pattern")
                && errors.contains("E0000001"), errors);
        assertEquals(2, byEmployeeNumber().size(), "the others go on");
    }

    @Test
    void departmentsBecomeOktaGroupsWithTheirMembers() throws Exception {
        company();
        fx.set("directories.okta.groups", "true");
        assertTrue(fx.runFactorial().succeeded());
        List<ObjectNode> groups = okta.groups().groups();
        assertEquals(1, groups.size());
        assertEquals("Engineering", groups.get(0).path("profile").path("name").asText());
        assertEquals("OKTA_GROUP", groups.get(0).path("type").asText());
        String id = groups.get(0).path("id").asText();
        Map<String, ObjectNode> users = byEmployeeNumber();
        assertEquals(List.of(users.get("1").path("id").asText(), users.get("2").path("id").asText()).stream().sorted().toList(),
                okta.groups().members(id).stream().sorted().toList());
        data.teamById(7).putArray("employee_ids").add(1);
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(List.of(users.get("1").path("id").asText()), okta.groups().members(id));
    }

    @Test
    void planAndReconcilePageThroughOktaWithTheLinkHeader() throws Exception {
        company();
        for (int i = 0; i < 210; i++) {
            okta.users().seed(profile("someone" + i + "@example.com", "someone" + i + "@example.com", "Some", "One"), "ACTIVE");
        }
        fx.set("directories.okta.enabled", "false");
        assertTrue(fx.runFactorial().succeeded());
        fx.set("directories.okta.enabled", "true");
        SyncFixture.Cli plan = fx.runCli("directories", "plan", "okta");
        assertTrue(plan.out().contains("create ada.lovelace.1@example.com"), plan.out() + plan.err());
        assertEquals(0, writes(), "a plan writes nothing");
        assertTrue(fx.runFactorial().succeeded());
        okta.users().update(byEmployeeNumber().get("1").path("id").asText(), JSON.readTree("{\"profile\":{\"title\":\"Intern\"}}"));
        SyncFixture.Cli drift = fx.runCli("directories", "reconcile", "okta");
        assertEquals(1, drift.code(), drift.out() + drift.err());
        assertTrue(drift.out().contains("update ada.lovelace.1@example.com (title)"), drift.out());
        assertTrue(drift.out().contains("210 directory records are no source person's"), drift.out());
        assertTrue(okta.calls("GET /users") >= 2, "paged with after");
    }

    @Test
    void aRefusedTokenKeepsTheQueueAndTheTokenIsNeverPrinted() throws Exception {
        company();
        CapturedLogs<Boolean> run = CapturedLogs.during(() -> fx.runFactorial().succeeded());
        assertTrue(run.result());
        fx.set("directories.okta.enabled", "false");
        assertTrue(fx.runFactorial().succeeded());
        fx.set("directories.okta.enabled", "true");
        SyncFixture.Cli plan = fx.runCli("directories", "plan", "okta");
        SyncFixture.Cli live = fx.runCli("check", "--live");
        assertTrue(live.out().matches("(?s).*directory okta.*OK\\s+users.*"), live.out() + live.err());
        String all = run.text() + plan.out() + plan.err() + live.out() + live.err();
        assertFalse(all.contains(TOKEN), "the token is never printed");

        fx.set("directories.okta.api-token", "00wrong-token-Zz99");
        SyncFixture.Cli refused = fx.runCli("check", "--live");
        assertEquals(1, refused.code(), refused.out() + refused.err());
        assertTrue(refused.out().contains("Invalid token provided") && refused.out().contains("directories.okta.api-token"), refused.out());
        data.employeeById(1).put("last_name", "King");
        CapturedLogs<Boolean> denied = CapturedLogs.during(() -> fx.runFactorial().succeeded());
        assertTrue(denied.result());
        assertTrue(count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:okta' AND status = 'pending'") > 0, "the queue waits for the token");
        assertFalse(denied.text().contains("00wrong-token-Zz99"));
    }

    @Test
    void badOktaKeysAreRefusedNamingTheKey() throws Exception {
        company();
        fx.set("directories.okta.activation-email", "sometimes").set("directories.okta.on-disable", "delete");
        SyncFixture.Cli cli = fx.runCli("check");
        assertEquals(io.identitysync.cli.IdentitySync.BAD_CONFIGURATION, cli.code(), cli.out() + cli.err());
        assertTrue(cli.err().contains("directories.okta.activation-email") && cli.err().contains("directories.okta.on-disable"), cli.err());
        assertTrue(cli.err().contains("suspend or deactivate or ignore"), cli.err());
    }
}
