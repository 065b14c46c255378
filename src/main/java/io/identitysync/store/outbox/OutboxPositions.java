package io.identitysync.store.outbox;

import io.identitysync.store.Store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.Objects;
import java.util.TreeMap;

/** How recorded sends change the outbox: rows of deliveries with a state of their own, and each endpoint's position. */
final class OutboxPositions {

    private OutboxPositions() {
    }

    /** Writes (or rewrites) the rows of these deliveries. */
    static void write(Connection c, String endpoint, Collection<Outbox.Recorded> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox_deliveries (endpoint, event_seq, status, attempts, next_attempt_at, "
                + "last_status_code, last_error, delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (endpoint, event_seq) DO UPDATE SET "
                + "status = excluded.status, attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at, "
                + "last_status_code = excluded.last_status_code, last_error = excluded.last_error, delivered_at = excluded.delivered_at")) {
            for (Outbox.Recorded r : rows) {
                ps.setString(1, endpoint);
                ps.setLong(2, r.seq());
                ps.setString(3, r.status());
                ps.setInt(4, r.attempts());
                ps.setString(5, r.nextAttemptAt());
                ps.setObject(6, r.statusCode(), Types.INTEGER);
                ps.setString(7, r.error());
                ps.setString(8, r.deliveredAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Moves the endpoint's position over the events after it that were delivered now (without a row) or have a row,
     * up to the first that is neither; those delivered beyond that get a row.
     */
    static void advance(Connection c, String endpoint, long position, TreeMap<Long, Outbox.Recorded> delivered) throws SQLException {
        long to = position;
        Outbox.Recorded last = null;
        // A window at a time: unbounded, PostgreSQL planned the walk as a sort of every event after the position, for
        // each batch recorded (a first sync's backlog: 300,000 events sorted per batch of a few hundred sent).
        int window = delivered.size() + 256;
        boolean walking = true;
        try (PreparedStatement ps = c.prepareStatement("SELECT e.seq, EXISTS (SELECT 1 FROM outbox_deliveries d WHERE d.endpoint = ? "
                + "AND d.event_seq = e.seq) FROM events e WHERE e.seq > ? AND " + Outbox.ROUTED + " ORDER BY e.seq LIMIT " + window)) {
            while (walking) {
                ps.setString(1, endpoint);
                ps.setLong(2, to);
                ps.setString(3, endpoint);
                int rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        Outbox.Recorded r = delivered.remove(rs.getLong(1));
                        if (r != null) {
                            last = r;
                        } else if (!rs.getBoolean(2)) {
                            walking = false;
                            break;
                        }
                        to = rs.getLong(1);
                    }
                }
                walking &= rows == window;
            }
        }
        write(c, endpoint, delivered.values());
        if (to > position) {
            move(c, endpoint, to, last);
        }
    }

    /**
     * Writes the new position. Positions written within the same second with the same status code are one row (the
     * view's delivered_at is so exact to the second): a first sync's deliveries take a row per second, not per event.
     */
    private static void move(Connection c, String endpoint, long to, Outbox.Recorded last) throws SQLException {
        Long previous = null;
        String previousAt = null;
        Integer previousCode = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT through_seq, delivered_at, last_status_code FROM outbox_positions "
                + "WHERE endpoint = ? ORDER BY through_seq DESC LIMIT 1")) {
            ps.setString(1, endpoint);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    previous = rs.getLong(1);
                    previousAt = rs.getString(2);
                    Object code = rs.getObject(3);
                    previousCode = code == null ? null : ((Number) code).intValue();
                }
            }
        }
        String at = last == null ? null : last.deliveredAt();
        Integer code = last == null ? previousCode : last.statusCode();
        boolean sameRow = previous != null && (at == null || (at.regionMatches(0, previousAt, 0, 19) && Objects.equals(code, previousCode)));
        try (PreparedStatement ps = c.prepareStatement(sameRow
                ? "UPDATE outbox_positions SET through_seq = ?, delivered_at = coalesce(?, delivered_at), last_status_code = ? WHERE endpoint = ? AND through_seq = ?"
                : "INSERT INTO outbox_positions (through_seq, delivered_at, last_status_code, endpoint) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, to);
            ps.setString(2, sameRow || at != null ? at : Store.now());
            ps.setObject(3, code, Types.INTEGER);
            ps.setString(4, endpoint);
            if (sameRow) {
                ps.setLong(5, previous);
            }
            ps.executeUpdate();
        }
    }
}
