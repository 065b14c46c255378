package io.identitysync.destinations.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.types.EnterpriseUserExtension;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.identitysync.IdentitySyncApp;
import io.identitysync.simulator.Fault;
import io.identitysync.sources.factorial.FactorialData;
import io.identitysync.sources.factorial.FactorialRecords;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Factorial → our store → a SCIM 2.0 service provider, with what we send checked by UnboundID's SCIM 2 SDK: every
 * User we send parses as its UserResource with the enterprise extension, every PATCH as its PatchRequest.
 */
class ScimDirectoryTest extends FixtureTest {

    private static final String TOKEN = "scim-bearer-token-51c2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private ScimSimulator scim;
    private FactorialData data;

    private void company(boolean groups) throws Exception {
        data = Companies.engineering();
        fx = new SyncFixture(dir, data);
        scim = new ScimSimulator(0, TOKEN);
        fx.set("directories.okta.type", "scim").set("directories.okta.url", scim.baseUrl()).set("directories.okta.api-token", TOKEN)
                .set("directories.okta.connectors", "factorial").set("directories.okta.groups", Boolean.toString(groups));
    }

    @AfterEach
    void stopScim() {
        if (scim != null) {
            scim.close();
        }
    }

    private Map<String, ObjectNode> byExternalId() {
        return scim.directory().users().stream().filter(u -> u.has("externalId")).collect(Collectors.toMap(u -> u.path("externalId").asText(), u -> u));
    }

    private int writes() {
        return scim.calls("POST /Users") + scim.calls("PUT /Users/{id}") + scim.calls("PATCH /Users/{id}") + scim.calls("DELETE /Users/{id}");
    }

    @Test
    void activePeopleAreCreatedAsScimUsersThatAnotherImplementationReads() throws Exception {
        company(false);
        IdentitySyncApp.RunOutcome first = fx.runFactorial();
        assertTrue(first.succeeded(), first.status() + ": " + first.error());
        assertEquals(List.of("1", "2", "3"), byExternalId().keySet().stream().sorted().toList(), "an inactive person is not created");
        List<JsonNode> posted = scim.directory().received().stream().filter(b -> b.has("userName")).toList();
        assertEquals(3, posted.size(), "created once each");
        for (JsonNode body : posted) {
            UserResource user = JsonUtils.getObjectReader().treeToValue(body, UserResource.class);
            assertTrue(user.getUserName().matches("[a-z]+\\.[a-z]+"), user.getUserName());
            assertEquals("work", user.getEmails().get(0).getType());
            assertTrue(user.getEmails().get(0).getPrimary());
            assertTrue(user.getActive());
            assertEquals(user.getExternalId(), user.getExtension(EnterpriseUserExtension.class).getEmployeeNumber());
        }
        UserResource alan = JsonUtils.getObjectReader().treeToValue(byExternalId().get("2"), UserResource.class);
        assertEquals("alan.turing", alan.getUserName());
        assertEquals("Turing", alan.getName().getFamilyName());
        assertEquals("Engineering", alan.getExtension(EnterpriseUserExtension.class).getDepartment());
        assertEquals(byExternalId().get("3").path("id").asText(), alan.getExtension(EnterpriseUserExtension.class).getManager().getValue(),
                "the manager, created after, is linked once known");
    }

    @Test
    void aPersonAlreadyThereIsMatchedBeforeCreateAndChangesArePatchedAsRfc7644Says() throws Exception {
        company(false);
        ObjectNode existing = JSON.createObjectNode();
        existing.putArray("schemas").add(ScimDirectory.USER_SCHEMA);
        existing.put("userName", "grace.hopper").put("active", true);
        scim.directory().create("Users", existing);
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(3, scim.directory().users().size(), "matched by userName, linked, not duplicated");
        assertEquals("3", scim.directory().users().stream().filter(u -> u.path("userName").asText().equals("grace.hopper")).findFirst()
                .orElseThrow().path("externalId").asText());

        int before = writes();
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(before, writes(), "no change, no write");

        ObjectNode ada = byExternalId().get("1");
        data.employeeById(1).put("full_name", "Ada King");
        data.contractVersions.get(0).putNull("job_title");
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(before + 1, writes(), "one PATCH");
        List<JsonNode> received = scim.directory().received();
        PatchRequest patch = JsonUtils.getObjectReader().treeToValue(received.get(received.size() - 1), PatchRequest.class);
        List<PatchOperation> ops = patch.getOperations();
        assertEquals(2, ops.size(), ops.toString());
        // Applied by UnboundID's implementation to what the provider had, the patch gives what the provider now holds.
        GenericScimResource expected = new GenericScimResource(ada.deepCopy());
        patch.apply(expected);
        ObjectNode now = byExternalId().get("1");
        assertEquals(now.path("displayName").asText(), expected.getObjectNode().path("displayName").asText());
        assertEquals("Ada King", now.path("displayName").asText());
        assertFalse(now.has("title"), "a value no longer there is removed");
        assertFalse(expected.getObjectNode().has("title"));
    }

    @Test
    void withoutPatchTheWholeUserIsPutAndALeaverIsDeactivatedThenActivatedAgain() throws Exception {
        company(false);
        scim.patchSupported(false);
        assertTrue(fx.runFactorial().succeeded());
        data.employeeById(1).put("active", false);
        assertTrue(fx.runFactorial().succeeded());
        assertFalse(byExternalId().get("1").path("active").asBoolean());
        assertEquals(0, scim.calls("PATCH /Users/{id}"), "the provider said it has no PATCH");
        assertTrue(scim.calls("PUT /Users/{id}") > 0);
        data.employeeById(1).put("active", true);
        assertTrue(fx.runFactorial().succeeded());
        assertTrue(byExternalId().get("1").path("active").asBoolean());
        assertEquals("ada.lovelace", byExternalId().get("1").path("userName").asText(), "a PUT keeps the userName");
    }

    @Test
    void departmentsBecomeGroupsWithTheirMembers() throws Exception {
        company(true);
        assertTrue(fx.runFactorial().succeeded());
        List<ObjectNode> groups = scim.directory().groups();
        assertEquals(1, groups.size());
        assertEquals("Engineering", groups.get(0).path("displayName").asText());
        List<String> members = groups.get(0).path("members").findValuesAsText("value").stream().sorted().toList();
        assertEquals(List.of(byExternalId().get("1").path("id").asText(), byExternalId().get("2").path("id").asText()).stream().sorted().toList(), members);
        data.teamById(7).putArray("employee_ids").add(1);
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(List.of(byExternalId().get("1").path("id").asText()), scim.directory().groups().get(0).path("members").findValuesAsText("value"));
    }

    @Test
    void aForbiddenAnswerPausesTheDirectoryAndTheNextStartGoesOn() throws Exception {
        company(false);
        scim.fault("GET /Users", 1, Fault.status(403));
        assertTrue(fx.runFactorial().succeeded());
        assertTrue(scim.directory().users().isEmpty());
        assertTrue(((Number) fx.scalar("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:okta' AND status = 'pending'")).intValue() > 0,
                "the queue waits for the key");
        assertEquals(0, ((Number) fx.scalar("SELECT count(*) FROM webhook_deliveries WHERE status = 'dead'")).intValue(), "nothing is dead");
        SyncFixture.Cli next = fx.runCli("--once");
        assertEquals(0, next.code(), next.err());
        assertEquals(3, scim.directory().users().size());
    }

    @Test
    void aRefusedTokenKeepsTheQueue() throws Exception {
        company(false);
        fx.set("directories.okta.api-token", "wrong-token-0000");
        assertTrue(fx.runFactorial().succeeded());
        assertTrue(scim.directory().users().isEmpty());
        assertTrue(((Number) fx.scalar("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:okta' AND status = 'pending'")).intValue() > 0);
    }

    @Test
    void reconcilePagesThroughTheWholeDirectoryAndPutsBackWhatWasChangedByHand() throws Exception {
        company(false);
        for (int i = 0; i < 150; i++) {
            ObjectNode other = JSON.createObjectNode();
            other.putArray("schemas").add(ScimDirectory.USER_SCHEMA);
            scim.directory().create("Users", other.put("userName", "someone.else" + i));
        }
        assertTrue(fx.runFactorial().succeeded());
        String adaId = byExternalId().get("1").path("id").asText();
        ObjectNode patch = JSON.createObjectNode();
        patch.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
        patch.putArray("Operations").addObject().put("op", "replace").set("value", JSON.createObjectNode().put("title", "Intern"));
        scim.directory().patch("Users", adaId, patch);

        SyncFixture.Cli drift = fx.runCli("directories", "reconcile", "okta");
        assertEquals(1, drift.code(), drift.out() + drift.err());
        assertTrue(drift.out().contains("factorial 1: update ada.lovelace (title)"), drift.out());
        assertTrue(drift.out().contains("150 directory records are no source person's"), drift.out());
        assertTrue(scim.calls("GET /Users") >= 2, "paged with startIndex and count");
        assertEquals(0, fx.runCli("directories", "reconcile", "okta", "--apply").code());
        assertEquals("Engineer", byExternalId().get("1").path("title").asText());
    }

    @Test
    void aPreHireIsCreatedInactiveAndMadeActiveOnTheirFirstDay() throws Exception {
        company(false);
        LocalDate start = LocalDate.now(Clock.systemUTC()).plusDays(5);
        data.employees.add(FactorialData.employee(5, "Hedy", "Lamarr"));
        data.contractVersions.add(FactorialRecords.contractVersion(51, 5, start, start, "Inventor"));
        assertTrue(fx.runFactorial().succeeded());
        assertFalse(byExternalId().get("5").path("active").asBoolean(), "ready, without access");

        fx.clock = Clock.offset(Clock.systemUTC(), Duration.ofDays(5));
        assertTrue(fx.runFactorial().succeeded());
        assertTrue(byExternalId().get("5").path("active").asBoolean(), "their first day");
    }
}
