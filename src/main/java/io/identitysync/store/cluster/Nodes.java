package io.identitysync.store.cluster;

import io.identitysync.store.Store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The nodes (processes) that share the store, each checking in every few seconds. A node silent for longer than
 * the node timeout is dead: another node fails the runs it left running (nothing of them was applied) and takes
 * its leases.
 */
public final class Nodes {

    /** One node as status shows it. */
    public record Node(String id, String host, String startedAt, String checkedInAt, String stoppedAt) {
    }

    private final Store store;
    private final Duration timeout;
    private final String startedAt = Store.now();

    public Nodes(Store store, Duration timeout) {
        this.store = store;
        this.timeout = timeout;
    }

    /** Records that this node is alive now. */
    public void checkIn() {
        String now = Store.now();
        store.write("nodes", "INSERT INTO nodes (id, host, started_at, checked_in_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET checked_in_at = excluded.checked_in_at, stopped_at = NULL", List.of(store.node(), Store.host(), startedAt, now));
    }

    /** A clean stop: the node is gone now, not after the timeout. */
    public void stopped() {
        store.write("nodes", "UPDATE nodes SET stopped_at = ? WHERE id = ?", List.of(Store.now(), store.node()));
    }

    /**
     * The running runs of nodes that stopped, or have been silent for longer than the timeout (or never checked in),
     * and this node's own that no run here holds (one whose failure the store could not take when it happened).
     */
    public Set<String> orphanedRuns(Set<String> activeHere) {
        Set<String> out = new HashSet<>();
        String silentSince = Store.format(Instant.now().minus(timeout));
        store.read("sync_runs", "SELECT r.id, r.node FROM sync_runs r LEFT JOIN nodes n ON n.id = r.node WHERE r.status = 'running' "
                + "AND (r.node IS NULL OR r.node = ? OR n.id IS NULL OR n.stopped_at IS NOT NULL OR n.checked_in_at < ?)",
                List.of(store.node(), silentSince), rs -> {
                    if (!store.node().equals(rs.getString(2)) || !activeHere.contains(rs.getString(1))) {
                        out.add(rs.getString(1));
                    }
                });
        return out;
    }

    /** The nodes seen in the last day, the most recently started first. */
    public List<Node> recent() {
        List<Node> out = new ArrayList<>();
        store.read("nodes", "SELECT id, host, started_at, checked_in_at, stopped_at FROM nodes WHERE checked_in_at >= ? ORDER BY started_at DESC",
                List.of(Store.format(Instant.now().minus(Duration.ofDays(1)))),
                rs -> out.add(new Node(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5))));
        return out;
    }

    /** Whether a node is alive by its last check-in. */
    public boolean alive(Node node) {
        return node.stoppedAt() == null && node.checkedInAt().compareTo(Store.format(Instant.now().minus(timeout))) >= 0;
    }
}
