package io.identitysync.store.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.store.Rows;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Events written set-based (new memberships) are byte for byte what the one-at-a-time path writes. */
class BulkEventsTest extends FixtureTest {

    @Test
    void aBulkMembershipEventHasExactlyTheBodyOfOneWrittenAlone() throws Exception {
        FactorialData data = FactorialData.seeded(20, 6);
        // Text both writers must escape alike: a quote, a tab, control characters (SQLite writes \\u001f, so Jackson must too).
        data.employeeById(3).put("last_name", "Ng \"Q\"\t\u001f\u000b\u0001 \u00e9\u4e2d");
        fx = new SyncFixture(dir, data);
        assertTrue(fx.runFactorial().succeeded());
        List<Map<String, Object>> events = fx.query("SELECT e.id, e.payload, e.subject_id, e.seq, d.event_seq FROM events e "
                + "JOIN webhook_deliveries d ON d.event_id = e.id WHERE e.type = 'membership.added' ORDER BY e.seq");
        assertEquals(((Number) fx.scalar("SELECT count(*) FROM memberships")).intValue(), events.size(), "one event per membership, each queued");
        Map<String, Object> first = events.get(0);
        assertEquals(first.get("seq"), first.get("event_seq"));
        assertTrue(((String) first.get("id")).matches("msg_[0-9a-f]{32}"), (String) first.get("id"));
        assertEquals(events.size(), events.stream().map(e -> e.get("id")).distinct().count());

        JsonNode bulk = Rows.JSON.readTree((String) first.get("payload"));
        String[] key = ((String) first.get("subject_id")).split("/");
        ObjectNode membership = stored("SELECT * FROM memberships WHERE group_external_id = ? AND user_external_id = ? AND relation = ?",
                key[0], key[1], bulk.path("data").path("membership").path("relation").asText());
        assertEquals(writtenAlone("membership.added", bulk, "membership", membership), first.get("payload"));

        List<Map<String, Object>> created = fx.query("SELECT payload, subject_id FROM events WHERE type = 'user.created' ORDER BY seq");
        assertEquals(((Number) fx.scalar("SELECT count(*) FROM users")).intValue(), created.size());
        for (Map<String, Object> event : created) {
            JsonNode body = Rows.JSON.readTree((String) event.get("payload"));
            ObjectNode user = stored("SELECT u.*, m.username AS manager_username, m.email AS manager_email FROM users u "
                    + "LEFT JOIN users m ON m.external_id = u.manager_external_id AND m.deleted_at IS NULL WHERE u.external_id = ?",
                    (String) event.get("subject_id"));
            user.remove("content_hash");
            assertEquals(writtenAlone("user.created", body, "user", user), event.get("payload"));
        }
        // And receivers got them, verified by the reference library, in order.
        assertTrue(fx.receiver.types().contains("membership.added"));
        assertEquals(0, fx.receiver.badSignatures());
    }

    /** The one stored row the query finds, as events carry it. */
    private ObjectNode stored(String sql, String... params) throws Exception {
        try (Connection c = DriverManager.getConnection(fx.settings().get("store.url"));
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Rows.toJson(rs);
            }
        }
    }

    /** The body Events.emit writes for this subject, with the timestamp and run of the bulk-written one. */
    private static String writtenAlone(String type, JsonNode bulk, String subjectKey, ObjectNode subject) {
        ObjectNode alone = Rows.JSON.createObjectNode();
        alone.put("type", type);
        alone.put("timestamp", bulk.path("timestamp").asText());
        ObjectNode data = alone.putObject("data");
        data.put("connector", "factorial");
        data.put("run_id", bulk.path("data").path("run_id").asText());
        data.set(subjectKey, subject);
        return Rows.write(alone);
    }
}
