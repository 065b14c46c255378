package io.identitysync.destinations;

import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import io.identitysync.support.VerifyingReceiver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real process, killed with SIGKILL while it delivers: after a restart every event arrives, with its id, in order. */
class WebhookCrashTest extends FixtureTest {

    @Test
    void killedMidDeliveryTheNextStartDeliversEverythingWithTheSameIds() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(150, 4));
        fx.receiver.slow(5);
        // On PostgreSQL the restarted process is another node: it takes the endpoint once the killed one's lease lapses.
        fx.set("cluster.node-timeout", "3s").set("cluster.checkin-interval", "1s");
        Process process = fx.launch("--once");
        Instant deadline = Instant.now().plusSeconds(60);
        while (fx.receiver.received().size() < 60 && Instant.now().isBefore(deadline) && process.isAlive()) {
            Thread.sleep(20);
        }
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no last write
        process.waitFor();
        assertTrue(fx.receiver.received().size() >= 60, "the child was delivering when it was killed");

        assertEquals("succeeded", fx.scalar("SELECT status FROM sync_runs"));
        long pending = ((Number) fx.scalar("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'")).longValue();
        assertTrue(pending > 0, "the kill left deliveries pending");

        fx.receiver.slow(0);
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
            assertTrue(app.drainWebhooks(Duration.ofSeconds(30)));
        }
        List<String> events = fx.query("SELECT id FROM events ORDER BY seq").stream().map(r -> (String) r.get("id")).toList();
        List<VerifyingReceiver.Received> received = fx.receiver.received();
        List<String> firstArrivals = new ArrayList<>(new LinkedHashSet<>(received.stream().map(VerifyingReceiver.Received::id).toList()));
        assertEquals(events, firstArrivals, "every event, first seen in event order");
        Map<String, List<String>> copies = received.stream().collect(Collectors.groupingBy(VerifyingReceiver.Received::id,
                Collectors.mapping(r -> r.body().toString(), Collectors.toList())));
        copies.values().forEach(bodies -> assertEquals(1, new LinkedHashSet<>(bodies).size(), "a repeated id carries the same body"));
        assertTrue(received.size() - events.size() <= 50, "at most one unrecorded batch goes twice: " + (received.size() - events.size()));
    }
}
