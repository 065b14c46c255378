package io.identitysync.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.jumpcloud.JumpCloudSimulator;
import io.identitysync.simulators.scim.ScimSimulator;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code check --live} against the simulators over real HTTP: every source and directory signed in to and read,
 * OK with a count or FAILED with the status, the vendor's words and the key to fix; nothing written anywhere.
 */
class CheckLiveTest extends FixtureTest {

    private static final String JC_KEY = "jc-key-5b8e1f0a";
    private static final String SCIM_TOKEN = "scim-token-9c2d7e";
    private JumpCloudSimulator jc;
    private ScimSimulator scim;

    private SyncFixture everything() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(30, 7));
        jc = new JumpCloudSimulator(0, JC_KEY);
        scim = new ScimSimulator(0, SCIM_TOKEN);
        return fx.set("directories.jc.type", "jumpcloud").set("directories.jc.url", jc.baseUrl()).set("directories.jc.api-token", JC_KEY)
                .set("directories.jc.groups", "true")
                .set("directories.sp.type", "scim").set("directories.sp.url", scim.baseUrl()).set("directories.sp.api-token", SCIM_TOKEN)
                .set("factorial.resources", "employees,teams,locations,employments,leaves");
    }

    @AfterEach
    void closeDirectories() {
        if (jc != null) {
            jc.close();
        }
        if (scim != null) {
            scim.close();
        }
    }

    @Test
    void everythingReachableIsOkWithCountsAndNothingIsWritten() throws Exception {
        everything();
        int before = jc.directory().users().size();
        SyncFixture.Cli cli = fx.runCli("check", "--live");
        assertEquals(0, cli.code(), cli.out() + cli.err());
        String out = cli.out();
        assertTrue(out.contains("factorial"), out);
        assertTrue(out.matches("(?s).*OK\\s+credentials\\s+company 1( \"[^\"]+\")? \\(API key\\).*"), out);
        assertTrue(out.matches("(?s).*OK\\s+employees/employees\\s+30 on the first page.*"), out);
        assertTrue(out.matches("(?s).*addresses of the first 3 .*\\n\\s+email \\w\\*\\*\\*@example.com, login_email \\w\\*\\*\\*@login.example.com\\n.*"),
                "both address fields shown, masked: " + out);
        for (String path : new String[] {"teams/teams", "teams/memberships", "locations/locations", "contracts/contract_versions", "job_catalog/levels",
                "timeoff/leave_types", "timeoff/policies", "timeoff/leaves"}) {
            assertTrue(out.matches("(?s).*OK\\s+" + path + "\\s.*"), path + " read: " + out);
        }
        assertTrue(out.matches("(?s).*teamtailor\\n  OK\\s+users\\s+40 in all.*"), out);
        assertTrue(out.matches("(?s).*directory jc\\n  OK\\s+users\\s+0 in all\\n  OK\\s+groups.*"), out);
        assertTrue(out.matches("(?s).*directory sp\\n  OK\\s+users\\s+0 in all.*"), out);
        assertTrue(out.contains("all reachable"), out);
        assertFalse(out.contains(SyncFixture.TOKEN) || out.contains(JC_KEY) || out.contains(SCIM_TOKEN), "no secret printed");
        assertFalse(Files.exists(dir.resolve("identity.db")), "no store created");
        assertFalse(Files.exists(dir.resolve("exports")), "no export folder created");
        assertEquals(before, jc.directory().users().size());
        assertEquals(0, jc.calls("POST /systemusers") + jc.calls("PUT /systemusers/{id}"), "reads only");
    }

    @Test
    void eachRefusalSaysTheStatusTheVendorsWordsAndTheKeyToFix() throws Exception {
        everything();
        fx.factorial.limitedKey(SyncFixture.TOKEN, "leaves");
        fx.set("teamtailor.api-token", "wrong-teamtailor-key-1")
                .set("directories.jc.api-token", "wrong-jc-key-00000")
                .set("directories.sp.url", "http://127.0.0.1:" + closedPort() + "/scim/v2");
        SyncFixture.Cli cli = fx.runCli("check", "--live");
        assertEquals(1, cli.code(), cli.out() + cli.err());
        String out = cli.out();
        assertTrue(out.matches("(?s).*OK\\s+employees/employees.*"), out);
        assertTrue(out.matches("(?s).*FAILED\\s+timeoff/leaves\\s+HTTP 403 \\(.+\\).*; check factorial.api-token\\n.*"), out);
        assertTrue(out.matches("(?s).*teamtailor\\n  FAILED\\s+users\\s+HTTP 401 \\(.+\\): Teamtailor refused the API key; check teamtailor.api-token\\n.*"),
                "the first refusal is enough: " + out);
        assertTrue(out.matches("(?s).*directory jc\\n  FAILED\\s+users\\s+HTTP 401 \\(.+\\): the directory refused the credential; check directories.jc.api-token and directories.jc.org-id\\n.*"), out);
        assertTrue(out.matches("(?s).*directory sp\\n  FAILED\\s+users\\s+http://127.0.0.1:\\d+/scim/v2: no answer .*; check directories.sp.url\\n.*"), out);
        assertTrue(out.contains("4 check(s) failed"), out);
        assertFalse(out.contains("wrong-teamtailor-key-1") || out.contains("wrong-jc-key-00000"), "no secret printed, even a wrong one");
    }

    @Test
    void aRefusedFactorialKeyStopsAtTheCredentialsWithFactorialsWords() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(5, 7)).set("teamtailor.enabled", "false").set("factorial.api-token", "not-the-key-123");
        SyncFixture.Cli cli = fx.runCli("check", "--live", "--format=json");
        assertEquals(1, cli.code(), cli.out() + cli.err());
        JsonNode doc = new ObjectMapper().readTree(cli.out());
        assertFalse(doc.path("ok").asBoolean());
        assertEquals(1, doc.path("checks").size(), "nothing else is tried with a refused key: " + doc);
        JsonNode check = doc.path("checks").path(0);
        assertEquals("credentials", check.path("item").asText());
        assertEquals("factorial.api-token", check.path("key").asText());
        assertTrue(check.path("detail").asText().startsWith("HTTP 401: Factorial refused"), check.toString());
    }

    @Test
    void anUnreachableFactorialIsSaidOnceNamingTheBaseUrl() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(5, 7)).set("teamtailor.enabled", "false")
                .set("factorial.base-url", "http://127.0.0.1:" + closedPort() + "/api/2026-04-01");
        SyncFixture.Cli cli = fx.runCli("check", "--live", "--format=json");
        assertEquals(1, cli.code(), cli.out() + cli.err());
        JsonNode checks = new ObjectMapper().readTree(cli.out()).path("checks");
        assertEquals(1, checks.size(), "every other read would fail the same way: " + checks);
        assertEquals("factorial.base-url", checks.path(0).path("key").asText());
        assertTrue(checks.path(0).path("detail").asText().contains("cannot reach Factorial"), checks.toString());
    }

    @Test
    void anOAuthConnectorIsCheckedWithABearerTokenAndItsRotatedRefreshTokenKept() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(5, 7)).set("teamtailor.enabled", "false");
        fx.factorial.oauthClient("client-1", "client-secret-1", "refresh-first-1");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        fx.set("factorial.api-token", "").set("factorial.oauth.client-id", "client-1").set("factorial.oauth.client-secret", "client-secret-1")
                .set("factorial.oauth.refresh-token", "refresh-first-1").set("store.encryption-secret", Base64.getEncoder().encodeToString(key));
        SyncFixture.Cli first = fx.runCli("check", "--live");
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().matches("(?s).*OK\\s+credentials\\s+company 1( \"[^\"]+\")? \\(OAuth token\\).*"), first.out());
        // The configured refresh token was spent by the check: a run after it works with the one kept.
        assertTrue(fx.runFactorial().succeeded());
    }

    @Test
    void withWebhooksInTheSubscriptionsASyncNeedsAreChecked() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(5, 7)).set("teamtailor.enabled", "false")
                .set("webhooks-in.enabled", "true").set("factorial.webhooks-in.challenge", "challenge-7f3a");
        SyncFixture.Cli before = fx.runCli("check", "--live");
        assertEquals(1, before.code(), before.out() + before.err());
        assertTrue(before.out().matches("(?s).*FAILED\\s+webhook subscriptions\\s+12 type\\(s\\) missing or disabled \\(employees/employee/create_with_contract, .*"
                + "run webhooks-in subscribe factorial --url=.*; check factorial.webhooks-in.challenge\\n.*"), before.out());
        SyncFixture.Cli subscribed = fx.runCli("webhooks-in", "subscribe", "factorial", "--url=https://sync.example.com");
        assertEquals(0, subscribed.code(), subscribed.out() + subscribed.err());
        SyncFixture.Cli after = fx.runCli("check", "--live");
        assertEquals(0, after.code(), after.out() + after.err());
        assertTrue(after.out().matches("(?s).*OK\\s+webhook subscriptions\\s+every type a sync needs is subscribed and enabled.*"), after.out());
    }

    @Test
    void aMultiTenantJumpCloudKeyNeedsItsOrganisationAndSaysSoInJumpCloudsWords() throws Exception {
        everything().set("directories.sp.enabled", "false").set("teamtailor.enabled", "false").set("factorial.enabled", "false");
        String org = "5f0c1d2e3a4b5c6d7e8f9a0b";
        jc.multiTenant(org);
        SyncFixture.Cli without = fx.runCli("check", "--live");
        assertEquals(1, without.code(), without.out() + without.err());
        assertTrue(without.out().matches("(?s).*FAILED\\s+users\\s+HTTP 401 \\(.*ID not included for multi-tenant admin.*\\).*; check directories.jc.api-token "
                + "and directories.jc.org-id\\n.*"), without.out());
        SyncFixture.Cli with = fx.set("directories.jc.org-id", org).runCli("check", "--live");
        assertEquals(0, with.code(), with.out() + with.err());
    }

    @Test
    void checkWithoutLiveChecksOnlyTheConfigurationAndBadConfigurationIsExit2() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(5, 7));
        SyncFixture.Cli plain = fx.runCli("check");
        assertEquals(0, plain.code(), plain.err());
        assertTrue(plain.out().contains("configuration ok: 2 source(s)"), plain.out());
        fx.set("factorial.page-size", "500");
        SyncFixture.Cli bad = fx.runCli("check", "--live");
        assertEquals(2, bad.code(), bad.out() + bad.err());
        assertTrue(bad.err().contains("factorial.page-size"), bad.err());
        assertEquals(0, fx.factorial.requests(), "a bad configuration contacts nobody");
        assertEquals(2, fx.runCli("status", "--live").code(), "--live goes with check only");
    }

    private static int closedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
