package io.identitysync.store.retention;

import io.identitysync.store.Dialect;
import io.identitysync.store.IncrementalVacuum;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.Transaction;
import io.identitysync.store.staging.StageTables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the store keeps, and for how long: events with their delivered or dead outbox rows, handled inbound
 * notifications and people's decisions (person_decisions, by when last taken), for {@code store.retention}; run
 * summaries (sync_runs) for {@code store.run-retention}, except each
 * connector's newest run of each status; a pending delivery (and its event) until it is delivered or dead, however
 * old. Pruning goes in small transactions of at most {@value #BATCH} rows, so a run's commit never waits long behind
 * it, then gives the freed pages back to the file system (SQLite's incremental vacuum, in steps; PostgreSQL's
 * autovacuum reuses them).
 */
public final class Retention {

    static final int BATCH = 1000;
    /** A finished run's staging is kept this long for the destinations still reading it (its skipped records). */
    private static final Duration STAGING_GRACE = Duration.ofHours(1);

    /** What one pass removed, by kind. */
    public record Pruned(Map<String, Integer> rows, long bytesReclaimed, long millis) {
        public int total() {
            return rows.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final Store store;
    private final Duration retention;
    private final Duration runRetention;

    public Retention(Store store, Duration retention, Duration runRetention) {
        this.store = store;
        this.retention = retention;
        this.runRetention = runRetention;
    }

    /** One pass as of {@code now}: every kind in bounded batches, then the freed space. */
    public Pruned prune(Instant now) {
        long start = System.nanoTime();
        Map<String, Integer> rows = new LinkedHashMap<>();
        String cutoff = Store.format(now.minus(retention));
        try (Connection c = store.connect()) {
            long[] deliveries = {0};
            rows.put("events", events(c, cutoff, deliveries));
            rows.put("deliveries", (int) deliveries[0]);
            rows.put("notifications", batches(c, "DELETE FROM inbound_notifications WHERE id IN (SELECT id FROM inbound_notifications "
                    + "WHERE handled_at IS NOT NULL AND handled_at < ? ORDER BY id LIMIT " + BATCH + ")", cutoff));
            // A person's decisions last as long as the events beside them in their history; one still being taken stays.
            rows.put("decisions", batches(c, "DELETE FROM person_decisions WHERE id IN (SELECT id FROM person_decisions WHERE last_at < ? "
                    + "ORDER BY id LIMIT " + BATCH + ")", cutoff));
            rows.put("runs", batches(c, "DELETE FROM sync_runs WHERE id IN (SELECT id FROM sync_runs r WHERE r.status <> 'running' "
                    + "AND r.started_at < ? AND EXISTS (SELECT 1 FROM sync_runs n WHERE n.connector = r.connector AND n.status = r.status "
                    + "AND n.started_at > r.started_at) ORDER BY r.started_at LIMIT " + BATCH + ")", Store.format(now.minus(runRetention))));
            rows.put("staging", staging(c, Store.format(now.minus(STAGING_GRACE))));
            long reclaimed = reclaim(c);
            return new Pruned(rows, reclaimed, (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException e) {
            throw new StoreException("store.url: pruning failed: " + e.getMessage(), e);
        }
    }

    /**
     * The oldest events first, in batches along seq: the deliveries that are done with each, then the event itself
     * unless a delivery of it is still pending (the outbox promise outlives the retention).
     */
    private int events(Connection c, String cutoff, long[] deliveries) throws SQLException {
        int pruned = 0;
        long after = 0;
        while (true) {
            List<Long> old = new ArrayList<>();
            long last = after;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, created_at FROM events WHERE seq > ? ORDER BY seq LIMIT " + BATCH)) {
                ps.setLong(1, after);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && rs.getString(2).compareTo(cutoff) < 0) {
                        last = rs.getLong(1);
                        old.add(rs.getLong(1));
                    }
                }
            }
            if (old.isEmpty()) {
                positions(c);
                return pruned;
            }
            String marks = String.join(",", Collections.nCopies(old.size(), "?"));
            // An event stays while an endpoint of its route has not reached it, or a delivery of it waits for a retry.
            String kept = "(EXISTS (SELECT 1 FROM outbox_deliveries d WHERE d.event_seq = e.seq AND d.status = 'pending') "
                    + "OR EXISTS (SELECT 1 FROM outbox_route_endpoints r WHERE r.route = e.route AND e.seq > coalesce("
                    + "(SELECT max(p.through_seq) FROM outbox_positions p WHERE p.endpoint = r.endpoint), 0)))";
            String done = "SELECT e.seq FROM events e WHERE e.seq IN (" + marks + ") AND NOT " + kept;
            // A kept event keeps its delivery rows too: without its dead row, the view would show a dead delivery as delivered.
            int[] removed = Transaction.run(c, () -> new int[] {
                count(c, "SELECT count(*) FROM events e JOIN outbox_route_endpoints r ON r.route = e.route WHERE e.seq IN (" + done
                        + ") AND NOT EXISTS (SELECT 1 FROM outbox_deliveries d WHERE d.endpoint = r.endpoint AND d.event_seq = e.seq)", old)
                        + update(c, "DELETE FROM outbox_deliveries WHERE event_seq IN (" + done + ")", old),
                update(c, "DELETE FROM events WHERE seq IN (" + done + ")", old)});
            deliveries[0] += removed[0];
            pruned += removed[1];
            after = last;
            if (old.size() < BATCH) {
                positions(c);
                return pruned;
            }
        }
    }

    /** Positions older than the oldest event left describe no event any more; each endpoint's newest stays. */
    private static void positions(Connection c) throws SQLException {
        update(c, "DELETE FROM outbox_positions WHERE through_seq < (SELECT coalesce(min(seq), 0) FROM events) "
                + "AND through_seq < (SELECT max(q.through_seq) FROM outbox_positions q WHERE q.endpoint = outbox_positions.endpoint)", List.of());
    }

    private static int count(Connection c, String sql, List<?> params) throws SQLException {
        try (PreparedStatement ps = Store.bind(c.prepareStatement(sql), params)) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Staged rows no run needs any more: of runs finished a while ago, or of runs the store no longer has. A refused
     * run's stay while it can be approved (each connector's newest, until its next commit: SyncRunRows).
     */
    private int staging(Connection c, String finishedBefore) throws SQLException {
        int pruned = 0;
        for (String table : StageTables.ALL) {
            pruned += batches(c, "DELETE FROM " + table + " WHERE run_id IN (SELECT DISTINCT s.run_id FROM " + table + " s LEFT JOIN sync_runs r "
                    + "ON r.id = s.run_id WHERE r.id IS NULL OR (r.status NOT IN ('running', 'refused') AND r.finished_at < ?))", finishedBefore);
        }
        return pruned;
    }

    /** Runs a delete (bounded by its LIMIT) until it deletes nothing more, each time in its own short transaction. */
    private static int batches(Connection c, String sql, String param) throws SQLException {
        int total = 0;
        for (int n = update(c, sql, List.of(param)); n > 0; n = update(c, sql, List.of(param))) {
            total += n;
        }
        return total;
    }

    private static int update(Connection c, String sql, List<?> params) throws SQLException {
        try (PreparedStatement ps = Store.bind(c.prepareStatement(sql), params)) {
            return ps.executeUpdate();
        }
    }

    /** SQLite: gives free pages back to the file system ({@link IncrementalVacuum}). Bytes given back. */
    private long reclaim(Connection c) throws SQLException {
        return store.dialect() == Dialect.SQLITE ? IncrementalVacuum.reclaim(c) : 0;
    }
}
