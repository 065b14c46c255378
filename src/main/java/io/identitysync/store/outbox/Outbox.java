package io.identitysync.store.outbox;

import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.Transaction;
import io.identitysync.store.cluster.Leases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * The outbox: every query on it. An event is queued to the endpoints of its route in the transaction that writes it
 * ({@link Events}); each endpoint keeps its position in the event sequence (outbox_positions), and only a delivery
 * that needs a state of its own (waiting for a retry, dead, replayed, or delivered out of order) has a row
 * (outbox_deliveries). The contract's webhook_deliveries is a view over the three. Each endpoint's queue is read in
 * event order and the outcomes of sends are recorded in batches (the dispatchers); operators count, list and replay
 * them (status, {@code webhooks list|replay}, metrics: {@link OutboxBacklog}).
 *
 * <p>A position is sound only because events become visible in seq order: every transaction that writes events
 * holds the commit lock from its first event to its commit ({@link Events}; SQLite has one writer anyway), so no
 * event can appear later behind a position an endpoint already passed.
 */
public final class Outbox {

    /**
     * A pending delivery at the head of an endpoint's queue; {@code own} when it has a row of its own (a retry, a
     * replay), else it is one of the events after the endpoint's position.
     */
    public record Pending(long seq, boolean own, String eventId, String payload, int attempts, String nextAttemptAt) {
    }

    /** How one send ended, as it is recorded: status pending (with its next attempt), delivered or dead. */
    public record Recorded(long seq, boolean own, String eventId, String status, int attempts, String nextAttemptAt, Integer statusCode,
                           String error, String deliveredAt) {
    }

    public record Dead(String eventId, String type, String connector, String endpoint, int attempts, Integer lastStatusCode,
                       String lastError, String createdAt) {
    }

    /** Which events to queue again: dead deliveries, one run's events, or every event since a time. */
    public record Selection(boolean dead, String runId, String since) {
    }

    /** An endpoint a replay may queue to, with the filter of the events (connector, type) it wants. */
    public record Target(String endpoint, BiPredicate<String, String> accepts) {
    }

    /** Directories queue here too, as the endpoint {@code directory:<id>}. */
    public static final String DIRECTORY_PREFIX = "directory:";

    public static boolean isDirectory(String endpoint) {
        return endpoint.startsWith(DIRECTORY_PREFIX);
    }

    private final Store store;
    /** The endpoints this process delivers to now, with the fence of its lease on each. */
    private final Map<String, Long> held = new ConcurrentHashMap<>();
    private final Leases leases;

    public Outbox(Store store) {
        this.store = store;
        this.leases = new Leases(store);
    }

    /** Another node delivers to the endpoint now; or this node lost its lease on it. */
    public static final class LeaseLost extends SQLException {
        LeaseLost(String endpoint) {
            super("the lease on " + endpoint + " passed to another node; its deliveries go on there");
        }
    }

    /**
     * Takes the endpoint's delivery lease: only one node at a time sends an endpoint's queue, in event order, across
     * the cluster. False when another node holds it.
     */
    public boolean claim(String endpoint) {
        long fence = leases.claim(leaseName(endpoint));
        if (fence < 0) {
            return false;
        }
        held.put(endpoint, fence);
        return true;
    }

    public void release(String endpoint) {
        Long fence = held.remove(endpoint);
        if (fence != null) {
            leases.release(leaseName(endpoint), fence);
        }
    }

    private static String leaseName(String endpoint) {
        return "outbox:" + endpoint;
    }

    /** The oldest pending deliveries of an endpoint, in event order: its own rows and the events after its position, merged. */
    public List<Pending> heads(Connection c, String endpoint, int limit) throws SQLException {
        List<Pending> own = own(c, endpoint, limit);
        List<Pending> after = after(c, endpoint, limit);
        List<Pending> out = new ArrayList<>(Math.min(limit, own.size() + after.size()));
        int i = 0;
        int j = 0;
        while (out.size() < limit && (i < own.size() || j < after.size())) {
            out.add(j == after.size() || (i < own.size() && own.get(i).seq() < after.get(j).seq()) ? own.get(i++) : after.get(j++));
        }
        return out;
    }

    /** Pending deliveries with a row of their own (retries, replays), in event order. */
    private static List<Pending> own(Connection c, String endpoint, int limit) throws SQLException {
        return pending(c, "SELECT d.event_seq, 1, e.id, e.payload, d.attempts, d.next_attempt_at FROM outbox_deliveries d "
                + "JOIN events e ON e.seq = d.event_seq WHERE d.endpoint = ? AND d.status = 'pending' ORDER BY d.event_seq LIMIT " + limit, endpoint);
    }

    /** The endpoint's events after its position that have no row: due since they were written. */
    private static List<Pending> after(Connection c, String endpoint, int limit) throws SQLException {
        return pending(c, "SELECT e.seq, 0, e.id, e.payload, 0, e.created_at FROM events e WHERE e.seq > ? AND " + ROUTED
                + " AND NOT EXISTS (SELECT 1 FROM outbox_deliveries d WHERE d.endpoint = ? AND d.event_seq = e.seq) ORDER BY e.seq LIMIT " + limit,
                position(c, endpoint), endpoint, endpoint);
    }

    /**
     * The endpoint's events (those whose route names it), for reading in seq order: the unary plus keeps SQLite on
     * the table's own order instead of the route index, with which it would sort every pending event for each batch.
     */
    static final String ROUTED = "+e.route IN (SELECT r.route FROM outbox_route_endpoints r WHERE r.endpoint = ?)";

    /** The same, for counting: through the route index, without reading the events' payloads. */
    static final String ROUTED_INDEXED = ROUTED.substring(1);

    private static List<Pending> pending(Connection c, String sql, Object... params) throws SQLException {
        List<Pending> out = new ArrayList<>();
        try (PreparedStatement ps = Store.bind(c.prepareStatement(sql), List.of(params))) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(rs.getLong(1), rs.getInt(2) == 1, rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6)));
                }
            }
        }
        return out;
    }

    /** How far along the event sequence the endpoint got: every event of its routes up to here is handled. */
    static long position(Connection c, String endpoint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(through_seq), 0) FROM outbox_positions WHERE endpoint = ?")) {
            ps.setString(1, endpoint);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** When the head of an endpoint's queue is due, or null: for destinations where the head holds the rest back. */
    public String headDue(String endpoint) {
        List<Pending> head = read(c -> heads(c, endpoint, 1));
        return head.isEmpty() ? null : head.get(0).nextAttemptAt();
    }

    /** When the earliest pending delivery of an endpoint is due, or null: for destinations where one waiting delivery holds back only its own subject. */
    public String earliestDue(String endpoint) {
        return read(c -> {
            String earliest = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT min(next_attempt_at) FROM outbox_deliveries WHERE endpoint = ? AND status = 'pending'")) {
                ps.setString(1, endpoint);
                try (ResultSet rs = ps.executeQuery()) {
                    earliest = rs.next() ? rs.getString(1) : null;
                }
            }
            for (Pending p : after(c, endpoint, 1)) {
                if (earliest == null || p.nextAttemptAt().compareTo(earliest) < 0) {
                    earliest = p.nextAttemptAt();
                }
            }
            return earliest;
        });
    }

    interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    private <T> T read(Work<T> work) {
        try (Connection c = store.connect()) {
            return work.on(c);
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot read the outbox: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the outcomes of a series of sends to one endpoint in one transaction: a delivery with its own row
     * updates it; one that failed gets a row; the position then moves over every event that is delivered or has
     * a row, up to the first that is neither (one held back behind a waiting change of its subject), and an event
     * delivered beyond that keeps a row saying so.
     */
    public void record(Connection c, String endpoint, List<Recorded> outcomes) throws SQLException {
        if (outcomes.isEmpty()) {
            return;
        }
        Long fence = held.get(endpoint);
        Transaction.run(c, () -> {
            // Outcomes go in only while the lease is still this node's (which renews it): a node that stalled past its
            // lease records nothing over the node that took the endpoint on.
            if (fence != null && !leases.holds(c, leaseName(endpoint), fence)) {
                throw new LeaseLost(endpoint);
            }
            long position = position(c, endpoint);
            TreeMap<Long, Recorded> delivered = new TreeMap<>();
            List<Recorded> rows = new ArrayList<>();
            for (Recorded r : outcomes) {
                if (!r.own() && r.status().equals("delivered")) {
                    if (r.seq() > position) {
                        delivered.put(r.seq(), r);
                    }
                } else {
                    rows.add(r);
                }
            }
            OutboxPositions.write(c, endpoint, rows);
            OutboxPositions.advance(c, endpoint, position, delivered);
            return null;
        });
    }

    /** Pending deliveries to these endpoints (those of endpoints no longer configured are left alone). */
    public int pending(Collection<String> endpoints) {
        return read(c -> OutboxBacklog.pending(c, endpoints));
    }

    /** endpoint → status → count: these endpoints (all statuses, 0 when empty), then every other endpoint with deliveries. */
    public Map<String, Map<String, Integer>> counts(Collection<String> endpoints) {
        return read(c -> OutboxBacklog.counts(c, endpoints));
    }

    /** When the oldest pending event of an endpoint was written, or null. */
    public String oldestPending(String endpoint) {
        return read(c -> OutboxBacklog.oldestPending(c, endpoint));
    }

    /** Dead deliveries, oldest first: to directories, or to webhook endpoints. */
    public List<Dead> dead(int limit, boolean directories) {
        return read(c -> OutboxBacklog.dead(c, limit, directories));
    }

    /**
     * Makes the selected deliveries pending again, due now, with their attempts reset; returns how many were queued
     * (see {@link OutboxReplay}).
     */
    public int replay(Selection selection, List<Target> targets) {
        return OutboxReplay.replay(store, selection, targets);
    }
}
