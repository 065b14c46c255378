package io.identitysync.destinations.googleworkspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.googleworkspace.GoogleWorkspaceSimulator;
import io.identitysync.support.CapturedLogs;
import io.identitysync.support.Companies;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Departments as Google groups ({@code groups=true}): Factorial's team 7, Engineering, with Ada and Alan. */
class GoogleWorkspaceGroupsTest extends FixtureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADA = "ada.lovelace.1@example.com";
    private static final String ALAN = "alan.turing.2@example.com";
    private GoogleWorkspaceSimulator gw;
    private FactorialData data;

    private void company() throws Exception {
        data = Companies.engineering();
        fx = new SyncFixture(dir, data);
        KeyPair pair = GoogleWorkspaceDirectoryTest.rsa();
        gw = new GoogleWorkspaceSimulator(0, pair.getPublic(), GoogleWorkspaceDirectoryTest.CLIENT_EMAIL, GoogleWorkspaceDirectoryTest.ADMIN);
        Path keyFile = dir.resolve("gw-service-account.json");
        Files.writeString(keyFile, GoogleWorkspaceDirectoryTest.keyFile(pair, gw.tokenUri()));
        fx.set("directories.gw.type", "google-workspace").set("directories.gw.url", gw.baseUrl())
                .set("directories.gw.credentials-file", keyFile.toString()).set("directories.gw.admin-email", GoogleWorkspaceDirectoryTest.ADMIN)
                .set("directories.gw.domain", "example.com").set("directories.gw.connectors", "factorial")
                .set("directories.gw.groups", "true").set("directories.retry-schedule", "100ms,100ms,100ms");
    }

    @AfterEach
    void stopGoogle() {
        if (gw != null) {
            gw.close();
        }
    }

    private int groupWrites() {
        return gw.calls("POST /groups") + gw.calls("PATCH /groups/{key}") + gw.calls("PUT /groups/{key}") + gw.calls("DELETE /groups/{key}")
                + gw.calls("POST /groups/{key}/members") + gw.calls("DELETE /groups/{key}/members/{memberKey}");
    }

    private int undelivered() throws Exception {
        return ((Number) fx.scalar("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:gw' AND status <> 'delivered'")).intValue();
    }

    private static List<String> sorted(List<String> l) {
        return l.stream().sorted().toList();
    }

    @Test
    void aDepartmentBecomesAGroupWithItsMembersAndASecondRunWritesNothing() throws Exception {
        company();
        assertTrue(fx.runFactorial().succeeded());
        List<ObjectNode> groups = gw.groups().groups();
        assertEquals(1, groups.size(), groups.toString());
        ObjectNode engineering = groups.get(0);
        assertEquals("engineering@example.com", engineering.path("email").asText());
        assertEquals("Engineering", engineering.path("name").asText());
        assertEquals(List.of(ADA, ALAN), sorted(gw.groups().memberEmails("engineering@example.com")));
        assertEquals("2", gw.groups().get("engineering@example.com").path("directMembersCount").asText());
        assertEquals(String.join(" ", ServiceAccountKey.scopes(true)), gw.lastScope(), "the group scopes, asked for with groups on");
        assertEquals(0, undelivered());

        int before = groupWrites();
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(before, groupWrites(), "no change, no group write");
        assertEquals(1, gw.groups().groups().size());
    }

    @Test
    void aMembershipRemovedLeavesTheGroupAndARenameChangesTheNameOnly() throws Exception {
        company();
        assertTrue(fx.runFactorial().succeeded());
        data.teamById(7).putArray("employee_ids").add(1);
        data.teamById(7).put("name", "R&D Engineering");
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(List.of(ADA), gw.groups().memberEmails("engineering@example.com"));
        ObjectNode group = gw.groups().get("engineering@example.com");
        assertEquals("R&D Engineering", group.path("name").asText(), "renamed");
        assertEquals("engineering@example.com", group.path("email").asText(), "the address stays");
        assertEquals(1, gw.groups().groups().size());
        assertEquals(0, undelivered());
    }

    @Test
    void anExistingGroupIsAdoptedByItsEmail() throws Exception {
        company();
        gw.groups().insert(JSON.createObjectNode().put("email", "engineering@example.com").put("name", "Eng (old name)"));
        gw.users().seed(user(ALAN, "Alan", "Turing"));
        gw.groups().addMember("engineering@example.com", JSON.createObjectNode().put("email", ALAN).put("role", "MEMBER"));
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(1, gw.groups().groups().size(), "adopted, not duplicated");
        assertEquals(List.of(ADA, ALAN), sorted(gw.groups().memberEmails("engineering@example.com")), "Alan, already in, is kept once");
        assertEquals(1, ((Number) fx.scalar("SELECT count(*) FROM directory_links WHERE directory = 'gw' AND kind = 'group' AND adopted = 1")).intValue());
        assertEquals(0, undelivered());
    }

    @Test
    void anExistingGroupIsAdoptedByItsExactName() throws Exception {
        company();
        gw.groups().insert(JSON.createObjectNode().put("email", "eng-team@example.com").put("name", "Engineering"));
        gw.groups().insert(JSON.createObjectNode().put("email", "engineering-alumni@example.com").put("name", "Engineering alumni"));
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(2, gw.groups().groups().size(), "adopted, not duplicated");
        assertEquals(List.of(ADA, ALAN), sorted(gw.groups().memberEmails("eng-team@example.com")));
        assertEquals(List.of(), gw.groups().memberEmails("engineering-alumni@example.com"), "a name that is not exactly the department's is left");
        assertEquals(0, undelivered());
    }

    @Test
    void aTokenWithoutTheGroupScopesFailsWithGooglesWordsNamingTheKey() throws Exception {
        company();
        // The administrator delegated the user scope only: Google refuses a token that asks for the group scopes too.
        gw.delegate("https://www.googleapis.com/auth/admin.directory.user");
        fx.set("directories.retry-schedule", "100ms");
        SyncFixture.Cli check = fx.runCli("check", "--live");
        assertEquals(1, check.code(), check.out() + check.err());
        assertTrue(check.out().contains("unauthorized_client") && check.out().contains("directories.gw.credentials-file"), check.out());

        // In a run: the queue waits (nothing dead-lettered), and the log says so in Google's words, naming the key.
        CapturedLogs<Boolean> run = CapturedLogs.during(() -> fx.runFactorial().succeeded());
        assertTrue(run.text().contains("unauthorized_client") && run.text().contains("directories.gw.credentials-file"), run.text());
        assertEquals(0, ((Number) fx.scalar("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:gw' AND status = 'dead'")).intValue());
        assertEquals(0, gw.groups().groups().size());
        assertEquals(0, gw.users().users().size());
    }

    @Test
    void departmentEmailsAreTheNamesLowercaseAsciiSlug() {
        assertEquals("r-d-engineering@acme.com", GoogleGroups.groupEmail("R&D Engineering", "acme.com"));
        assertEquals("developpement@acme.com", GoogleGroups.groupEmail("Développement", "acme.com"));
        assertEquals("sales-emea@acme.com", GoogleGroups.groupEmail("  Sales / EMEA ", "acme.com"));
    }

    private static ObjectNode user(String email, String given, String family) {
        ObjectNode u = JSON.createObjectNode().put("primaryEmail", email).put("password", "correct-horse-battery");
        u.putObject("name").put("givenName", given).put("familyName", family);
        return u;
    }
}
