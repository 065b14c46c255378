package io.identitysync.store.outbox;

import io.identitysync.store.Store;

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

/** What the outbox holds, for operators: pending and dead deliveries, counts by status (status, metrics, {@code webhooks list}). */
final class OutboxBacklog {

    private OutboxBacklog() {
    }

    private static final String AFTER = "FROM events e WHERE e.seq > ? AND %s"
            + " AND NOT EXISTS (SELECT 1 FROM outbox_deliveries d WHERE d.endpoint = ? AND d.event_seq = e.seq)";

    static int pending(Connection c, Collection<String> endpoints) throws SQLException {
        int pending = 0;
        for (String endpoint : endpoints) {
            pending += (int) number(c, "SELECT count(*) FROM outbox_deliveries WHERE endpoint = ? AND status = 'pending'", endpoint);
            pending += (int) number(c, "SELECT count(*) " + AFTER.formatted(Outbox.ROUTED_INDEXED), Outbox.position(c, endpoint), endpoint, endpoint);
        }
        return pending;
    }

    static Map<String, Map<String, Integer>> counts(Connection c, Collection<String> endpoints) throws SQLException {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        for (String e : endpoints) {
            out.put(e, new LinkedHashMap<>(Map.of("pending", 0, "delivered", 0, "dead", 0)));
        }
        Map<String, Map<String, Integer>> others = new TreeMap<>();
        String routed = "SELECT r.endpoint, CASE WHEN e.seq <= coalesce((SELECT max(p.through_seq) FROM outbox_positions p WHERE p.endpoint = r.endpoint), 0) "
                + "THEN 'delivered' ELSE 'pending' END, count(*) FROM events e JOIN outbox_route_endpoints r ON r.route = e.route "
                + "WHERE NOT EXISTS (SELECT 1 FROM outbox_deliveries d WHERE d.endpoint = r.endpoint AND d.event_seq = e.seq) GROUP BY 1, 2";
        for (String sql : List.of(routed, "SELECT endpoint, status, count(*) FROM outbox_deliveries GROUP BY 1, 2")) {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Integer> byStatus = out.containsKey(rs.getString(1)) ? out.get(rs.getString(1))
                            : others.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>());
                    byStatus.merge(rs.getString(2), rs.getInt(3), Integer::sum);
                }
            }
        }
        out.putAll(others);
        return out;
    }

    /** When the oldest pending event of an endpoint was written, or null. */
    static String oldestPending(Connection c, String endpoint) throws SQLException {
        String own = text(c, "SELECT min(e.created_at) FROM outbox_deliveries d JOIN events e ON e.seq = d.event_seq "
                + "WHERE d.endpoint = ? AND d.status = 'pending'", endpoint);
        String after = text(c, "SELECT e.created_at " + AFTER.formatted(Outbox.ROUTED) + " ORDER BY e.seq LIMIT 1", Outbox.position(c, endpoint), endpoint, endpoint);
        return own == null || (after != null && after.compareTo(own) < 0) ? after : own;
    }

    static List<Outbox.Dead> dead(Connection c, int limit, boolean directories) throws SQLException {
        List<Outbox.Dead> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT e.id, e.type, e.connector, d.endpoint, d.attempts, d.last_status_code, d.last_error, "
                + "e.created_at FROM outbox_deliveries d JOIN events e ON e.seq = d.event_seq WHERE d.status = 'dead' AND (d.endpoint LIKE '"
                + Outbox.DIRECTORY_PREFIX + "%') = ? ORDER BY e.seq LIMIT ?")) {
            ps.setBoolean(1, directories);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object code = rs.getObject(6);
                    out.add(new Outbox.Dead(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            code == null ? null : ((Number) code).intValue(), rs.getString(7), rs.getString(8)));
                }
            }
        }
        return out;
    }

    private static long number(Connection c, String sql, Object... params) throws SQLException {
        String text = text(c, sql, params);
        return text == null ? 0 : Long.parseLong(text);
    }

    private static String text(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = Store.bind(c.prepareStatement(sql), List.of(params))) {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
