package io.identitysync.store.quarantine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.outbox.Events;
import io.identitysync.store.outbox.Routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The quarantines table: a row exists exactly while a connector or a directory is quarantined. Entering and leaving
 * write the row and the event ({@code <kind>.quarantined}, {@code <kind>.recovered}) in one transaction, so receivers
 * hear of each change once, signed and delivered like every event.
 */
public final class Quarantines {

    public static final String CONNECTOR = "connector";
    public static final String DIRECTORY = "directory";
    /** Why: the key was refused (at once), or runs failed quarantine-after times in a row. */
    public static final String CREDENTIAL = "credential";
    public static final String FAILURES = "failures";

    /** One quarantine as the table holds it. */
    public record Quarantine(String kind, String name, String reason, int failures, String lastError, String since, String updatedAt) {

        /** As events, status and the API show it: named by kind (connector or directory). */
        public ObjectNode json() {
            ObjectNode out = Rows.JSON.createObjectNode();
            out.put(kind, name);
            out.put("reason", reason);
            out.put("failures", failures);
            out.put("last_error", lastError);
            out.put("since", since);
            return out;
        }
    }

    private final Store store;
    private final Routing routing;

    public Quarantines(Store store, Routing routing) {
        this.store = store;
        this.routing = routing;
    }

    /** The quarantine of a connector or directory, or null when it is not quarantined. */
    public Quarantine get(String kind, String name) {
        List<Quarantine> out = new ArrayList<>();
        store.read("quarantines", "SELECT * FROM quarantines WHERE kind = ? AND name = ?", List.of(kind, name), rs -> out.add(row(rs)));
        return out.isEmpty() ? null : out.get(0);
    }

    /** Every quarantine, connectors first, by name. */
    public List<Quarantine> all() {
        return all(store);
    }

    public static List<Quarantine> all(Store store) {
        List<Quarantine> out = new ArrayList<>();
        store.read("quarantines", "SELECT * FROM quarantines ORDER BY kind, name", List.of(), rs -> out.add(row(rs)));
        return out;
    }

    /**
     * Quarantines it, or, when it is already, records the newest error. Returns true when it entered quarantine now
     * (and {@code <kind>.quarantined} was emitted).
     *
     * @param runId    the run that failed (a connector), or "" (a directory)
     * @param schedule the back-off cron it now runs on, carried by the event
     */
    public boolean enter(String kind, String name, String runId, String reason, int failures, String error, String schedule) {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            try {
                String now = Store.now();
                boolean entered = get(c, kind, name) == null;
                if (entered) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO quarantines (kind, name, reason, failures, last_error, since, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        Store.bind(ps, List.of(kind, name, reason, failures, error, now, now)).executeUpdate();
                    }
                    ObjectNode subject = get(c, kind, name).json();
                    subject.put("schedule", schedule);
                    emit(c, kind, name, runId, kind + ".quarantined", subject);
                } else {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE quarantines SET failures = failures + 1, last_error = ?, updated_at = ? "
                            + "WHERE kind = ? AND name = ?")) {
                        Store.bind(ps, List.of(error, now, kind, name)).executeUpdate();
                    }
                }
                c.commit();
                return entered;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot record the quarantine of " + kind + " " + name + ": " + e.getMessage(), e);
        }
    }

    /** Ends its quarantine, if it is in one, and emits {@code <kind>.recovered}; true when it was quarantined. */
    public boolean leave(String kind, String name, String runId) {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            try {
                Quarantine q = get(c, kind, name);
                if (q == null) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM quarantines WHERE kind = ? AND name = ?")) {
                    Store.bind(ps, List.of(kind, name)).executeUpdate();
                }
                ObjectNode subject = q.json();
                subject.put("until", Store.now());
                emit(c, kind, name, runId, kind + ".recovered", subject);
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot record the recovery of " + kind + " " + name + ": " + e.getMessage(), e);
        }
    }

    private void emit(Connection c, String kind, String name, String runId, String type, ObjectNode subject) throws SQLException {
        // A connector's events carry it and the run, as every event does; a directory's belong to no connector.
        try (Events events = new Events(c, routing, kind.equals(CONNECTOR) ? runId : "", kind.equals(CONNECTOR) ? name : "")) {
            events.emit(type, name, "quarantine", subject, null);
        }
    }

    private static Quarantine get(Connection c, String kind, String name) throws SQLException {
        try (PreparedStatement ps = Store.bind(c.prepareStatement("SELECT * FROM quarantines WHERE kind = ? AND name = ?"), List.of(kind, name));
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? row(rs) : null;
        }
    }

    private static Quarantine row(ResultSet rs) throws SQLException {
        return new Quarantine(rs.getString("kind"), rs.getString("name"), rs.getString("reason"), rs.getInt("failures"), rs.getString("last_error"),
                rs.getString("since"), rs.getString("updated_at"));
    }
}
