package io.identitysync.destinations.webhooks;

import io.identitysync.store.Store;
import io.identitysync.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an operator does with the outbox from the command line: see what is pending or dead, and queue events
 * again (dead ones, a run's, or everything since a time). Replayed events keep their webhook-id, so a receiver
 * that already has one can drop it.
 */
public final class WebhookOutbox {

    public record Dead(String eventId, String type, String connector, String endpoint, int attempts, Integer lastStatusCode,
                       String lastError, String createdAt) {
    }

    /** Which events to queue again: dead deliveries, one run's events, or every event since a time; optionally one endpoint. */
    public record Selection(boolean dead, String runId, String since, String endpoint) {
    }

    private final Store store;
    private final List<WebhookEndpoint> endpoints;

    public WebhookOutbox(Store store, List<WebhookEndpoint> endpoints) {
        this.store = store;
        this.endpoints = endpoints;
    }

    /** endpoint → status → count, for every endpoint with deliveries in the store. */
    public Map<String, Map<String, Integer>> counts() {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        for (WebhookEndpoint e : endpoints) {
            out.put(e.id(), new LinkedHashMap<>(Map.of("pending", 0, "delivered", 0, "dead", 0)));
        }
        try (Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("SELECT endpoint, status, count(*) FROM webhook_deliveries GROUP BY endpoint, status ORDER BY endpoint");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getInt(3));
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot read webhook_deliveries: " + e.getMessage(), e);
        }
        return out;
    }

    public List<Dead> dead(int limit) {
        List<Dead> out = new ArrayList<>();
        try (Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("SELECT d.event_id, e.type, e.connector, d.endpoint, d.attempts, d.last_status_code, "
                     + "d.last_error, e.created_at FROM webhook_deliveries d JOIN events e ON e.id = d.event_id WHERE d.status = 'dead' "
                     + "ORDER BY e.seq LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object code = rs.getObject(6);
                    out.add(new Dead(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            code == null ? null : ((Number) code).intValue(), rs.getString(7), rs.getString(8)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot read webhook_deliveries: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Makes the selected deliveries pending again, due now, with their attempts reset. For a run or a time, every
     * configured endpoint whose filter accepts the event gets it, also one added after the event was written.
     * Returns how many deliveries were queued.
     */
    public int replay(Selection selection) {
        List<WebhookEndpoint> targets = endpoints.stream()
                .filter(e -> selection.endpoint() == null || e.id().equals(selection.endpoint())).toList();
        if (targets.isEmpty()) {
            throw new IllegalArgumentException(selection.endpoint() == null ? "no webhook endpoint is configured (webhooks.urls or webhooks.endpoint.<id>.url)"
                    : "--endpoint: '" + selection.endpoint() + "' is not a configured webhook endpoint");
        }
        String now = Store.now();
        int queued = 0;
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            try {
                if (selection.dead()) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_deliveries SET status = 'pending', attempts = 0, "
                            + "next_attempt_at = ?, last_error = NULL, last_status_code = NULL WHERE status = 'dead' AND endpoint = ?")) {
                        for (WebhookEndpoint e : targets) {
                            ps.setString(1, now);
                            ps.setString(2, e.id());
                            queued += ps.executeUpdate();
                        }
                    }
                } else {
                    String where = selection.runId() != null ? "run_id = ?" : "created_at >= ?";
                    String value = selection.runId() != null ? selection.runId() : selection.since();
                    try (PreparedStatement select = c.prepareStatement("SELECT id, type, seq FROM events WHERE " + where + " ORDER BY seq");
                         PreparedStatement upsert = c.prepareStatement("INSERT INTO webhook_deliveries (event_id, endpoint, status, attempts, next_attempt_at, event_seq) "
                                 + "VALUES (?, ?, 'pending', 0, ?, ?) ON CONFLICT (event_id, endpoint) DO UPDATE SET status = 'pending', attempts = 0, "
                                 + "next_attempt_at = excluded.next_attempt_at, last_error = NULL, last_status_code = NULL, delivered_at = NULL")) {
                        select.setString(1, value);
                        try (ResultSet rs = select.executeQuery()) {
                            while (rs.next()) {
                                for (WebhookEndpoint e : targets) {
                                    if (e.accepts(rs.getString(2))) {
                                        upsert.setString(1, rs.getString(1));
                                        upsert.setString(2, e.id());
                                        upsert.setString(3, now);
                                        upsert.setLong(4, rs.getLong(3));
                                        upsert.addBatch();
                                        queued++;
                                    }
                                }
                            }
                        }
                        upsert.executeBatch();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot update webhook_deliveries: " + e.getMessage(), e);
        }
        return queued;
    }
}
