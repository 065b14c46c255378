package io.identitysync.store.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.outbox.Events;
import io.identitysync.store.outbox.Routing;
import io.identitysync.store.staging.StageTables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** The sync_runs table: a run's row from its start to its outcome. */
public final class SyncRunRows {

    private SyncRunRows() {
    }

    public static String start(Store store, String connector) {
        String id = newId();
        start(store, id, connector, FULL, List.of());
        return id;
    }

    /** What a run read: everything; what changed since the last successful run; the people webhooks named. */
    public static final String FULL = "full";
    public static final String INCREMENTAL = "incremental";
    public static final String TARGETED = "targeted";

    /** When the connector's newest successful run started (what an incremental read starts from), or null. */
    public static String lastSuccessStart(Store store, String connector) {
        String[] started = {null};
        store.read("sync_runs", "SELECT max(started_at) FROM sync_runs WHERE connector = ? AND status = 'succeeded'", List.of(connector),
                rs -> started[0] = rs.getString(1));
        return started[0];
    }

    /** An incremental run's people, once its change reads found them: it applies nothing to anyone else. */
    public static void scope(Store store, String id, Collection<String> people) {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            scope(c, id, people);
            c.commit();
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot record the people of run " + id + ": " + e.getMessage(), e);
        }
    }

    private static void scope(Connection c, String id, Collection<String> people) throws SQLException {
        try (PreparedStatement person = c.prepareStatement("INSERT INTO stage_scope (run_id, user_external_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (String externalId : people) {
                person.setString(1, id);
                person.setString(2, externalId);
                person.addBatch();
            }
            person.executeBatch();
        }
    }

    public static String newId() {
        return "run_" + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * @param kind  full, incremental or targeted
     * @param scope a targeted run's people (their external ids); empty otherwise
     */
    public static void start(Store store, String id, String connector, String kind, Collection<String> scope) {
        try (Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO sync_runs (id, connector, started_at, status, kind, node) VALUES (?, ?, ?, 'running', ?, ?)")) {
            c.setAutoCommit(false);
            ps.setString(1, id);
            ps.setString(2, connector);
            ps.setString(3, Store.now());
            ps.setString(4, kind);
            ps.setString(5, store.node());
            ps.executeUpdate();
            scope(c, id, scope);
            c.commit();
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot record the start of a " + connector + " run: " + e.getMessage(), e);
        }
    }

    /** Closes a committed run, in the commit's transaction, with the counts of what it changed. */
    public static void succeed(Connection c, String runId, int created, int updated, int deleted, int skipped) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_runs SET status = 'succeeded', finished_at = ?, created = ?, updated = ?, "
                + "deleted = ?, skipped = ? WHERE id = ? AND status = 'running'")) {
            ps.setString(1, Store.now());
            ps.setInt(2, created);
            ps.setInt(3, updated);
            ps.setInt(4, deleted);
            ps.setInt(5, skipped);
            ps.setString(6, runId);
            if (ps.executeUpdate() == 0) {
                throw new SQLException("run " + runId + " is no longer running: another node failed it when this node stopped checking in "
                        + "for longer than cluster.node-timeout; nothing of it is applied");
            }
        }
    }

    public static ObjectNode json(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM sync_runs WHERE id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no sync run " + runId);
                }
                return Rows.toJson(rs);
            }
        }
    }

    public static ObjectNode json(Store store, String runId) {
        try (Connection c = store.connect()) {
            return json(c, runId);
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot read run " + runId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Closes a run that did not commit: records why, emits sync.failed only, and drops what it staged.
     * Identity rows are not touched, whatever the run had read.
     */
    public static void fail(Store store, String runId, String connector, String status, String error, Routing routing) {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_runs SET status = ?, finished_at = ?, error = ? WHERE id = ? "
                    + "AND status = 'running'"); Events events = new Events(c, routing, runId, connector)) {
                ps.setString(1, status);
                ps.setString(2, Store.now());
                ps.setString(3, error);
                ps.setString(4, runId);
                if (ps.executeUpdate() == 0) {
                    // Already closed: by another node that found this run's node dead, or by the run itself.
                    c.rollback();
                    return;
                }
                if (status.equals(REFUSED)) {
                    // What a refused run read stays, so that an operator can approve it (runs approve); older refused runs
                    // of the connector can no longer be approved.
                    dropRefusedStaging(c, connector, runId);
                } else {
                    StageTables.clear(c, runId);
                }
                events.emit("sync.failed", runId, "sync_run", json(c, runId), null);
                if (status.equals(REFUSED)) {
                    // The alert an operator acts on: what to look at, and how to apply the run if it is right.
                    ObjectNode refused = json(c, runId);
                    refused.put("show", "runs show " + runId);
                    refused.put("approve", "runs approve " + runId);
                    events.emit("run.refused", runId, "sync_run", refused, null);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot record the failure of run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** Runs left 'running' by a process that died: failed, their staging dropped, nothing else changed. */
    public static int failInterrupted(Store store, Routing routing, String reason) {
        return failInterrupted(store, routing, reason, id -> true);
    }

    /** Those of the runs left 'running' that {@code which} picks. */
    public static int failInterrupted(Store store, Routing routing, String reason,
                                      Predicate<String> which) {
        List<String[]> stale = new ArrayList<>();
        try (Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("SELECT id, connector FROM sync_runs WHERE status = 'running'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (which.test(rs.getString(1))) {
                    stale.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot read sync_runs: " + e.getMessage(), e);
        }
        for (String[] run : stale) {
            fail(store, run[0], run[1], "failed", reason, routing);
        }
        return stale.size();
    }

    /** The connectors that have runs in the store, sorted. */
    public static List<String> connectors(Store store) {
        List<String> out = new ArrayList<>();
        store.read("sync_runs", "SELECT DISTINCT connector FROM sync_runs ORDER BY connector", List.of(), rs -> out.add(rs.getString(1)));
        return out;
    }

    /** A connector's latest runs, newest first, as rows (Rows.toJson). */
    public static List<ObjectNode> recent(Store store, String connector, int limit) {
        List<ObjectNode> out = new ArrayList<>();
        store.read("sync_runs", "SELECT * FROM sync_runs WHERE connector = ? ORDER BY started_at DESC LIMIT " + limit, List.of(connector),
                rs -> out.add(Rows.toJson(rs)));
        return out;
    }

    /** A connector's last run that is no longer running, or null. */
    public static ObjectNode lastFinished(Store store, String connector) {
        List<ObjectNode> out = new ArrayList<>();
        store.read("sync_runs", "SELECT * FROM sync_runs WHERE connector = ? AND status <> 'running' ORDER BY started_at DESC LIMIT 1",
                List.of(connector), rs -> out.add(Rows.toJson(rs)));
        return out.isEmpty() ? null : out.get(0);
    }

    /** For metrics: "connector|status" → runs, and "connector" → when its last successful run finished. */
    public static Map<String, Long> countsByStatus(Store store) {
        Map<String, Long> out = new HashMap<>();
        store.read("sync_runs", "SELECT connector || '|' || status, count(*) FROM sync_runs GROUP BY connector, status", List.of(),
                rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    public static Map<String, Instant> lastSuccess(Store store) {
        Map<String, Instant> out = new HashMap<>();
        store.read("sync_runs", "SELECT connector, max(finished_at) FROM sync_runs WHERE status = 'succeeded' GROUP BY connector", List.of(),
                rs -> out.put(rs.getString(1), Instant.parse(rs.getString(2))));
        return out;
    }

    public static final String REFUSED = "refused";

    /** For metrics (data freshness): "connector" → when its last run that read the source (succeeded or refused) finished. */
    public static Map<String, Instant> lastRead(Store store) {
        Map<String, Instant> out = new HashMap<>();
        store.read("sync_runs", "SELECT connector, max(finished_at) FROM sync_runs WHERE status IN ('succeeded', 'refused') GROUP BY connector",
                List.of(), rs -> out.put(rs.getString(1), Instant.parse(rs.getString(2))));
        return out;
    }

    /** A dry run leaves nothing behind: its row and what it staged go. */
    public static void discard(Store store, String runId) {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            StageTables.clear(c, runId);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_runs WHERE id = ?")) {
                ps.setString(1, runId);
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot discard dry run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** Drops what the connector's refused runs (but {@code keep}) staged: they can no longer be approved. */
    public static void dropRefusedStaging(Connection c, String connector, String keep) throws SQLException {
        List<String> refused = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM sync_runs WHERE connector = ? AND status = 'refused' AND id <> ?")) {
            ps.setString(1, connector);
            ps.setString(2, keep);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    refused.add(rs.getString(1));
                }
            }
        }
        for (String runId : refused) {
            StageTables.clear(c, runId);
        }
    }
}
