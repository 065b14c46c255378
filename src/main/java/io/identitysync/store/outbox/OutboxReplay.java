package io.identitysync.store.outbox;

import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.Transaction;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * An operator's replay of the outbox ({@code webhooks replay}, {@code directories replay}): deliveries queued again,
 * each as a row of its own (pending, due now), which the endpoint's queue takes in event order with the rest.
 */
final class OutboxReplay {

    private OutboxReplay() {
    }

    /**
     * Makes the selected deliveries pending again, due now, with their attempts reset. For a run or a time, every
     * target whose filter accepts the event gets it, also one added after the event was written. Returns how many
     * deliveries were queued.
     */
    static int replay(Store store, Outbox.Selection selection, List<Outbox.Target> targets) {
        String now = Store.now();
        try (Connection c = store.connect()) {
            return Transaction.run(c, () -> selection.dead() ? replayDead(c, targets, now) : replayEvents(c, selection, targets, now));
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot update the outbox (webhook_deliveries): " + e.getMessage(), e);
        }
    }

    private static int replayDead(Connection c, List<Outbox.Target> targets, String now) throws SQLException {
        int queued = 0;
        // The answer that made each one dead is about to be cleared: it stays in the person's history (person_decisions).
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO person_decisions (connector, external_id, decision, detail, first_at, last_at) "
                + "SELECT e.connector, e.subject_id, 'replayed', d.endpoint || ': ' || e.type || ' ' || e.id || ' queued again after ' || d.attempts "
                + "|| ' attempt(s), dead with ' || coalesce(CAST(d.last_status_code AS TEXT) || ' ', '') || coalesce(d.last_error, 'no answer'), ?, ? "
                + "FROM outbox_deliveries d JOIN events e ON e.seq = d.event_seq WHERE d.status = 'dead' AND d.endpoint = ? AND e.type LIKE 'user.%' "
                + "AND e.subject_id IS NOT NULL")) {
            for (Outbox.Target t : targets) {
                ps.setString(1, now);
                ps.setString(2, now);
                ps.setString(3, t.endpoint());
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_deliveries SET status = 'pending', attempts = 0, "
                + "next_attempt_at = ?, last_error = NULL, last_status_code = NULL WHERE status = 'dead' AND endpoint = ?")) {
            for (Outbox.Target t : targets) {
                ps.setString(1, now);
                ps.setString(2, t.endpoint());
                queued += ps.executeUpdate();
            }
        }
        return queued;
    }

    private static int replayEvents(Connection c, Outbox.Selection selection, List<Outbox.Target> targets, String now) throws SQLException {
        int queued = 0;
        String where = selection.runId() != null ? "run_id = ?" : "created_at >= ?";
        try (PreparedStatement select = c.prepareStatement("SELECT id, type, seq, connector FROM events WHERE " + where + " ORDER BY seq");
             PreparedStatement upsert = c.prepareStatement("INSERT INTO outbox_deliveries (endpoint, status, attempts, next_attempt_at, event_seq) "
                     + "VALUES (?, 'pending', 0, ?, ?) ON CONFLICT (endpoint, event_seq) DO UPDATE SET status = 'pending', attempts = 0, "
                     + "next_attempt_at = excluded.next_attempt_at, last_error = NULL, last_status_code = NULL, delivered_at = NULL")) {
            select.setString(1, selection.runId() != null ? selection.runId() : selection.since());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    for (Outbox.Target t : targets) {
                        if (t.accepts().test(rs.getString(4), rs.getString(2))) {
                            upsert.setString(1, t.endpoint());
                            upsert.setString(2, now);
                            upsert.setLong(3, rs.getLong(3));
                            upsert.addBatch();
                            queued++;
                        }
                    }
                }
            }
            upsert.executeBatch();
        }
        return queued;
    }
}
