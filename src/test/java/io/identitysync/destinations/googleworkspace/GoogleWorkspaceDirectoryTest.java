package io.identitysync.destinations.googleworkspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.cli.IdentitySync;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialRecords;
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
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Factorial → our store → Google Workspace, through the outbox, against the simulator, with a real RSA key. */
class GoogleWorkspaceDirectoryTest extends FixtureTest {

    static final String CLIENT_EMAIL = "identity-sync@acme-hr.iam.gserviceaccount.com";
    static final String ADMIN = "admin@example.com";
    private static final ObjectMapper JSON = new ObjectMapper();
    private GoogleWorkspaceSimulator gw;
    private FactorialData data;
    private Path keyFile;
    private String privateKeyPem;

    /** A service account key file as Google Cloud console downloads it, with a key made now; its token_uri is the simulator. */
    static String keyFile(KeyPair pair, String tokenUri) {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        ObjectNode key = JSON.createObjectNode().put("type", "service_account").put("project_id", "acme-hr").put("private_key_id", "4f1e0c2a9b")
                .put("private_key", pem).put("client_email", CLIENT_EMAIL).put("client_id", "104729384756102938475")
                .put("auth_uri", "https://accounts.google.com/o/oauth2/auth").put("token_uri", tokenUri);
        return key.toString();
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private void company(String domain) throws Exception {
        data = Companies.engineering();
        fx = new SyncFixture(dir, data);
        KeyPair pair = rsa();
        gw = new GoogleWorkspaceSimulator(0, pair.getPublic(), CLIENT_EMAIL, ADMIN);
        String json = keyFile(pair, gw.tokenUri());
        privateKeyPem = JSON.readTree(json).path("private_key").asText();
        keyFile = dir.resolve("gw-service-account.json");
        Files.writeString(keyFile, json);
        fx.set("directories.gw.type", "google-workspace").set("directories.gw.url", gw.baseUrl())
                .set("directories.gw.credentials-file", keyFile.toString()).set("directories.gw.admin-email", ADMIN)
                .set("directories.gw.domain", domain).set("directories.gw.connectors", "factorial")
                .set("directories.retry-schedule", "100ms,100ms,100ms");
    }

    @AfterEach
    void stopGoogle() {
        if (gw != null) {
            gw.close();
        }
    }

    private Map<String, ObjectNode> byExternalId() {
        Map<String, ObjectNode> out = new java.util.HashMap<>();
        for (ObjectNode u : gw.users().users()) {
            u.path("externalIds").forEach(e -> {
                if (e.path("type").asText().equals("organization")) {
                    out.put(e.path("value").asText(), u);
                }
            });
        }
        return out;
    }

    private int writes() {
        return gw.calls("POST /users") + gw.calls("PATCH /users/{key}") + gw.calls("PUT /users/{key}") + gw.calls("DELETE /users/{key}");
    }

    private int count(String sql) throws Exception {
        return ((Number) fx.scalar(sql)).intValue();
    }

    @Test
    void activePeopleAreCreatedUnderTheirWorkEmailWithTitleDepartmentAndManagerAndARunWithoutChangesWritesNothing() throws Exception {
        company("example.com");
        assertTrue(fx.runFactorial().succeeded());
        Map<String, ObjectNode> users = byExternalId();
        assertEquals(List.of("1", "2", "3"), users.keySet().stream().sorted().toList(), "an inactive person is not created");
        ObjectNode alan = users.get("2");
        assertEquals("alan.turing.2@example.com", alan.path("primaryEmail").asText(), "the work email, in the domain and free");
        assertEquals("Alan", alan.path("name").path("givenName").asText());
        assertEquals("organization", alan.path("externalIds").get(0).path("type").asText());
        assertEquals("Engineering", alan.path("organizations").get(0).path("department").asText());
        assertEquals("grace.hopper.3@example.com", alan.path("relations").get(0).path("value").asText(), "the manager, created after, is linked once known");
        assertEquals("manager", alan.path("relations").get(0).path("type").asText());
        assertTrue(alan.path("changePasswordAtNextLogin").asBoolean());
        assertFalse(alan.path("suspended").asBoolean());
        assertEquals("/", alan.path("orgUnitPath").asText());
        assertTrue(gw.users().password(alan.path("id").asText()).length() >= 20);
        assertEquals("https://www.googleapis.com/auth/admin.directory.user", gw.lastScope(), "the user scope only: groups are off");
        assertEquals(0, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:gw' AND status <> 'delivered'"));
        assertEquals(1, gw.calls("POST /token"), "one token, kept while valid");

        int before = writes();
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(before, writes(), "no change, no write");

        data.employeeById(1).put("last_name", "King");
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(before + 1, writes(), "one patch of what differs");
        assertEquals("King", byExternalId().get("1").path("name").path("familyName").asText());
        assertEquals("ada.lovelace.1@example.com", byExternalId().get("1").path("primaryEmail").asText(), "a primaryEmail never changes");
    }

    @Test
    void anAccountIsAdoptedByItsOrganizationExternalIdOrByItsPrimaryEmailButNeverByAnAlias() throws Exception {
        company("example.com");
        // Ada holds our id under another address; Alan's work email is his account; Grace's work email is someone else's alias;
        // a "custom" externalId 3 is not ours.
        gw.users().seed(user("ada@example.com", "Ada", "L").set("externalIds", JSON.createArrayNode().add(id("organization", "1"))));
        gw.users().seed(user("alan.turing.2@example.com", "Alan", "T"));
        gw.users().seed(user("gh-other@example.com", "Grace", "Other").set("externalIds", JSON.createArrayNode().add(id("custom", "3"))),
                "grace.hopper.3@example.com");
        assertTrue(fx.runFactorial().succeeded());
        Map<String, ObjectNode> users = byExternalId();
        assertEquals("ada@example.com", users.get("1").path("primaryEmail").asText(), "adopted by externalId");
        assertEquals("Lovelace", users.get("1").path("name").path("familyName").asText(), "then updated");
        assertEquals("alan.turing.2@example.com", users.get("2").path("primaryEmail").asText(), "adopted by primaryEmail");
        assertEquals("grace.hopper@example.com", users.get("3").path("primaryEmail").asText(), "an alias's owner is not Grace");
        assertEquals(4, gw.users().users().size(), "no one duplicated");
        assertEquals(2, count("SELECT count(*) FROM directory_links WHERE directory = 'gw' AND adopted = 1"));
    }

    @Test
    void aTakenAddressOrAliasGetsTheNextNumber() throws Exception {
        company("acme.test");
        gw.users().seed(user("ada.lovelace@acme.test", "Ada", "Other"));
        gw.users().seed(user("someone@acme.test", "Some", "One"), "alan.turing@acme.test");
        assertTrue(fx.runFactorial().succeeded());
        Map<String, ObjectNode> users = byExternalId();
        assertEquals("ada.lovelace1@acme.test", users.get("1").path("primaryEmail").asText(), "the work email is not in the domain: username, numbered");
        assertEquals("alan.turing1@acme.test", users.get("2").path("primaryEmail").asText());
        assertEquals("grace.hopper@acme.test", users.get("3").path("primaryEmail").asText());
    }

    @Test
    void aCreateAnswered409LooksAgainAndNumbers() throws Exception {
        company("acme.test");
        // Someone takes ada.lovelace@acme.test between our look and our insert.
        gw.fault("POST /users", 1, new io.identitysync.simulators.Fault(io.identitysync.simulators.Fault.Kind.ANSWER, 409,
                "{\"error\":{\"code\":409,\"message\":\"Entity already exists.\",\"errors\":[{\"message\":\"Entity already exists.\",\"domain\":\"global\",\"reason\":\"duplicate\"}]}}",
                Map.of(), 0));
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(3, byExternalId().size());
        assertEquals(0, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:gw' AND status <> 'delivered'"));
    }

    @Test
    void aLeaverIsSuspendedAndUnsuspendedOnReturnAndADeletedPersonIsSuspended() throws Exception {
        company("example.com");
        assertTrue(fx.runFactorial().succeeded());
        data.employeeById(1).put("active", false);
        assertTrue(fx.runFactorial().succeeded());
        assertTrue(byExternalId().get("1").path("suspended").asBoolean());
        data.employeeById(1).put("active", true);
        assertTrue(fx.runFactorial().succeeded());
        assertFalse(byExternalId().get("1").path("suspended").asBoolean());

        data.employees.remove(data.employeeById(3));
        data.employeeById(2).putNull("manager_id");
        assertTrue(fx.runFactorial().succeeded());
        assertTrue(byExternalId().get("3").path("suspended").asBoolean(), "deleted in the source: suspended (on-delete=suspend)");
    }

    @Test
    void withOnDeleteDeleteADeletedPersonIsDeleted() throws Exception {
        company("example.com");
        fx.set("directories.gw.on-delete", "delete");
        assertTrue(fx.runFactorial().succeeded());
        data.employees.remove(data.employeeById(1));
        assertTrue(fx.runFactorial().succeeded());
        assertTrue(byExternalId().get("1").path("suspended").asBoolean(), "suspended until directories.gw.delete-after (30d) has passed");
        fx.clock = Clock.offset(Clock.systemUTC(), Duration.ofDays(31));
        assertTrue(fx.runFactorial().succeeded());
        assertFalse(byExternalId().containsKey("1"));
        assertEquals(1, gw.calls("DELETE /users/{key}"));
    }

    @Test
    void aPreHireIsCreatedSuspendedAndUnsuspendedOnTheirFirstDay() throws Exception {
        company("example.com");
        LocalDate start = LocalDate.now(Clock.systemUTC()).plusDays(5);
        data.employees.add(FactorialData.employee(5, "Hedy", "Lamarr"));
        data.contractVersions.add(FactorialRecords.contractVersion(51, 5, start, start, "Inventor"));
        assertTrue(fx.runFactorial().succeeded());
        assertTrue(byExternalId().get("5").path("suspended").asBoolean(), "ready, without access");
        assertEquals("Inventor", byExternalId().get("5").path("organizations").get(0).path("title").asText());

        fx.clock = Clock.offset(Clock.systemUTC(), Duration.ofDays(5));
        assertTrue(fx.runFactorial().succeeded());
        assertFalse(byExternalId().get("5").path("suspended").asBoolean(), "their first day");
        assertEquals(4, gw.calls("POST /users"), "created once, on the first run");
    }

    @Test
    void quotaAnswers429And403RateLimitExceededAreRetriedNotDeadLettered() throws Exception {
        company("example.com");
        gw.fault("POST /users", 1, GoogleWorkspaceSimulator.quota(429, "rateLimitExceeded"));
        gw.fault("POST /users", 2, GoogleWorkspaceSimulator.quota(403, "rateLimitExceeded"));
        gw.fault("POST /users", 3, GoogleWorkspaceSimulator.quota(403, "userRateLimitExceeded"));
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(List.of("1", "2", "3"), byExternalId().keySet().stream().sorted().toList());
        assertEquals(0, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:gw' AND status <> 'delivered'"));
    }

    @Test
    void anotherRefusalIsDeadWithGooglesMessage() throws Exception {
        company("example.com");
        data.employeeById(1).put("first_name", "");
        fx.set("directories.retry-schedule", "100ms");
        gw.fault("POST /users", 1, new io.identitysync.simulators.Fault(io.identitysync.simulators.Fault.Kind.ANSWER, 400,
                "{\"error\":{\"code\":400,\"message\":\"Invalid Input: primary_user_email\",\"errors\":[{\"message\":\"Invalid Input: primary_user_email\",\"domain\":\"global\",\"reason\":\"invalid\"}]}}",
                Map.of(), 0));
        assertTrue(fx.runFactorial().succeeded());
        String errors = fx.query("SELECT last_error FROM webhook_deliveries WHERE endpoint = 'directory:gw' AND status = 'dead'").toString();
        assertTrue(errors.contains("Invalid Input: primary_user_email"), errors);
    }

    @Test
    void theTokenAndTheKeyAreNeverPrinted() throws Exception {
        company("example.com");
        CapturedLogs<Boolean> run = CapturedLogs.during(() -> fx.runFactorial().succeeded());
        assertTrue(run.result());
        SyncFixture.Cli list = fx.runCli("directories", "plan", "gw");
        String all = run.text() + list.out() + list.err();
        assertFalse(gw.issuedTokens().isEmpty());
        for (String token : gw.issuedTokens()) {
            assertFalse(all.contains(token), "the access token is never printed");
        }
        assertFalse(all.contains(privateKeyPem.substring(40, 80)), "nor the key");
    }

    @Test
    void aMissingUnreadableOrMalformedKeyFileIsABadConfigurationNamingTheKeyWithoutEchoingTheFile() throws Exception {
        company("example.com");
        Files.writeString(keyFile, "{\"type\": \"service_account\", \"private_key\": \"SECRET-MATERIAL-123\", \"client_email\": \"x@y\", \"token_uri\": \"http://127.0.0.1:1/t\"}");
        SyncFixture.Cli cli = fx.runCli("check");
        assertEquals(IdentitySync.BAD_CONFIGURATION, cli.code(), cli.out() + cli.err());
        assertTrue(cli.err().contains("directories.gw.credentials-file"), cli.err());
        assertFalse((cli.out() + cli.err()).contains("SECRET-MATERIAL-123"), "the file is never echoed");

        Files.writeString(keyFile, "{not json SECRET-MATERIAL-456");
        cli = fx.runCli("check");
        assertEquals(IdentitySync.BAD_CONFIGURATION, cli.code());
        assertTrue(cli.err().contains("directories.gw.credentials-file") && cli.err().contains("is not JSON"), cli.err());
        assertFalse((cli.out() + cli.err()).contains("SECRET-MATERIAL-456"));

        Files.delete(keyFile);
        cli = fx.runCli("check");
        assertEquals(IdentitySync.BAD_CONFIGURATION, cli.code());
        assertTrue(cli.err().contains("directories.gw.credentials-file") && cli.err().contains("no file at"), cli.err());
    }

    @Test
    void checkLiveGetsATokenAndReadsOnePageAndNamesTheKeysWhenTheScopeIsNotDelegated() throws Exception {
        company("example.com");
        SyncFixture.Cli ok = fx.runCli("check", "--live");
        assertTrue(ok.out().matches("(?s).*directory gw.*OK\\s+users.*"), ok.out() + ok.err());
        assertEquals(0, writes());

        gw.delegate("https://www.googleapis.com/auth/admin.directory.group");
        SyncFixture.Cli refused = fx.runCli("check", "--live");
        assertEquals(1, refused.code(), refused.out() + refused.err());
        assertTrue(refused.out().contains("unauthorized_client") && refused.out().contains("directories.gw.credentials-file"), refused.out());

        gw.delegate("https://www.googleapis.com/auth/admin.directory.user");
        fx.set("directories.gw.admin-email", "nobody@example.com");
        SyncFixture.Cli wrongAdmin = fx.runCli("check", "--live");
        assertTrue(wrongAdmin.out().contains("Invalid email or User ID") && wrongAdmin.out().contains("directories.gw.admin-email"), wrongAdmin.out());

        // A key the service account does not have: the signature does not verify against the public half Google holds.
        fx.set("directories.gw.admin-email", ADMIN);
        Files.writeString(keyFile, keyFile(rsa(), gw.tokenUri()));
        SyncFixture.Cli otherKey = fx.runCli("check", "--live");
        assertTrue(otherKey.out().contains("Invalid JWT Signature."), otherKey.out());
        assertEquals(0, gw.issuedTokens().size() - 1, "only the first check got a token");
    }

    private static ObjectNode user(String email, String given, String family) {
        ObjectNode u = JSON.createObjectNode().put("primaryEmail", email).put("password", "correct-horse-battery");
        u.putObject("name").put("givenName", given).put("familyName", family);
        return u;
    }

    private static ObjectNode id(String type, String value) {
        return JSON.createObjectNode().put("value", value).put("type", type);
    }
}
