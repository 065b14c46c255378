package io.identitysync.store.runs;

import io.identitysync.store.Statements;
import io.identitysync.store.Store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The inbound_notifications table (see V10__inbound_notifications.sql): what sources announced, until a run has read it. */
public final class InboundNotifications {

    private final Store store;

    public InboundNotifications(Store store) {
        this.store = store;
    }

    /** Stores a notification; returns when it is durable (the caller answers 2xx only then). */
    public void add(String connector, String subscriptionType, String subjectId, String body) {
        add(connector, subscriptionType, Arrays.asList(subjectId), body);
    }

    /**
     * Stores one delivery's notifications, a row per person it names, in one statement: no run can see some of them
     * without the others, so a bulk change is one run however soon a run starts.
     */
    public void add(String connector, String subscriptionType, List<String> subjectIds, String body) {
        String now = Store.now();
        // Past MAX_ROWS (a bulk far beyond what a targeted run reads: those are read in full anyway) in several
        // statements, within SQLite's limit on bound parameters.
        for (int from = 0; from < subjectIds.size(); from += MAX_ROWS) {
            List<String> chunk = subjectIds.subList(from, Math.min(subjectIds.size(), from + MAX_ROWS));
            List<Object> params = new ArrayList<>();
            for (String subject : chunk) {
                params.addAll(Arrays.asList(connector, subscriptionType, subject, body, now));
            }
            store.write("an inbound notification", "INSERT INTO inbound_notifications (connector, subscription_type, subject_id, body, received_at) "
                    + "VALUES " + String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?)")), params);
        }
    }

    private static final int MAX_ROWS = 1000;

    /** Connectors with notifications no run has read yet, oldest first. */
    public List<String> pendingConnectors() {
        List<String> out = new ArrayList<>();
        store.read("inbound notifications", "SELECT connector FROM inbound_notifications WHERE handled_at IS NULL GROUP BY connector "
                + "ORDER BY min(id)", List.of(), rs -> out.add(rs.getString(1)));
        return out;
    }

    /** The people the connector's pending notifications name; null when one of them names no one (then only a full read will do). */
    public List<String> pendingSubjects(String connector) {
        List<String> out = new ArrayList<>();
        boolean[] anonymous = new boolean[1];
        store.read("inbound notifications", "SELECT DISTINCT subject_id FROM inbound_notifications WHERE connector = ? AND handled_at IS NULL",
                List.of(connector), rs -> {
                    if (rs.getString(1) == null) {
                        anonymous[0] = true;
                    } else {
                        out.add(rs.getString(1));
                    }
                });
        return anonymous[0] ? null : out;
    }

    public int pending(String connector) {
        int[] n = new int[1];
        store.read("inbound notifications", "SELECT count(*) FROM inbound_notifications WHERE connector = ? AND handled_at IS NULL",
                List.of(connector), rs -> n[0] = rs.getInt(1));
        return n[0];
    }

    /**
     * In a run's commit: every notification of the connector that arrived before the run started was read by it. Those
     * that arrived during the run stay pending for the next one.
     */
    public static void handledBy(Connection c, String connector, String runId, String now) throws SQLException {
        // A targeted or incremental run read only its people: it answers their notifications only.
        try (PreparedStatement ps = c.prepareStatement("UPDATE inbound_notifications SET handled_at = ?, run_id = ? WHERE connector = ? "
                + "AND handled_at IS NULL AND received_at <= (SELECT started_at FROM sync_runs WHERE id = ?) "
                + "AND (EXISTS (SELECT 1 FROM sync_runs WHERE id = ? AND kind = 'full') OR subject_id IN (SELECT user_external_id FROM stage_scope "
                + "WHERE run_id = ?))")) {
            Statements.bind(ps, List.of(now, runId, connector, runId, runId, runId)).executeUpdate();
        }
    }
}
