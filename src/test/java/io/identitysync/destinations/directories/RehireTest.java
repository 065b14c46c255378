package io.identitysync.destinations.directories;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.jumpcloud.JumpCloudSimulator;
import io.identitysync.support.Companies;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A person who comes back (<prefix>rehire, <prefix>match-on): Factorial → our store → JumpCloud, on the simulators. */
class RehireTest extends FixtureTest {

    private static final String KEY = "jc-admin-key-rehire-7d1";
    private JumpCloudSimulator jc;
    private FactorialData data;

    private void company() throws Exception {
        data = Companies.engineering();
        fx = new SyncFixture(dir, data);
        jc = new JumpCloudSimulator(0, KEY);
        fx.set("directories.jc.type", "jumpcloud").set("directories.jc.url", jc.baseUrl()).set("directories.jc.api-token", KEY)
                .set("directories.jc.initial-state", "ACTIVATED").set("directories.jc.connectors", "factorial")
                .set("directories.retry-schedule", "100ms,100ms,100ms");
    }

    @AfterEach
    void stopJumpCloud() {
        if (jc != null) {
            jc.close();
        }
    }

    private List<ObjectNode> named(String username) {
        return jc.directory().users().stream().filter(u -> u.path("username").asText().startsWith(username)).toList();
    }

    private List<Object> events(String externalId) throws Exception {
        return fx.query("SELECT type FROM events WHERE subject_id = '" + externalId + "' ORDER BY seq").stream().map(r -> r.get("type")).toList();
    }

    @Test
    void aTerminatedThenUnterminatedPersonKeepsTheirUsernameAndAccount() throws Exception {
        company();
        assertTrue(fx.runFactorial().succeeded());
        String account = named("ada.lovelace").get(0).path("_id").asText();
        data.employeeById(1).put("active", false);
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("SUSPENDED", named("ada.lovelace").get(0).path("state").asText());

        data.employeeById(1).put("active", true);
        assertTrue(fx.runFactorial().succeeded());
        List<ObjectNode> ada = named("ada.lovelace");
        assertEquals(1, ada.size(), "the same account, no second one");
        assertEquals(account, ada.get(0).path("_id").asText());
        assertEquals("ACTIVATED", ada.get(0).path("state").asText(), "unsuspended");
        assertEquals("ada.lovelace", fx.scalar("SELECT username FROM users WHERE external_id = '1'"));
        assertEquals(List.of("user.created", "user.disabled", "user.enabled"), events("1"));
    }

    @Test
    void aPersonReCreatedUnderANewIdWithTheSameWorkEmailIsTheirEarlierIdentity() throws Exception {
        company();
        assertTrue(fx.runFactorial().succeeded());
        String account = named("ada.lovelace").get(0).path("_id").asText();
        ObjectNode before = data.employeeById(1);
        data.employees.remove(before);
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("SUSPENDED", named("ada.lovelace").get(0).path("state").asText(), "deleted in the source: suspended");

        // HR makes a new record for her: a new id, the same work email (in another case).
        data.employees.add(FactorialData.employee(9, "Ada", "Lovelace").put("email", before.path("email").asText().toUpperCase()));
        assertTrue(fx.runFactorial().succeeded());
        List<ObjectNode> ada = named("ada.lovelace");
        assertEquals(1, ada.size(), "no second account: " + ada);
        assertEquals(account, ada.get(0).path("_id").asText());
        assertEquals("ACTIVATED", ada.get(0).path("state").asText());
        assertEquals("9", ada.get(0).path("employeeIdentifier").asText(), "the account now carries the new id");
        assertEquals("ada.lovelace", fx.scalar("SELECT username FROM users WHERE external_id = '9'"));
        assertEquals("ada.lovelace~1", fx.scalar("SELECT username FROM users WHERE external_id = '1'"), "the earlier row keeps its history");
        assertEquals(List.of("user.enabled"), events("9"), "user.enabled, not user.created");
        assertEquals(1, ((Number) fx.scalar("SELECT count(*) FROM directory_links WHERE directory = 'jc' AND external_id = '9'")).intValue());
        assertEquals(0, ((Number) fx.scalar("SELECT count(*) FROM directory_links WHERE directory = 'jc' AND external_id = '1'")).intValue());

        SyncFixture.Cli show = fx.runCli("people", "show", "factorial:9");
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("rehired") && show.out().contains("the earlier identity of 1"), show.out());
    }

    @Test
    void matchOnAnotherAttributeAndRehireNewMakesANewPerson() throws Exception {
        company();
        fx.set("factorial.match-on", "employee_number");
        assertTrue(fx.runFactorial().succeeded());
        ObjectNode before = data.employeeById(2);
        data.employees.remove(before);
        assertTrue(fx.runFactorial().succeeded());
        // A new address, the same employee number: matched on employee_number.
        data.employees.add(FactorialData.employee(10, "Alan", "Turing").put("company_identifier", before.path("company_identifier").asText()));
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("alan.turing", fx.scalar("SELECT username FROM users WHERE external_id = '10'"));
        assertEquals(List.of("user.enabled"), events("10"));

        fx.set("factorial.rehire", "new");
        ObjectNode grace = data.employeeById(3);
        data.employees.remove(grace);
        assertTrue(fx.runFactorial().succeeded());
        // The same employee number, a new address (the directory would adopt a record with the same email: its own rule).
        data.employees.add(FactorialData.employee(11, "Grace", "Hopper").put("company_identifier", grace.path("company_identifier").asText()));
        var outcome = fx.runFactorial();
        assertTrue(outcome.succeeded(), outcome.toString());
        assertEquals("grace.hopper1", fx.scalar("SELECT username FROM users WHERE external_id = '11'"), "a new person, numbered");
        assertEquals(List.of("user.created"), events("11"));
        assertEquals(2, named("grace.hopper").size(), "a second account: " + named("grace.hopper"));
    }

    @Test
    void anApprovedRunRehiresAsItsConnectorSays() throws Exception {
        company();
        fx.set("factorial.rehire", "new");
        for (int id = 20; id < 30; id++) {
            data.employees.add(FactorialData.employee(id, "Person", "Number" + id));
        }
        assertTrue(fx.runFactorial().succeeded());
        ObjectNode grace = data.employeeById(3);
        data.employees.remove(grace);
        assertTrue(fx.runFactorial().succeeded());
        // Grace is back under a new id with her work email, in the same run as six people leaving: refused, then approved.
        data.employees.add(FactorialData.employee(11, "Grace", "Hopper").put("email", grace.path("email").asText()));
        data.employees.removeIf(e -> e.path("id").asInt() >= 20 && e.path("id").asInt() < 26);
        var refused = fx.runFactorial();
        assertEquals("refused", refused.status(), refused.toString());
        SyncFixture.Cli approve = fx.runCli("runs", "approve", refused.runId());
        assertEquals(0, approve.code(), approve.out() + approve.err());
        assertEquals(List.of("user.created"), events("11"), "factorial.rehire=new holds for the approved run too");
        assertEquals("grace.hopper1", fx.scalar("SELECT username FROM users WHERE external_id = '11'"));
    }

    @Test
    void anInvalidRehireIsExit2NamingTheKey() throws Exception {
        company();
        fx.set("factorial.rehire", "revive");
        SyncFixture.Cli check = fx.runCli("check");
        assertEquals(2, check.code(), check.out() + check.err());
        assertTrue(check.err().contains("factorial.rehire") && check.err().contains("reactivate or new"), check.err());
    }
}
