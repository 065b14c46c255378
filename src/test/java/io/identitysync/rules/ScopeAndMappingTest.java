package io.identitysync.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.IdentitySyncApp;
import io.identitysync.cli.IdentitySync;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialRecords;
import io.identitysync.simulators.jumpcloud.JumpCloudSimulator;
import io.identitysync.simulators.scim.ScimSimulator;
import io.identitysync.support.Child;
import io.identitysync.support.Companies;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scope and map rules (issue 31, parts 1 and 2) and sync.max-disable-ratio, through real runs, simulators and child processes. */
class ScopeAndMappingTest extends FixtureTest {

    private static final String JC_KEY = "jc-admin-key-3f9a21";
    private static final String SCIM_TOKEN = "scim-token-8d2e4b";
    private static final ObjectMapper JSON = new ObjectMapper();
    private JumpCloudSimulator jc;
    private ScimSimulator scim;

    @AfterEach
    void stopDirectories() {
        if (jc != null) {
            jc.close();
        }
        if (scim != null) {
            scim.close();
        }
    }

    private void jumpCloud() throws Exception {
        jc = new JumpCloudSimulator(0, JC_KEY);
        fx.set("directories.jc.type", "jumpcloud").set("directories.jc.url", jc.baseUrl()).set("directories.jc.api-token", JC_KEY)
                .set("directories.jc.connectors", "factorial").set("directories.retry-schedule", "100ms,100ms,100ms")
                .set("directories.jc.initial-state", "ACTIVATED");
    }

    private Map<String, ObjectNode> jumpCloudUsers() {
        return jc.directory().users().stream().filter(u -> u.has("employeeIdentifier"))
                .collect(Collectors.toMap(u -> u.path("employeeIdentifier").asText(), u -> u));
    }

    private SyncFixture.Cli child(String name, String... words) throws Exception {
        return Child.run(dir, name, Map.of(), List.of(fx.cli(words)));
    }

    @Test
    void aContractorRuleKeepsContractorsOutOfADirectoryAndScopeTestPrintsWhy() throws Exception {
        FactorialData data = Companies.engineering();
        data.contractVersions.add(FactorialRecords.contractVersion(12, 2, LocalDate.of(2021, 3, 1), LocalDate.of(2021, 3, 1), "Contractor"));
        fx = new SyncFixture(dir, data);
        jumpCloud();
        fx.set("directories.jc.scope", "${person.title} != 'Contractor'");
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertTrue(outcome.succeeded(), outcome.error());
        assertEquals(List.of("1", "3"), jumpCloudUsers().keySet().stream().sorted().toList(), "Alan, a contractor, is not created");
        assertEquals(1L, ((Number) fx.scalar("SELECT count(*) FROM users WHERE external_id = '2' AND deleted_at IS NULL")).longValue(),
                "out of a directory's scope is still synced");

        SyncFixture.Cli test = child("scope-test", "scope", "test", "--directory=jc");
        assertEquals(IdentitySync.OK, test.code(), test.err());
        assertTrue(test.out().contains("3 in, 1 out of 4 stored people"), test.out() + test.err());
        assertTrue(test.out().contains("out  factorial:2 alan.turing: out of scope (directories.jc.scope: ${person.title} != 'Contractor')"), test.out());
        assertTrue(test.out().contains("in   factorial:1 ada.lovelace"), test.out());

        // Grace becomes a contractor: a leaver for this directory (suspended), never deleted.
        data.contractVersions.add(FactorialRecords.contractVersion(13, 3, LocalDate.of(2022, 1, 3), LocalDate.of(2022, 1, 3), "Contractor"));
        assertTrue(fx.runFactorial().succeeded());
        ObjectNode grace = jumpCloudUsers().get("3");
        assertEquals("SUSPENDED", grace.path("state").asText(), grace.toString());
    }

    @Test
    void aScopeChangeThatWouldDisableFortyPercentIsRefusedUntilApproved() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(30, 3)).set("teamtailor.enabled", "false");
        assertTrue(fx.runFactorial().succeeded());
        long active = ((Number) fx.scalar("SELECT count(*) FROM users WHERE status <> 'disabled' AND deleted_at IS NULL")).longValue();
        // Twelve of thirty (40%) leave the scope: E00001 … E00012.
        fx.set("factorial.scope", "${person.employee_number} !regex 'E000(0[1-9]|1[0-2])'");
        IdentitySyncApp.RunOutcome refused = fx.runFactorial();
        assertEquals("refused", refused.status(), refused.error());
        assertTrue(refused.error().contains("more than sync.max-disable-ratio=0.2 allows"), refused.error());
        assertEquals(active, ((Number) fx.scalar("SELECT count(*) FROM users WHERE status <> 'disabled' AND deleted_at IS NULL")).longValue(),
                "nothing applied");

        SyncFixture.Cli approved = child("approve", "runs", "approve", refused.runId());
        assertEquals(IdentitySync.OK, approved.code(), approved.err());
        List<Map<String, Object>> left = fx.query("SELECT external_id, status, deleted_at FROM users WHERE employee_number <= 'E00012' "
                + "AND employee_number >= 'E00001'");
        assertEquals(12, left.size());
        left.forEach(row -> {
            assertEquals("disabled", row.get("status"), row.toString());
            assertNull(row.get("deleted_at"), "left the scope: disabled, never deleted");
        });
    }

    @Test
    void aDepartmentMappedFromACustomFieldReachesJumpCloudAndScim() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(20, 5));
        fx.set("factorial.resources", "employees,teams,locations,employments,custom_fields")
                .set("factorial.attributes.cost_center", "custom:Cost center")
                .set("factorial.map.department", "${person.attributes[cost_center]}")
                .set("factorial.map.title", "Senior ${person.title} (Platform)");
        jumpCloud();
        scim = new ScimSimulator(0, SCIM_TOKEN);
        fx.set("directories.sc.type", "scim").set("directories.sc.url", scim.baseUrl()).set("directories.sc.api-token", SCIM_TOKEN)
                .set("directories.sc.connectors", "factorial");
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertTrue(outcome.succeeded(), outcome.error());
        ObjectNode ada = jumpCloudUsers().get("1");
        assertEquals("CC-101", ada.path("department").asText(), ada.toString());
        assertTrue(ada.path("jobTitle").asText().matches("Senior .+ \\(Platform\\)"), ada.toString());
        JsonNode scimAda = scim.directory().users().stream().filter(u -> u.path("externalId").asText().equals("1")).findFirst().orElseThrow();
        assertEquals("CC-101", scimAda.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").path("department").asText(), scimAda.toString());
    }

    @Test
    void oneLegalEntityGoesToJumpCloudFromTheSourceRecordAndADirectoryMapsItsOwnDepartment() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(20, 5));
        // The legal entity is in Factorial's employee record only: a connector map keeps it, the directory's scope reads it.
        fx.set("factorial.map.legal_entity", "${record.legal_entity_id}");
        jumpCloud();
        fx.set("directories.jc.scope", "${person.attributes.legal_entity} == '1'")
                .set("directories.jc.map.department", "Entity ${person.attributes.legal_entity}");
        scim = new ScimSimulator(0, SCIM_TOKEN);
        fx.set("directories.sc.type", "scim").set("directories.sc.url", scim.baseUrl()).set("directories.sc.api-token", SCIM_TOKEN)
                .set("directories.sc.connectors", "factorial");
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertTrue(outcome.succeeded(), outcome.error());
        Map<String, ObjectNode> inJumpCloud = jumpCloudUsers();
        List<Map<String, Object>> entityOne = fx.query("SELECT external_id FROM users WHERE attributes LIKE '%\"legal_entity\":\"1\"%' AND status = 'active'");
        assertFalse(entityOne.isEmpty());
        assertEquals(entityOne.stream().map(r -> (String) r.get("external_id")).collect(Collectors.toSet()), inJumpCloud.keySet());
        inJumpCloud.values().forEach(u -> assertEquals("Entity 1", u.path("department").asText(), u.toString()));
        // The other directory has no rules: everyone active, with their department as the source gives it.
        assertTrue(scim.directory().users().size() > inJumpCloud.size());
        scim.directory().users().forEach(u -> assertFalse(u.toString().contains("Entity 1"), u.toString()));
        String why = (String) fx.scalar("SELECT detail FROM person_decisions WHERE decision = 'out_of_scope' AND detail LIKE '%directories.jc.scope%' LIMIT 1");
        assertTrue(why != null && why.contains("out of scope (directories.jc.scope: ${person.attributes.legal_entity} == '1')"), why);
    }

    @Test
    void aFailingExpressionSkipsThatPersonWithTheReasonNeverTheRun() throws Exception {
        fx = new SyncFixture(dir, Companies.engineering());
        // Ada's given name has three letters: substring(4) fails for her alone.
        fx.set("factorial.map.nickname", "${person.given_name.substring(4)}");
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertTrue(outcome.succeeded(), outcome.error());
        assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM users WHERE external_id = '1'")).longValue());
        assertEquals(3L, ((Number) fx.scalar("SELECT count(*) FROM users")).longValue());
        String reason = (String) fx.scalar("SELECT detail FROM person_decisions WHERE external_id = '1' AND decision = 'skipped' ORDER BY id DESC LIMIT 1");
        assertTrue(reason.startsWith("factorial.map.nickname: simple failed:"), reason);
        JsonNode grace = JSON.readTree((String) fx.scalar("SELECT attributes FROM users WHERE external_id = '3'"));
        assertEquals("e", grace.path("nickname").asText());
    }

    @Test
    void aUsernameTemplateIsFoldedAndACollisionStillNumbered() throws Exception {
        fx = new SyncFixture(dir, Companies.engineering());
        fx.set("factorial.map.username", "Staff.${person.status}");
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(List.of("staff.active", "staff.active1", "staff.active2", "staff.disabled"),
                fx.query("SELECT username FROM users ORDER BY external_id").stream().map(r -> (String) r.get("username")).toList());
    }

    @Test
    void invalidExpressionsAreExitTwoNamingTheKeyAndCamelsParseError() throws Exception {
        fx = new SyncFixture(dir, Companies.engineering());
        fx.set("factorial.scope", "${person.title == 'x'").set("factorial.map.title", "jsonpath:$.person[?(@.title ==")
                .set("directories.gw.type", "jumpcloud").set("directories.gw.api-token", "k").set("directories.gw.scope", "jq:.person.title")
                .set("directories.gw.on-out-of-scope", "delete");
        SyncFixture.Cli cli = child("invalid", "--once");
        assertEquals(IdentitySync.BAD_CONFIGURATION, cli.code(), cli.out() + cli.err());
        assertTrue(cli.err().contains("factorial.scope: Camel's simple cannot parse it:"), cli.err());
        assertTrue(cli.err().contains("factorial.map.title: Camel's jsonpath cannot parse"), cli.err());
        assertTrue(cli.err().contains("directories.gw.scope: jq: expressions are not available"), cli.err());
        assertTrue(cli.err().contains("directories.gw.on-out-of-scope: must be disable or ignore, was 'delete'"), cli.err());
        assertFalse(cli.err().contains("Exception"), cli.err());
    }
}
