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
import io.identitysync.simulators.Fault;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialRecords;
import io.identitysync.simulators.scim.ScimDirectory;
import io.identitysync.simulators.scim.ScimSimulator;
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

    /** Grace as the provider already holds her, with what only the provider keeps: a home email, a phone, an address. */
    private void graceHeldByTheProvider() {
        ObjectNode grace = JSON.createObjectNode();
        grace.putArray("schemas").add(ScimDirectory.USER_SCHEMA);
        grace.put("userName", "grace.hopper").put("active", true);
        grace.putArray("emails").addObject().put("value", "grace@home.example.org").put("type", "home").put("primary", true);
        grace.putArray("phoneNumbers").addObject().put("value", "+1 555 0100").put("type", "work");
        grace.putArray("addresses").addObject().put("locality", "Arlington").put("type", "home");
        scim.directory().create("Users", grace);
    }

    private ObjectNode grace() {
        return scim.directory().users().stream().filter(u -> u.path("userName").asText().equals("grace.hopper")).findFirst().orElseThrow();
    }

    private static List<String> emails(ObjectNode user, String type) {
        return java.util.stream.StreamSupport.stream(user.path("emails").spliterator(), false).filter(e -> e.path("type").asText().equals(type))
                .map(e -> e.path("value").asText()).toList();
    }

    /** What only the provider holds is still there: the home email, the phone, the address. */
    private void providerAttributesKept(ObjectNode user) {
        assertEquals(List.of("grace@home.example.org"), emails(user, "home"), user.toString());
        assertEquals("+1 555 0100", user.path("phoneNumbers").path(0).path("value").asText(), user.toString());
        assertEquals("Arlington", user.path("addresses").path(0).path("locality").asText(), user.toString());
    }

    @Test
    void patchingTheWorkEmailKeepsTheProvidersOtherEmailsAndPhones() throws Exception {
        company(false);
        graceHeldByTheProvider();
        ObjectNode before = grace();
        assertTrue(fx.runFactorial().succeeded());
        ObjectNode adopted = grace();
        assertEquals(List.of(data.employeeById(3).path("email").asText()), emails(adopted, "work"), "our address added as the work email");
        providerAttributesKept(adopted);
        assertEquals(1, adopted.path("emails").findValues("primary").stream().filter(JsonNode::asBoolean).count(), "one primary (RFC 7643 §2.4)");
        checkedByUnboundId(before, adopted);

        data.employeeById(3).put("email", "grace.hopper@navy.example.mil");
        assertTrue(fx.runFactorial().succeeded());
        ObjectNode after = grace();
        assertEquals(List.of("grace.hopper@navy.example.mil"), emails(after, "work"));
        providerAttributesKept(after);
        List<JsonNode> received = scim.directory().received();
        JsonNode last = received.get(received.size() - 1);
        assertEquals("emails[type eq \"work\"].value", last.path("Operations").path(0).path("path").asText(), last.toString());
        assertEquals(1, last.path("Operations").size(), "only the email changed");
        checkedByUnboundId(adopted, after);

        // A person whose address is gone: the PATCH and the PUT remove our value only.
        ObjectNode desired = ScimUserResource.of("3", JSON.createObjectNode().put("given_name", "Grace"), true, null, null);
        List<String> changed = ScimUserResource.changed(desired, after);
        assertTrue(changed.contains("emails"), changed.toString());
        ObjectNode merged = ScimUserResource.merged(after, desired, changed);
        assertEquals(List.of(), emails(merged, "work"));
        providerAttributesKept(merged);
        scim.directory().patch("Users", after.path("id").asText(), ScimUserResource.patch(desired, changed, after));
        ObjectNode removed = grace();
        assertEquals(List.of(), emails(removed, "work"), "only our address is removed");
        providerAttributesKept(removed);
        checkedByUnboundId(after, removed);
    }

    /** The last PATCH of an email, as UnboundID's SCIM 2 SDK applies it to what the provider had, gives what the provider now holds. */
    private void checkedByUnboundId(ObjectNode had, ObjectNode has) throws Exception {
        List<JsonNode> emailPatches = scim.directory().received().stream()
                .filter(b -> b.path("Operations").findValuesAsText("path").stream().anyMatch(p -> p.startsWith("emails"))).toList();
        PatchRequest patch = JsonUtils.getObjectReader().treeToValue(emailPatches.get(emailPatches.size() - 1), PatchRequest.class);
        GenericScimResource expected = new GenericScimResource(had.deepCopy());
        patch.apply(expected);
        ObjectNode theirs = expected.getObjectNode();
        // RFC 7644 §3.5.2: a value set primary makes the server clear the others' primary; UnboundID's apply leaves that to the server.
        int primaries = 0;
        for (JsonNode e : theirs.path("emails")) {
            primaries += e.path("primary").asBoolean(false) ? 1 : 0;
        }
        if (primaries > 1) {
            theirs.path("emails").forEach(e -> {
                if (!e.path("type").asText().equals("work") && e.has("primary")) {
                    ((ObjectNode) e).put("primary", false);
                }
            });
        }
        ObjectNode ours = has.deepCopy();
        theirs.remove("meta");
        ours.remove("meta");
        assertEquals(JSON.readTree(theirs.toString()), JSON.readTree(ours.toString()), "the simulator applies the PATCH as UnboundID's SDK does");
    }

    @Test
    void withoutPatchThePutCarriesTheProvidersOwnAttributesBack() throws Exception {
        company(false);
        scim.patchSupported(false);
        graceHeldByTheProvider();
        assertTrue(fx.runFactorial().succeeded());
        providerAttributesKept(grace());
        assertEquals(List.of(data.employeeById(3).path("email").asText()), emails(grace(), "work"));

        data.employeeById(3).put("email", "grace.hopper@navy.example.mil").put("full_name", "Amazing Grace");
        assertTrue(fx.runFactorial().succeeded());
        ObjectNode after = grace();
        assertEquals(List.of("grace.hopper@navy.example.mil"), emails(after, "work"));
        assertEquals("Amazing Grace", after.path("displayName").asText());
        providerAttributesKept(after);
        assertEquals(0, scim.calls("PATCH /Users/{id}"));
        List<JsonNode> received = scim.directory().received();
        UserResource put = JsonUtils.getObjectReader().treeToValue(received.get(received.size() - 1), UserResource.class);
        assertEquals("grace.hopper", put.getUserName(), "the whole User, userName included");
        assertEquals(1, put.getPhoneNumbers().size());
    }

    @Test
    void aStrictProviderThatTakesOnlyScimJsonIsServed() throws Exception {
        company(true);
        scim.strictMediaType(true);
        IdentitySyncApp.RunOutcome run = fx.runFactorial();
        assertTrue(run.succeeded(), run.status() + ": " + run.error());
        assertEquals(3, scim.directory().users().size(), "every request carried application/scim+json");
        assertEquals(1, scim.directory().groups().size());
        assertEquals(0, ((Number) fx.scalar("SELECT count(*) FROM webhook_deliveries WHERE status = 'dead'")).intValue());

        java.net.http.HttpResponse<String> plain = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(scim.baseUrl() + "/Users")).header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"schemas\":[\"" + ScimDirectory.USER_SCHEMA + "\"],\"userName\":\"x\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(415, plain.statusCode());
        JsonNode error = JSON.readTree(plain.body());
        assertEquals("415", error.path("status").asText());
        assertTrue(error.path("status").isTextual(), "status is a string (RFC 7644 §3.12)");
        assertEquals("urn:ietf:params:scim:api:messages:2.0:Error", error.path("schemas").path(0).asText());
        assertTrue(error.path("detail").asText().contains("application/scim+json"), error.toString());
    }

    @Test
    void aRefusedChangeKeepsTheProvidersWordsAndScimType() throws Exception {
        company(false);
        scim.fault("POST /Users", 1, new Fault(Fault.Kind.ANSWER, 400, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
                + "\"status\":\"400\",\"scimType\":\"invalidValue\",\"detail\":\"title is too long for this tenant\"}",
                Map.of("Content-Type", "application/scim+json"), 0));
        assertTrue(fx.runFactorial().succeeded());
        String error = (String) fx.scalar("SELECT last_error FROM webhook_deliveries WHERE status = 'dead'");
        assertTrue(error != null && error.endsWith(": HTTP 400 (title is too long for this tenant; scimType invalidValue)"), error);
    }

    @Test
    void aRefusedTokenIsReportedWithTheKeyToCheck() throws Exception {
        company(false);
        fx.set("directories.okta.api-token", "wrong-token-0000");
        SyncFixture.Cli plan = fx.runCli("directories", "reconcile", "okta");
        assertTrue(plan.err().contains("HTTP 401 (Authorization failure. The authorization header is invalid or missing.); check directories.okta.api-token"),
                plan.out() + plan.err());
        assertFalse((plan.out() + plan.err()).contains("wrong-token-0000"), "no secret in the output");
    }
}
