package io.identitysync.store.quarantine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.outbox.Events;
import io.identitysync.store.outbox.Routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The pauses table: a row exists exactly while an operator has paused a connector (its automatic runs) or a
 * directory (its pushes). Pausing and resuming write the row and the event ({@code <kind>.paused},
 * {@code <kind>.resumed}) in one transaction, as quarantines do, so every node and every receiver hears of it once.
 */
public final class Pauses {

    /** One pause as the table holds it; {@code by} is who paused it: cli, or api:admin. */
    public record Pause(String kind, String name, String reason, String by, String since) {

        public ObjectNode json() {
            ObjectNode out = Rows.JSON.createObjectNode();
            out.put(kind, name);
            out.put("reason", reason);
            out.put("by", by);
            out.put("since", since);
            return out;
        }
    }

    private final Store store;
    private final Routing routing;

    /** @param routing who hears of pauses; null to only read */
    public Pauses(Store store, Routing routing) {
        this.store = store;
        this.routing = routing;
    }

    /** Its pause, or null when it is not paused. */
    public Pause get(String kind, String name) {
        List<Pause> out = new ArrayList<>();
        store.read("pauses", "SELECT * FROM pauses WHERE kind = ? AND name = ?", List.of(kind, name), rs -> out.add(row(rs)));
        return out.isEmpty() ? null : out.get(0);
    }

    /** Every pause, connectors first, by name. */
    public static List<Pause> all(Store store) {
        List<Pause> out = new ArrayList<>();
        store.read("pauses", "SELECT * FROM pauses ORDER BY kind, name", List.of(), rs -> out.add(row(rs)));
        return out;
    }

    public boolean paused(String kind, String name) {
        return get(kind, name) != null;
    }

    /** Pauses it and emits {@code <kind>.paused}; false (and nothing written) when it already is. */
    public boolean pause(String kind, String name, String reason, String by) {
        return change(kind, name, true, reason, by);
    }

    /** Resumes it and emits {@code <kind>.resumed}; false when it was not paused. */
    public boolean resume(String kind, String name, String by) {
        return change(kind, name, false, null, by);
    }

    private boolean change(String kind, String name, boolean pause, String reason, String by) {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            try {
                Pause before = get(c, kind, name);
                if (pause == (before != null)) {
                    c.rollback();
                    return false;
                }
                ObjectNode subject;
                if (pause) {
                    String now = Store.now();
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO pauses (kind, name, reason, paused_by, since) VALUES (?, ?, ?, ?, ?)")) {
                        Store.bind(ps, List.of(kind, name, reason, by, now)).executeUpdate();
                    }
                    subject = new Pause(kind, name, reason, by, now).json();
                } else {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM pauses WHERE kind = ? AND name = ?")) {
                        Store.bind(ps, List.of(kind, name)).executeUpdate();
                    }
                    subject = before.json().put("until", Store.now()).put("resumed_by", by);
                }
                // A pause belongs to no run; a connector's events still carry the connector, as every one of its events does.
                try (Events events = new Events(c, routing, "", kind.equals(Quarantines.CONNECTOR) ? name : "")) {
                    events.emit(kind + (pause ? ".paused" : ".resumed"), name, "pause", subject, null);
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot record " + (pause ? "the pause" : "the resumption") + " of " + kind + " " + name + ": "
                    + e.getMessage(), e);
        }
    }

    private static Pause row(java.sql.ResultSet rs) throws SQLException {
        return new Pause(rs.getString("kind"), rs.getString("name"), rs.getString("reason"), rs.getString("paused_by"), rs.getString("since"));
    }

    private static Pause get(Connection c, String kind, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM pauses WHERE kind = ? AND name = ?")) {
            Store.bind(ps, List.of(kind, name));
            try (var rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }
}
