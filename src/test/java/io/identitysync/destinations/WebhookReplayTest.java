package io.identitysync.destinations;

import io.identitysync.cli.IdentitySync;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import io.identitysync.support.VerifyingReceiver;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator's commands: list what is dead, and queue events again by dead, run or time. */
class WebhookReplayTest extends FixtureTest {

    private SyncFixture fixture() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(10, 2));
        return fx;
    }

    private List<String> eventIds(String where) throws Exception {
        return fx.query("SELECT id FROM events " + where + " ORDER BY seq").stream().map(r -> (String) r.get("id")).toList();
    }

    @Test
    void deadDeliveriesAreListedAndReplayedWithTheirIds() throws Exception {
        fixture().receiver.answer(410, 2);
        assertTrue(fx.runFactorial().succeeded());
        List<String> dead = fx.query("SELECT event_id FROM webhook_deliveries WHERE status = 'dead'").stream()
                .map(r -> (String) r.get("event_id")).toList();
        assertEquals(2, dead.size());

        SyncFixture.Cli list = fx.runCli("webhooks", "list");
        assertEquals(IdentitySync.OK, list.code(), list.err());
        assertTrue(list.out().contains(dead.get(0)) && list.out().contains(dead.get(1)), list.out());
        assertTrue(list.out().contains("HTTP 410"), list.out());

        fx.receiver.clear();
        SyncFixture.Cli replay = fx.runCli("webhooks", "replay", "--dead");
        assertEquals(IdentitySync.OK, replay.code(), replay.out() + replay.err());
        assertTrue(replay.out().contains("2 deliveries queued again"), replay.out());
        assertEquals(Set.copyOf(dead), Set.copyOf(fx.receiver.received().stream().map(VerifyingReceiver.Received::id).toList()));
        assertEquals(0, fx.scalar("SELECT count(*) FROM webhook_deliveries WHERE status <> 'delivered'"));
    }

    @Test
    void aRunsEventsGoAgainInOrderAndANewEndpointCanCatchUpSinceATime() throws Exception {
        assertTrue(fixture().runFactorial().succeeded());
        String runId = (String) fx.scalar("SELECT id FROM sync_runs");
        fx.receiver.clear();

        SyncFixture.Cli replay = fx.runCli("webhooks", "replay", "--run", runId);
        assertEquals(IdentitySync.OK, replay.code(), replay.out() + replay.err());
        assertEquals(eventIds(""), fx.receiver.received().stream().map(VerifyingReceiver.Received::id).toList());

        try (VerifyingReceiver late = new VerifyingReceiver(fx.secret)) {
            fx.set("webhooks.endpoint.late.url", late.url()).set("webhooks.endpoint.late.events", "user.created");
            SyncFixture.Cli catchUp = fx.runCli("webhooks", "replay", "--since=1h", "--endpoint=late");
            assertEquals(IdentitySync.OK, catchUp.code(), catchUp.out() + catchUp.err());
            assertEquals(eventIds("WHERE type = 'user.created'"), late.received().stream().map(VerifyingReceiver.Received::id).toList());
        }
    }

    @Test
    void replayNeedsOneSelectionAndAKnownEndpoint() throws Exception {
        fixture();
        SyncFixture.Cli none = fx.runCli("webhooks", "replay");
        assertEquals(IdentitySync.BAD_CONFIGURATION, none.code());
        assertTrue(none.err().contains("exactly one of --dead, --run=RUN_ID, --since=TIME"), none.err());
        SyncFixture.Cli unknown = fx.runCli("webhooks", "replay", "--dead", "--endpoint=nope");
        assertEquals(IdentitySync.BAD_CONFIGURATION, unknown.code());
        assertTrue(unknown.err().contains("--endpoint: 'nope' is not a configured webhook endpoint"), unknown.err());
        SyncFixture.Cli badTime = fx.runCli("webhooks", "replay", "--since=yesterday");
        assertEquals(IdentitySync.BAD_CONFIGURATION, badTime.code());
        assertTrue(badTime.err().contains("--since: 'yesterday'"), badTime.err());
    }
}
