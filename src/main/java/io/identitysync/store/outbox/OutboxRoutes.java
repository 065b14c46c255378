package io.identitysync.store.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The sets of endpoints events are routed to (events.route), found or added in the caller's transaction. An event
 * so carries its deliveries as one number: the routing in force when it was written, whatever the configuration
 * says later.
 */
final class OutboxRoutes {

    private final Connection c;
    private final Map<List<String>, Long> known = new HashMap<>();

    OutboxRoutes(Connection c) {
        this.c = c;
    }

    /** The route of these endpoints, or null when there are none (the event goes nowhere). */
    Long of(List<String> endpoints) throws SQLException {
        if (endpoints.isEmpty()) {
            return null;
        }
        List<String> sorted = List.copyOf(new TreeSet<>(endpoints));
        Long id = known.get(sorted);
        if (id == null) {
            id = findOrAdd(sorted);
            known.put(sorted, id);
        }
        return id;
    }

    private Long findOrAdd(List<String> endpoints) throws SQLException {
        // One endpoint per line: an endpoint id never holds a line break (a URL or a configured name).
        String key = String.join("\n", endpoints);
        Long id = find(key);
        if (id != null) {
            return id;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox_routes (endpoints) VALUES (?)")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
        id = find(key);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox_route_endpoints (route, endpoint) VALUES (?, ?)")) {
            for (String endpoint : endpoints) {
                ps.setLong(1, id);
                ps.setString(2, endpoint);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return id;
    }

    private Long find(String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM outbox_routes WHERE endpoints = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }
}
