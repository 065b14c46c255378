package io.identitysync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * The outbox (webhook_deliveries): every query on it. Deliveries are queued in the transaction that writes their
 * events ({@link Queue}); each endpoint's queue is read in event order and the outcomes of sends are recorded in
 * batches (the dispatcher); operators count, list and replay them (status, {@code webhooks list|replay}, metrics).
 */
public final class Outbox {

    /** A pending delivery at the head of an endpoint's queue. */
    public record Pending(String eventId, String payload, int attempts, String nextAttemptAt) {
    }

    /** How one send ended, as it is recorded: status pending (with its next attempt), delivered or dead. */
    public record Recorded(String eventId, String status, int attempts, String nextAttemptAt, Integer statusCode, String error, String deliveredAt) {
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

    private static final String TABLE = "webhook_deliveries";

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

    /** Queues deliveries in the caller's transaction, the one that writes their events. */
    public static final class Queue implements AutoCloseable {
        private final Connection c;
        private final PreparedStatement one;

        Queue(Connection c) throws SQLException {
            this.c = c;
            this.one = c.prepareStatement("INSERT INTO webhook_deliveries (event_id, endpoint, status, attempts, next_attempt_at, event_seq) "
                    + "VALUES (?, ?, 'pending', 0, ?, (SELECT seq FROM events WHERE id = ?))");
        }

        /** One event to one endpoint, due at {@code now}. */
        public void add(String eventId, String endpoint, String now) throws SQLException {
            one.setString(1, eventId);
            one.setString(2, endpoint);
            one.setString(3, now);
            one.setString(4, eventId);
            one.executeUpdate();
        }

        /** Every event written after {@code seq}, in event order, to one endpoint: for events written set-based. */
        public void addSince(long seq, String endpoint, String now) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_deliveries (event_id, endpoint, status, attempts, "
                    + "next_attempt_at, event_seq) SELECT id, ?, 'pending', 0, ?, seq FROM events WHERE seq > ? ORDER BY seq")) {
                ps.setString(1, endpoint);
                ps.setString(2, now);
                ps.setLong(3, seq);
                ps.executeUpdate();
            }
        }

        @Override
        public void close() throws SQLException {
            one.close();
        }
    }

    /** The oldest pending deliveries of an endpoint, in event order. */
    public List<Pending> heads(Connection c, String endpoint, int limit) throws SQLException {
        List<Pending> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT d.event_id, e.payload, d.attempts, d.next_attempt_at FROM webhook_deliveries d "
                + "JOIN events e ON e.id = d.event_id WHERE d.endpoint = ? AND d.status = 'pending' ORDER BY d.event_seq LIMIT " + limit)) {
            ps.setString(1, endpoint);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    /** When the head of an endpoint's queue is due, or null: for destinations where the head holds the rest back. */
    public String headDue(String endpoint) {
        String[] due = {null};
        store.read(TABLE, "SELECT next_attempt_at FROM webhook_deliveries WHERE endpoint = ? AND status = 'pending' ORDER BY event_seq LIMIT 1",
                List.of(endpoint), rs -> due[0] = rs.getString(1));
        return due[0];
    }

    /** When the earliest pending delivery of an endpoint is due, or null: for destinations where one waiting delivery holds back only its own subject. */
    public String earliestDue(String endpoint) {
        String[] earliest = {null};
        store.read(TABLE, "SELECT min(next_attempt_at) FROM webhook_deliveries WHERE endpoint = ? AND status = 'pending'", List.of(endpoint),
                rs -> earliest[0] = rs.getString(1));
        return earliest[0];
    }

    /** Writes the outcomes of a series of sends to one endpoint in one transaction. */
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
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, "
                    + "last_status_code = ?, last_error = ?, delivered_at = ? WHERE event_id = ? AND endpoint = ?")) {
                for (Recorded r : outcomes) {
                    ps.setString(1, r.status());
                    ps.setInt(2, r.attempts());
                    ps.setString(3, r.nextAttemptAt());
                    if (r.statusCode() == null) {
                        ps.setNull(4, Types.INTEGER);
                    } else {
                        ps.setInt(4, r.statusCode());
                    }
                    ps.setString(5, r.error());
                    ps.setString(6, r.deliveredAt());
                    ps.setString(7, r.eventId());
                    ps.setString(8, endpoint);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Pending deliveries to these endpoints (rows of endpoints no longer configured are left alone). */
    public int pending(Collection<String> endpoints) {
        if (endpoints.isEmpty()) {
            return 0;
        }
        String marks = String.join(",", Collections.nCopies(endpoints.size(), "?"));
        int[] pending = {0};
        store.read(TABLE, "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending' AND endpoint IN (" + marks + ")",
                List.copyOf(endpoints), rs -> pending[0] = rs.getInt(1));
        return pending[0];
    }

    /** endpoint → status → count: these endpoints (all statuses, 0 when empty), then every other endpoint with deliveries. */
    public Map<String, Map<String, Integer>> counts(Collection<String> endpoints) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        for (String e : endpoints) {
            out.put(e, new LinkedHashMap<>(Map.of("pending", 0, "delivered", 0, "dead", 0)));
        }
        store.read(TABLE, "SELECT endpoint, status, count(*) FROM webhook_deliveries GROUP BY endpoint, status ORDER BY endpoint", List.of(),
                rs -> out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getInt(3)));
        return out;
    }

    /** When the oldest pending event of an endpoint was written, or null. */
    public String oldestPending(String endpoint) {
        String[] oldest = {null};
        store.read(TABLE, "SELECT min(e.created_at) FROM webhook_deliveries d JOIN events e ON e.id = d.event_id "
                + "WHERE d.endpoint = ? AND d.status = 'pending'", List.of(endpoint), rs -> oldest[0] = rs.getString(1));
        return oldest[0];
    }

    /** Dead deliveries, oldest first: to directories, or to webhook endpoints. */
    public List<Dead> dead(int limit, boolean directories) {
        List<Dead> out = new ArrayList<>();
        store.read(TABLE, "SELECT d.event_id, e.type, e.connector, d.endpoint, d.attempts, d.last_status_code, d.last_error, e.created_at "
                + "FROM webhook_deliveries d JOIN events e ON e.id = d.event_id WHERE d.status = 'dead' AND (d.endpoint LIKE '"
                + DIRECTORY_PREFIX + "%') = ? ORDER BY e.seq LIMIT ?", List.of(directories, limit), rs -> {
                    Object code = rs.getObject(6);
                    out.add(new Dead(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            code == null ? null : ((Number) code).intValue(), rs.getString(7), rs.getString(8)));
                });
        return out;
    }

    /**
     * Makes the selected deliveries pending again, due now, with their attempts reset; returns how many were queued
     * (see {@link OutboxReplay}).
     */
    public int replay(Selection selection, List<Target> targets) {
        return OutboxReplay.replay(store, selection, targets);
    }
}
