package io.identitysync.sources.teamtailor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.Fault;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.teamtailor.TeamtailorData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import io.identitysync.support.VerifyingReceiver;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TeamtailorSyncTest extends FixtureTest {

    private static final ObjectMapper JSON = new ObjectMapper();


    private SyncFixture fixture(int users) throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(20, 1), TeamtailorData.seeded(users, 9));
        return fx;
    }

    @Test
    void syncsEveryPageOfMoreThanThirtyUsersWithRolesAndDepartments() throws Exception {
        fixture(75);
        IdentitySyncApp.RunOutcome outcome = fx.runTeamtailor();
        assertTrue(outcome.succeeded(), outcome.error());

        assertEquals(6, fx.scalar("SELECT pages FROM sync_runs WHERE connector = 'teamtailor'"), "1 page each of departments, locations, teams; 3 of users");
        // Every 17th user has "email": null and only a login-email, as in the vendor's fixture: reached at that one.
        assertEquals(75L, ((Number) fx.scalar("SELECT count(*) FROM users WHERE connector = 'teamtailor'")).longValue());
        assertEquals("login17@example.com", fx.scalar("SELECT email FROM users WHERE connector = 'teamtailor' AND external_id = '17'"));
        long noAccess = fx.teamtailor.data().users.stream()
                .filter(u -> TeamtailorMapping.isNoAccess(u.at("/attributes/role").asText())).count();
        assertTrue(noAccess >= 4, "every spelling of no access is in the seed");
        assertEquals(noAccess, ((Number) fx.scalar("SELECT count(*) FROM users WHERE connector = 'teamtailor' AND status = 'disabled'")).longValue());
        assertEquals("No access", new com.fasterxml.jackson.databind.ObjectMapper().readTree((String) fx.scalar(
                "SELECT attributes FROM users WHERE connector = 'teamtailor' AND external_id = '5'")).path("role").asText());
        assertEquals(4L, ((Number) fx.scalar("SELECT count(*) FROM groups WHERE connector = 'teamtailor' AND kind = 'department'")).longValue());
        assertTrue(((Number) fx.scalar("SELECT count(*) FROM memberships WHERE connector = 'teamtailor'")).longValue() > 0);
        assertEquals(2L, ((Number) fx.scalar("SELECT count(*) FROM groups WHERE connector = 'teamtailor' AND kind = 'location'")).longValue());
        assertEquals(3L, ((Number) fx.scalar("SELECT count(*) FROM groups WHERE connector = 'teamtailor' AND kind = 'team'")).longValue());
        // User 7: location 2 (7 % 2 + 1), teams 2 and 3 (in two teams, every 7th).
        assertEquals(List.of("location:2", "team:2", "team:3"), fx.query("SELECT group_external_id FROM memberships WHERE connector = 'teamtailor' "
                + "AND user_external_id = '7' AND group_external_id NOT LIKE 'department:%' ORDER BY group_external_id").stream()
                .map(r -> r.get("group_external_id")).toList());
        assertEquals(0, fx.receiver.badSignatures());
        assertEquals("sync.completed", fx.receiver.types().get(fx.receiver.types().size() - 1));
    }

    /** jsonapi-resources answers an empty list with page-count 0 (ceil(0 / size)); a new account has no teams. */
    @Test
    void anAccountWithNoTeamsDepartmentsOrLocationsSyncsWithZeroOfThem() throws Exception {
        TeamtailorData data = TeamtailorData.empty();
        for (int i = 1; i <= 3; i++) {
            data.users.add(TeamtailorData.user(i, "Solo User" + i, "admin"));
        }
        fx = new SyncFixture(dir, FactorialData.seeded(5, 1), data);
        JsonNode teams = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fx.teamtailor.baseUrl() + "/teams"))
                .header("Authorization", "Token token=" + SyncFixture.TOKEN).header("X-Api-Version", "20240404").build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(0, teams.at("/meta/page-count").asInt());
        assertEquals(0, teams.at("/meta/record-count").asInt());
        assertEquals(0, teams.get("data").size());
        assertTrue(teams.at("/links/next").isMissingNode());
        assertTrue(teams.at("/links/last").asText().contains("page%5Bnumber%5D=1"), "last is page 1 of an empty list");

        IdentitySyncApp.RunOutcome outcome = fx.runTeamtailor();
        assertTrue(outcome.succeeded(), outcome.error());
        assertEquals(3L, ((Number) fx.scalar("SELECT count(*) FROM users WHERE connector = 'teamtailor'")).longValue());
        assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM groups WHERE connector = 'teamtailor'")).longValue());
        assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM memberships WHERE connector = 'teamtailor'")).longValue());
        assertEquals(4, fx.scalar("SELECT pages FROM sync_runs WHERE connector = 'teamtailor'"), "one page of each resource");
    }

    @Test
    void anEmailFieldThatIsNotAUserAddressIsRefusedAtStartAndLoginEmailAloneCanBeChosen() throws Exception {
        fixture(20).set("teamtailor.email-field", "email,work-email");
        SyncFixture.Cli r = fx.runCli("--once");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("teamtailor.email-field: must name email, login-email or both in the order to try them "
                + "(default email,login-email), was 'email,work-email'"), r.err());

        fx.set("teamtailor.email-field", "login-email");
        assertTrue(fx.runTeamtailor().succeeded());
        assertEquals("login2@example.com", fx.scalar("SELECT email FROM users WHERE connector = 'teamtailor' AND external_id = '2'"));
    }

    @Test
    void theRateLimitHeadersPaceTheSyncSoNoRequestIsRefused() throws Exception {
        fixture(75).teamtailor.rateLimit(2, 1000);
        IdentitySyncApp.RunOutcome outcome = fx.runTeamtailor();
        assertTrue(outcome.succeeded(), outcome.error());
        assertEquals(0, fx.teamtailor.rateLimited(), "paced by X-Rate-Limit-Remaining, never refused");
        assertEquals(6, fx.scalar("SELECT pages FROM sync_runs WHERE connector = 'teamtailor'"));
    }

    @Test
    void a429IsWaitedOutAsRetryAfterSaysThenTheSamePageIsAskedAgain() throws Exception {
        fixture(75).teamtailor.fault("users", 2, Fault.rateLimited("1"));
        String inASecond = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1));
        fx.teamtailor.fault("users", 3, Fault.rateLimited(inASecond));
        long start = System.nanoTime();
        IdentitySyncApp.RunOutcome outcome = fx.runTeamtailor();
        assertTrue(outcome.succeeded(), outcome.error());
        assertTrue(System.nanoTime() - start > 1_000_000_000L, "it waited");
        assertEquals(6, fx.scalar("SELECT pages FROM sync_runs WHERE connector = 'teamtailor'"), "no page lost, none read twice");
    }

    @Test
    void aNextLinkToAnotherHostFailsTheRunAndTheTokenNeverGoesThere() throws Exception {
        List<String> seenThere = new CopyOnWriteArrayList<>();
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        elsewhere.createContext("/", ex -> {
            seenThere.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        elsewhere.start();
        try {
            fixture(75).teamtailor.linkOrigin("http://127.0.0.1:" + elsewhere.getAddress().getPort());
            IdentitySyncApp.RunOutcome outcome = fx.runTeamtailor();
            assertEquals("failed", outcome.status());
            // Departments fit on one page (no next link); the users' first page is where the link leads away.
            assertEquals("Teamtailor page 1 of users: links.next points to http://127.0.0.1:" + elsewhere.getAddress().getPort()
                    + ", not to the configured teamtailor.base-url (http://127.0.0.1:" + fx.teamtailor.port()
                    + "); stopping without sending the token there", outcome.error());
            assertEquals(List.of(), seenThere);
            assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM users")).longValue());
            assertEquals(List.of("sync.failed"), fx.receiver.types());
        } finally {
            elsewhere.stop(0);
        }
    }

    @Test
    void refusedKeysNameTheSourceAndTheKey() throws Exception {
        fixture(10).set("teamtailor.api-token", "not-the-key");
        assertEquals("Teamtailor refused the API token (HTTP 401 on Teamtailor page 1 of departments): check teamtailor.api-token; "
                + "Teamtailor said: \"Unauthorized: invalid or missing API key\"", fx.runTeamtailor().error());
        fx.teamtailor.nonAdminKey("reader-key");
        fx.set("teamtailor.api-token", "reader-key");
        assertEquals("Teamtailor refused the API token (HTTP 403 on Teamtailor page 1 of departments): check teamtailor.api-token "
                + "and the permissions of that key; Teamtailor said: \"Forbidden: this API key does not have admin scope\"", fx.runTeamtailor().error());
        assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM users")).longValue());
    }

    @Test
    void theSimulatorAnswersLikeTheApi() throws Exception {
        fixture(35);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest.Builder base = HttpRequest.newBuilder(URI.create(fx.teamtailor.baseUrl() + "/users?page%5Bsize%5D=100"))
                .header("Authorization", "Token token=" + SyncFixture.TOKEN).header("Accept", "application/vnd.api+json");

        HttpResponse<String> missingVersion = http.send(base.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(406, missingVersion.statusCode(), "teamtailor-rb: a missing or wrong X-Api-Version is a 406");
        assertEquals("application/vnd.api+json", missingVersion.headers().firstValue("content-type").orElse(""));
        assertEquals("Invalid/Missing API Version", JSON.readTree(missingVersion.body()).at("/errors/0/title").asText());
        assertEquals(406, JSON.readTree(missingVersion.body()).at("/errors/0/status").asInt());

        JsonNode page = JSON.readTree(http.send(base.header("X-Api-Version", "20240404").build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(30, page.get("data").size(), "page[size] is capped at 30");
        assertEquals(2, page.at("/meta/page-count").asInt());
        assertEquals(35, page.at("/meta/record-count").asInt());
        assertTrue(page.at("/links/next").asText().startsWith(fx.teamtailor.baseUrl() + "/users?page%5Bnumber%5D=2"));
        assertEquals("users", page.at("/data/0/type").asText());
        assertTrue(page.at("/data/0/attributes").has("login-email"), "attribute names are kebab-case");
    }

    @Test
    void bothSourcesRunIndependentlyAndOneFailingLeavesTheOthersRowsAlone() throws Exception {
        fixture(40).set("factorial.page-size", "10");
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
            assertEquals(List.of("factorial", "teamtailor"), app.enabledConnectors());
            assertTrue(app.run("factorial").succeeded());
            assertTrue(app.run("teamtailor").succeeded());
        }
        List<Map<String, Object>> factorialRows = fx.query("SELECT * FROM users WHERE connector = 'factorial' ORDER BY external_id");
        fx.factorial.data().employeeById(3).put("last_name", "Changed");
        fx.factorial.fault("employees", 1, Fault.status(403));
        fx.teamtailor.data().userById(2).with("attributes").put("role", "no_access");

        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
            assertEquals("failed", app.run("factorial").status());
            assertTrue(app.run("teamtailor").succeeded());
            // Delivery runs beside the runs; closing the application abandons what is in flight (it stays pending).
            assertTrue(app.drainWebhooks(Duration.ofSeconds(20)));
        }
        assertEquals(factorialRows, fx.query("SELECT * FROM users WHERE connector = 'factorial' ORDER BY external_id"));
        assertEquals("disabled", fx.scalar("SELECT status FROM users WHERE connector = 'teamtailor' AND external_id = '2'"));
        assertEquals(Map.of("factorial", 20L, "teamtailor", 40L), Map.of(
                "factorial", ((Number) fx.scalar("SELECT count(*) FROM users WHERE connector = 'factorial'")).longValue(),
                "teamtailor", ((Number) fx.scalar("SELECT count(*) FROM users WHERE connector = 'teamtailor'")).longValue()));
        assertEquals(1L, VerifyingReceiver.countByType(fx.receiver.types()).get("user.disabled"), "only Teamtailor's change was applied");
        assertEquals(0, fx.receiver.badSignatures());
    }
}
