package io.identitysync.store.cluster;

import io.identitysync.store.Store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Leases in the store: which node may, until when, hold a connector's run turn ({@code run:<connector>}) or deliver
 * to an outbox endpoint ({@code outbox:<endpoint>}). A live node's heartbeat renews what it holds; a dead node's
 * leases lapse after the node timeout, and another node takes them. Each claim raises the lease's fence, so a node
 * that lost a lease (it stalled past its end) can record nothing more under it. A row lock, not a session lock:
 * it survives a pooled connection going back to the pool, and it is the same SQL on SQLite and PostgreSQL.
 */
public final class Leases {

    private final Store store;
    private final String owner;
    private final Duration ttl;

    public Leases(Store store) {
        this.store = store;
        this.owner = store.node();
        this.ttl = store.nodeTimeout();
    }

    /** The lease's new fence when this node now holds it, or -1 when another node does. */
    public long claim(String name) {
        String now = Store.now();
        String until = Store.format(Instant.now().plus(ttl));
        store.write("leases", "INSERT INTO leases (name, owner, lease_until, fence) VALUES (?, NULL, ?, 0) ON CONFLICT DO NOTHING",
                List.of(name, now));
        int claimed = store.write("leases", "UPDATE leases SET owner = ?, lease_until = ?, fence = fence + 1 WHERE name = ? "
                + "AND (owner IS NULL OR owner = ? OR lease_until < ?)", List.of(owner, until, name, owner, now));
        if (claimed == 0) {
            return -1;
        }
        long[] fence = {-1};
        store.read("leases", "SELECT fence FROM leases WHERE name = ? AND owner = ?", List.of(name, owner), rs -> fence[0] = rs.getLong(1));
        return fence[0];
    }

    /** Ends a lease this node holds under {@code fence}; nothing when it lapsed and another node took it. */
    public void release(String name, long fence) {
        store.write("leases", "UPDATE leases SET owner = NULL WHERE name = ? AND owner = ? AND fence = ?", List.of(name, owner, fence));
    }

    /** The heartbeat: every lease this node holds runs on for another ttl. */
    public void renewAll() {
        store.write("leases", "UPDATE leases SET lease_until = ? WHERE owner = ?", List.of(Store.format(Instant.now().plus(ttl)), owner));
    }

    /** A clean stop: this node's leases are free now, not after the node timeout. */
    public void releaseMine() {
        store.write("leases", "UPDATE leases SET owner = NULL WHERE owner = ?", List.of(owner));
    }

    /** At the start of the only node there can be (SQLite): what a process that died held is free. */
    public static void releaseAll(Store store) {
        store.write("leases", "UPDATE leases SET owner = NULL", List.of());
    }

    /** In a transaction about to record work done under a lease: renews it, or false when it is no longer this node's. */
    public boolean holds(Connection c, String name, long fence) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE leases SET lease_until = ? WHERE name = ? AND owner = ? AND fence = ?")) {
            ps.setString(1, Store.format(Instant.now().plus(ttl)));
            ps.setString(2, name);
            ps.setString(3, owner);
            ps.setLong(4, fence);
            return ps.executeUpdate() == 1;
        }
    }
}
