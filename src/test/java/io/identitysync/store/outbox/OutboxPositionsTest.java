package io.identitysync.store.outbox;

import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.Transaction;
import io.identitysync.store.retention.Retention;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox by positions: a queued delivery is the route on its event until something happens to it, and
 * webhook_deliveries (the contract's view) shows every delivery as the table of one row per delivery did.
 */
class OutboxPositionsTest extends FixtureTest {

    private Store store;
    private Outbox outbox;

    private Store open() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(1, 1));
        store = Store.open(fx.settings()).migrate();
        outbox = new Outbox(store);
        return store;
    }

    /** Writes events to these endpoints as a run's commit does; returns their ids, in order. */
    private List<String> emit(int count, String... endpoints) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = store.connect()) {
            Transaction.run(c, () -> {
                try (Events events = new Events(c, (connector, type) -> List.of(endpoints), "run-1", "factorial")) {
                    for (int i = 0; i < count; i++) {
                        ids.add(events.emit("user.updated", "u" + i, "user", Rows.JSON.createObjectNode().put("external_id", "u" + i), List.of("title")));
                    }
                }
                return null;
            });
        }
        return ids;
    }

    private List<Outbox.Pending> heads(String endpoint) throws Exception {
        try (Connection c = store.connect()) {
            return outbox.heads(c, endpoint, 100);
        }
    }

    private void record(String endpoint, Outbox.Recorded... outcomes) throws Exception {
        try (Connection c = store.connect()) {
            outbox.record(c, endpoint, List.of(outcomes));
        }
    }

    private static Outbox.Recorded delivered(Outbox.Pending p) {
        return new Outbox.Recorded(p.seq(), p.own(), p.eventId(), "delivered", p.attempts() + 1, Store.now(), 200, null, Store.now());
    }

    private static Outbox.Recorded retrying(Outbox.Pending p) {
        return new Outbox.Recorded(p.seq(), p.own(), p.eventId(), "pending", p.attempts() + 1, "2999-01-01T00:00:00.000Z", 503, "HTTP 503", null);
    }

    private static Outbox.Recorded dead(Outbox.Pending p) {
        return new Outbox.Recorded(p.seq(), p.own(), p.eventId(), "dead", p.attempts() + 1, Store.now(), 400, "HTTP 400", null);
    }

    private List<Map<String, Object>> view(String endpoint) throws Exception {
        return fx.query("SELECT event_id, status, attempts, last_status_code, CASE WHEN delivered_at IS NULL THEN 0 ELSE 1 END AS has_delivered_at FROM webhook_deliveries "
                + "WHERE endpoint = '" + endpoint + "' ORDER BY event_seq");
    }

    private long rows(String table) throws Exception {
        return ((Number) fx.scalar("SELECT count(*) FROM " + table)).longValue();
    }

    @Test
    void queuedDeliveriesAreTheRouteOnTheirEventsAndTheViewListsEachOne() throws Exception {
        open();
        List<String> both = emit(5, "a", "b");
        List<String> onlyA = emit(1, "a");
        assertEquals(0, rows("outbox_deliveries"), "queuing writes no row per delivery");
        assertEquals(2, rows("outbox_routes"));
        assertEquals(11, rows("webhook_deliveries"));
        assertEquals(List.of("pending"), fx.query("SELECT DISTINCT status FROM webhook_deliveries").stream().map(r -> r.get("status")).toList());
        List<String> toA = new ArrayList<>(both);
        toA.addAll(onlyA);
        assertEquals(toA, heads("a").stream().map(Outbox.Pending::eventId).toList(), "an endpoint's queue in event order");
        assertEquals(both, heads("b").stream().map(Outbox.Pending::eventId).toList());
        assertEquals(Map.of("a", Map.of("pending", 6, "delivered", 0, "dead", 0), "b", Map.of("pending", 5, "delivered", 0, "dead", 0)),
                outbox.counts(List.of("a", "b")));
    }

    @Test
    void deliveriesInOrderMoveThePositionAndOnlyARetryGetsARow() throws Exception {
        open();
        List<String> ids = emit(6, "a");
        List<Outbox.Pending> queue = heads("a");
        record("a", delivered(queue.get(0)), delivered(queue.get(1)), delivered(queue.get(2)));
        assertEquals(0, rows("outbox_deliveries"));
        assertEquals(1, rows("outbox_positions"), "sends recorded within a second share one position row");

        // The fourth waits for its retry; a destination that holds back only its subject delivers the fifth meanwhile.
        record("a", retrying(queue.get(3)), delivered(queue.get(4)));
        assertEquals(1, rows("outbox_deliveries"), "the retry has a row; the delivery after it is covered by the position");
        List<Outbox.Pending> next = heads("a");
        assertEquals(List.of(ids.get(3), ids.get(5)), next.stream().map(Outbox.Pending::eventId).toList());
        assertTrue(next.get(0).own());
        assertEquals(1, next.get(0).attempts());
        assertEquals("2999-01-01T00:00:00.000Z", outbox.headDue("a"), "the waiting retry heads the queue");
        assertEquals(queue.get(5).nextAttemptAt(), outbox.earliestDue("a"), "the event after it is due now");

        record("a", delivered(next.get(0)), delivered(next.get(1)));
        assertTrue(heads("a").isEmpty());
        List<Map<String, Object>> view = view("a");
        assertEquals(ids, view.stream().map(r -> r.get("event_id")).toList());
        for (int i = 0; i < 6; i++) {
            assertEquals("delivered", view.get(i).get("status"), view.toString());
            assertEquals(i == 3 ? 2 : 1, ((Number) view.get(i).get("attempts")).intValue(), view.toString());
            assertEquals(200, ((Number) view.get(i).get("last_status_code")).intValue());
            assertEquals(1, ((Number) view.get(i).get("has_delivered_at")).intValue());
        }
        assertEquals(0, outbox.pending(List.of("a")));
    }

    @Test
    void aDeliveryPastOneHeldBackKeepsARowUntilThePositionCatchesUp() throws Exception {
        open();
        List<String> ids = emit(4, "directory:d");
        List<Outbox.Pending> queue = heads("directory:d");
        // The first is held back (its subject waits); the second and third go.
        record("directory:d", delivered(queue.get(1)), delivered(queue.get(2)));
        assertEquals(2, rows("outbox_deliveries"));
        assertEquals(0, rows("outbox_positions"), "the position waits for the first");
        assertEquals(List.of(ids.get(0), ids.get(3)), heads("directory:d").stream().map(Outbox.Pending::eventId).toList(),
                "delivered ones are not sent again");
        assertEquals(2, outbox.pending(List.of("directory:d")));
        assertFalse(outbox.oldestPending("directory:d") == null);

        record("directory:d", delivered(queue.get(0)));
        assertEquals(List.of(ids.get(3)), heads("directory:d").stream().map(Outbox.Pending::eventId).toList());
        assertEquals(List.of("delivered", "delivered", "delivered", "pending"), view("directory:d").stream().map(r -> r.get("status")).toList());
        assertEquals(((Number) fx.scalar("SELECT seq FROM events WHERE id = '" + ids.get(2) + "'")).longValue(),
                ((Number) fx.scalar("SELECT max(through_seq) FROM outbox_positions")).longValue(), "the position moved over the rows after it");
    }

    @Test
    void anEndpointGetsWhatWasRoutedToItWhenTheEventWasWrittenNotWhatTheConfigurationSaysLater() throws Exception {
        open();
        emit(2, "a");
        List<String> later = emit(1, "a", "b");
        assertEquals(later, heads("b").stream().map(Outbox.Pending::eventId).toList());
        assertEquals(Map.of("pending", 1, "delivered", 0, "dead", 0), outbox.counts(List.of("b")).get("b"));
    }

    @Test
    void retentionKeepsAnEventAnotherEndpointStillOwesWithItsDeadDelivery() throws Exception {
        open();
        List<String> ids = emit(2, "a", "b");
        List<Outbox.Pending> a = heads("a");
        record("a", delivered(a.get(0)), dead(a.get(1)));
        record("b", delivered(heads("b").get(0)));

        Retention.Pruned pruned = new Retention(store, Duration.ofDays(30), Duration.ofDays(400)).prune(Instant.now().plus(Duration.ofDays(31)));
        assertEquals(1, pruned.rows().get("events"), "the first event is done at both endpoints: " + pruned);
        assertEquals(2, pruned.rows().get("deliveries"));
        assertEquals(List.of(ids.get(1)), fx.query("SELECT id FROM events").stream().map(r -> r.get("id")).toList(), "b still owes the second");
        assertEquals(List.of("dead"), view("a").stream().map(r -> r.get("status")).toList(), "its dead delivery stays dead, not delivered");
        assertEquals(List.of("pending"), view("b").stream().map(r -> r.get("status")).toList());
    }
}
