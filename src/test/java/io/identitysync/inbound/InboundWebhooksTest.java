package io.identitysync.inbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.Companies;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Factorial's own webhooks in: verified, stored before the 2xx, and a run within seconds; what they miss, the schedule finds. */
class InboundWebhooksTest extends FixtureTest {

    private static final String CHALLENGE = "factorial-challenge-7d21";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private SyncFixture company() throws Exception {
        fx = new SyncFixture(dir, Companies.engineering());
        fx.set("webhooks-in.enabled", "true").set("webhooks-in.port", "0").set("webhooks-in.poll-interval", "200ms")
                .set("factorial.webhooks-in.challenge", CHALLENGE);
        assertTrue(fx.runFactorial().succeeded(), "the first, scheduled-like full run");
        fx.receiver.clear();
        return fx;
    }

    private IdentitySyncApp service() throws Exception {
        return new IdentitySyncApp(fx.settings(), true).start();
    }

    private void subscribe(IdentitySyncApp app, String type) throws Exception {
        String body = JSON.createObjectNode().put("subscription_type", type).put("name", type).put("challenge", CHALLENGE).put("company_id", 1)
                .put("target_url", "http://127.0.0.1:" + app.inboundPort() + "/hooks/factorial/" + type).toString();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(fx.factorial.baseUrl() + "/resources/api_public/webhook_subscriptions"))
                .header("x-api-key", SyncFixture.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
    }

    private int post(IdentitySyncApp app, String path, String challenge, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.inboundPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (challenge != null) {
            b.header("x-factorial-wh-challenge", challenge);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int scalar(String sql) throws Exception {
        return ((Number) fx.scalar(sql)).intValue();
    }

    private static void await(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aChangeInFactorialReachesTheReceiversWithinSecondsAndDuplicatesCostOneRun() throws Exception {
        company();
        try (IdentitySyncApp app = service()) {
            subscribe(app, "employees/employee/update");
            int runsBefore = scalar("SELECT count(*) FROM sync_runs");
            fx.factorial.data().employeeById(1).put("last_name", "King");
            long start = System.nanoTime();
            fx.factorial.emitTwice("employees/employee/update", fx.factorial.data().employeeById(1));
            await(() -> fx.receiver.types().contains("user.updated"), Duration.ofSeconds(10), "the change at the receiver");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5000, "change → outgoing webhook in " + millis + " ms");
            assertEquals(List.of(200, 200), fx.factorial.deliveryAnswers(), "both deliveries stored and acknowledged");
            await(() -> {
                try {
                    return scalar("SELECT count(*) FROM inbound_notifications WHERE handled_at IS NULL") == 0;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(10), "the notifications read by a run");
            Thread.sleep(600);
            assertEquals(runsBefore + 1, scalar("SELECT count(*) FROM sync_runs"), "two deliveries of one change: one run");
            assertEquals(1, fx.receiver.types().stream().filter("user.updated"::equals).count(), "and one event");
            assertNotNull(fx.scalar("SELECT run_id FROM inbound_notifications LIMIT 1"));
        }
    }

    @Test
    void aLostDeliveryIsFoundByTheNextScheduledRun() throws Exception {
        company();
        try (IdentitySyncApp app = service()) {
            subscribe(app, "employees/employee/terminate");
            fx.factorial.data().employeeById(2).put("active", false);
            fx.factorial.emitLost("employees/employee/terminate", fx.factorial.data().employeeById(2));
            Thread.sleep(1000);
            assertEquals(List.of(), fx.receiver.types(), "nothing arrived, nothing ran");
            IdentitySyncApp.RunOutcome reconciliation = app.run("factorial");
            assertTrue(reconciliation.succeeded(), "the scheduled reconciliation: " + reconciliation);
            app.drainWebhooks(Duration.ofSeconds(10));
            assertTrue(fx.receiver.types().contains("user.disabled"), fx.receiver.types().toString());
        }
    }

    @Test
    void aNotificationStoredBeforeACrashIsAppliedAtTheNextStart() throws Exception {
        company();
        fx.factorial.data().employeeById(3).put("last_name", "Murray Hopper");
        try (IdentitySyncApp app = service()) {
            // What a delivery leaves behind when the process dies after its 2xx and before the run: the stored row.
            app.store().write("a test notification", "INSERT INTO inbound_notifications (connector, subscription_type, subject_id, body, received_at) "
                    + "VALUES ('factorial', 'employees/employee/update', '3', '{\"id\":3}', '2026-01-01T00:00:00.000Z')", List.of());
            await(() -> fx.receiver.types().contains("user.updated"), Duration.ofSeconds(10), "the pending notification applied");
        }
        assertEquals(0, scalar("SELECT count(*) FROM inbound_notifications WHERE handled_at IS NULL"));
    }

    @Test
    void anythingUnverifiedOversizedMalformedOrForAnUnknownConnectorIsRefusedAndNotStored() throws Exception {
        company().set("webhooks-in.max-bytes", "1024");
        try (IdentitySyncApp app = service()) {
            String body = FactorialData.employee(1, "Ada", "Lovelace").toString();
            assertEquals(401, post(app, "/hooks/factorial/employees/employee/update", null, body), "no challenge");
            assertEquals(401, post(app, "/hooks/factorial/employees/employee/update", "not-the-challenge", body), "a wrong challenge");
            assertEquals(401, post(app, "/hooks/acme/employees/employee/update", CHALLENGE, body), "an unknown connector: as a wrong challenge");
            assertEquals(404, post(app, "/hooks/factorial", CHALLENGE, body), "no subscription type");
            assertEquals(413, post(app, "/hooks/factorial/employees/employee/update", CHALLENGE, "{\"x\":\"" + "a".repeat(2000) + "\"}"));
            assertEquals(400, post(app, "/hooks/factorial/employees/employee/update", CHALLENGE, "not json"));
            assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.inboundPort() + "/hooks/factorial/employees/employee/update"))
                    .header("x-factorial-wh-challenge", CHALLENGE).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals(0, scalar("SELECT count(*) FROM inbound_notifications"), "nothing refused is stored");
            assertEquals(200, post(app, "/hooks/factorial/employees/employee/update", CHALLENGE, body));
            assertEquals(1, scalar("SELECT count(*) FROM inbound_notifications"));
        }
    }

    @Test
    void webhooksInWithoutAnyChallengeIsAConfigurationError() throws Exception {
        fx = new SyncFixture(dir, Companies.engineering());
        fx.set("webhooks-in.enabled", "true");
        SyncFixture.Cli r = fx.runCli("--once");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("webhooks-in.enabled: no enabled connector takes webhooks: set <prefix>webhooks-in.challenge"), r.err());
    }

    private int writes() {
        return fx.factorial.calls("POST /webhook_subscriptions") + fx.factorial.calls("PUT /webhook_subscriptions/{id}")
                + fx.factorial.calls("DELETE /webhook_subscriptions/{id}");
    }

    @Test
    void theSubscriptionsASyncNeedsAreCreatedRepairedInPlaceListedAndRemovedThroughFactorialsApi() throws Exception {
        fx = new SyncFixture(dir, Companies.engineering()).set("factorial.webhooks-in.challenge", CHALLENGE);
        int n = Subscriptions.TYPES.size();
        SyncFixture.Cli r = fx.runCli("webhooks-in", "subscribe", "factorial", "--url=https://sync.example.com/");
        assertEquals(0, r.code(), r.err());
        assertEquals(n, r.out().lines().filter(l -> l.startsWith("created")).count(), r.out());
        assertTrue(r.out().contains("employees/employee/terminate → https://sync.example.com/hooks/factorial/employees/employee/terminate"), r.out());
        assertTrue(r.out().contains("created   teams/membership/move") && r.out().contains("created   teams/membership/bulk_upsert"), r.out());
        assertEquals(1, fx.factorial.calls("GET /credentials"), "the company id, read once");

        int writes = writes();
        r = fx.runCli("webhooks-in", "subscribe", "factorial", "--url=https://sync.example.com");
        assertEquals(n, r.out().lines().filter(l -> l.startsWith("ok")).count(), r.out());
        assertEquals(writes, writes(), "a second time writes nothing, though Factorial's list shows no challenge");
        assertEquals(1, fx.factorial.calls("GET /credentials"), "nothing to create, no company id needed");

        fx.set("factorial.webhooks-in.challenge", "a-new-challenge-99");
        r = fx.runCli("webhooks-in", "subscribe", "factorial", "--url=https://sync.example.com");
        assertEquals(n, r.out().lines().filter(l -> l.startsWith("repaired") && l.endsWith("(another challenge)")).count(), r.out());
        assertEquals(n, fx.factorial.calls("PUT /webhook_subscriptions/{id}"), "repaired in place");
        assertEquals(n, fx.factorial.calls("POST /webhook_subscriptions"), "nothing re-created");
        assertEquals(0, fx.factorial.calls("DELETE /webhook_subscriptions/{id}"), "nothing removed");
        assertTrue(fx.runCli("webhooks-in", "list", "factorial").out().contains(n + " subscriptions; 0 of the " + n + " a sync needs are missing"));
        assertTrue(fx.runCli("webhooks-in", "unsubscribe", "factorial").out().contains(n + " subscriptions removed"));
        assertTrue(fx.runCli("webhooks-in", "list", "factorial").out().contains("0 subscriptions; " + n + " of the " + n + " a sync needs are missing"));

        r = fx.runCli("webhooks-in", "subscribe", "factorial");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--url: the public URL"), r.err());
        r = fx.runCli("webhooks-in", "subscribe", "acme", "--url=https://sync.example.com");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("needs a Factorial connector's id"), r.err());
    }

    @Test
    void aMembershipMoveOrBulkUpsertStartsATargetedRunOfThePeopleItNames() throws Exception {
        company();
        try (IdentitySyncApp app = service()) {
            subscribe(app, "teams/membership/move");
            // Alan moves into team 7: Factorial sends the membership, which names him.
            ((ArrayNode) fx.factorial.data().teamById(7).get("employee_ids")).add(3);
            fx.factorial.emit("teams/membership/move", JSON.createObjectNode().put("id", 73).put("employee_id", 3).put("team_id", 7)
                    .put("lead", false));
            await(() -> fx.receiver.types().contains("sync.completed"), Duration.ofSeconds(10), "the move's targeted run");
            assertEquals("targeted", fx.scalar("SELECT kind FROM sync_runs ORDER BY started_at DESC LIMIT 1"));
            assertEquals(List.of("membership.added", "sync.completed"), fx.receiver.types());
            assertEquals("3", fx.scalar("SELECT subject_id FROM inbound_notifications WHERE subscription_type = 'teams/membership/move'"));

            // A bulk upsert naming two people: one notification each, one targeted run reading both.
            fx.receiver.clear();
            fx.factorial.data().employeeById(1).put("last_name", "King");
            fx.factorial.data().employeeById(2).put("last_name", "Hamilton");
            String bulk = JSON.createArrayNode().add(JSON.createObjectNode().put("id", 80).put("employee_id", 1).put("team_id", 7).put("lead", true))
                    .add(JSON.createObjectNode().put("id", 81).put("employee_id", 2).put("team_id", 7).put("lead", false)).toString();
            assertEquals(200, post(app, "/hooks/factorial/teams/membership/bulk_upsert", CHALLENGE, bulk));
            await(() -> fx.receiver.types().contains("sync.completed"), Duration.ofSeconds(10), "the bulk upsert's targeted run");
            assertEquals("targeted", fx.scalar("SELECT kind FROM sync_runs ORDER BY started_at DESC LIMIT 1"));
            assertEquals(2, scalar("SELECT count(*) FROM events WHERE type = 'user.updated'"), fx.receiver.types().toString());
            assertEquals(0, scalar("SELECT count(*) FROM inbound_notifications WHERE handled_at IS NULL"), "both answered by that run");
            assertEquals(400, post(app, "/hooks/factorial/teams/membership/create", CHALLENGE, bulk), "an array only for a bulk action");
        }
    }

    @Test
    void aTargetedRunReadsOnlyThePeopleNamedAndTheNextFullRunFindsOnlyWhatNoWebhookSaid() throws Exception {
        company();
        long folders;
        try (var list = Files.list(dir.resolve("exports/factorial"))) {
            folders = list.count();
        }
        try (IdentitySyncApp app = service()) {
            subscribe(app, "employees/employee/update");
            subscribe(app, "teams/membership/create");
            fx.factorial.data().employeeById(1).put("last_name", "King");
            fx.factorial.data().employeeById(3).put("last_name", "Murray Hopper");
            fx.factorial.emit("employees/employee/update", fx.factorial.data().employeeById(1));
            await(() -> fx.receiver.types().contains("sync.completed"), Duration.ofSeconds(10), "the targeted run");
            assertEquals("targeted", fx.scalar("SELECT kind FROM sync_runs ORDER BY started_at DESC LIMIT 1"));
            assertEquals(List.of("user.updated", "sync.completed"), fx.receiver.types());
            assertEquals("1", fx.scalar("SELECT subject_id FROM events WHERE type = 'user.updated'"), "only the person named");
            assertEquals("Hopper", fx.scalar("SELECT family_name FROM users WHERE external_id = '3'"), "the others are as they were");
            try (var list = Files.list(dir.resolve("exports/factorial"))) {
                assertEquals(folders, list.count(), "the export is left to full runs");
            }

            // Alan joins the team: one membership notification, one membership event, no one else's memberships touched.
            fx.receiver.clear();
            ((ArrayNode) fx.factorial.data().teamById(7).get("employee_ids")).add(3);
            fx.factorial.emit("teams/membership/create", JSON.createObjectNode().put("id", 73).put("employee_id", 3).put("team_id", 7)
                    .put("lead", false));
            await(() -> fx.receiver.types().contains("sync.completed"), Duration.ofSeconds(10), "the membership's targeted run");
            assertEquals(List.of("user.updated", "membership.added", "sync.completed"), fx.receiver.types(),
                    "Grace, who the membership names, is read: her pending rename comes with it");

            fx.receiver.clear();
            assertTrue(app.run("factorial").succeeded());
            app.drainWebhooks(Duration.ofSeconds(10));
            assertEquals(List.of("sync.completed"), fx.receiver.types(), "the full reconciliation finds nothing left to do");
            assertEquals("full", fx.scalar("SELECT kind FROM sync_runs ORDER BY started_at DESC LIMIT 1"));
        }
    }

    @Test
    void aLateDeliveryOfAnOlderChangeChangesNothingTwice() throws Exception {
        company();
        try (IdentitySyncApp app = service()) {
            subscribe(app, "employees/employee/update");
            ObjectNode before = fx.factorial.data().employeeById(1).deepCopy();
            fx.factorial.data().employeeById(1).put("last_name", "King");
            // The older delivery (its body still says Lovelace) arrives after the newer one: out of order.
            fx.factorial.emitLater("employees/employee/update", before, 800);
            fx.factorial.emit("employees/employee/update", fx.factorial.data().employeeById(1));
            await(() -> fx.factorial.deliveryAnswers().size() == 2, Duration.ofSeconds(10), "both deliveries");
            await(() -> {
                try {
                    return scalar("SELECT count(*) FROM inbound_notifications WHERE handled_at IS NULL") == 0;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(10), "both read");
            Thread.sleep(500);
            assertEquals("King", fx.scalar("SELECT family_name FROM users WHERE external_id = '1'"), "what Factorial says now, not what a body said");
            assertEquals(1, fx.receiver.types().stream().filter("user.updated"::equals).count(), fx.receiver.types().toString());
        }
    }
}
