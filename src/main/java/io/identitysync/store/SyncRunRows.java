package io.identitysync.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** The sync_runs table: a run's row from its start to its outcome. */
public final class SyncRunRows {

    private SyncRunRows() {
    }

    public static String start(Store store, String connector) {
        String id = "run_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO sync_runs (id, connector, started_at, status) VALUES (?, ?, ?, 'running')")) {
            ps.setString(1, id);
            ps.setString(2, connector);
            ps.setString(3, Store.now());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot record the start of a " + connector + " run: " + e.getMessage(), e);
        }
        return id;
    }

    /** Counts what a page brought, in the staging transaction, so a failed run still shows how far it got. */
    static void countPage(Connection c, String runId, Staging.Counts counts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_runs SET pages = pages + 1, users_seen = users_seen + ?, "
                + "groups_seen = groups_seen + ?, memberships_seen = memberships_seen + ?, skipped = skipped + ? WHERE id = ?")) {
            ps.setInt(1, counts.users());
            ps.setInt(2, counts.groups());
            ps.setInt(3, counts.memberships());
            ps.setInt(4, counts.skipped());
            ps.setString(5, runId);
            ps.executeUpdate();
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
    public static void fail(Store store, String runId, String connector, String status, String error, java.util.function.Function<String, java.util.List<String>> endpoints) {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_runs SET status = ?, finished_at = ?, error = ? WHERE id = ?");
                 Events events = new Events(c, endpoints, runId, connector)) {
                ps.setString(1, status);
                ps.setString(2, Store.now());
                ps.setString(3, error);
                ps.setString(4, runId);
                ps.executeUpdate();
                clearStage(c, runId);
                events.emit("sync.failed", runId, "sync_run", json(c, runId), null);
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
    public static int failInterrupted(Store store, java.util.function.Function<String, java.util.List<String>> endpoints, String reason) {
        return failInterrupted(store, endpoints, reason, id -> true);
    }

    /** Those of the runs left 'running' that {@code which} picks. */
    public static int failInterrupted(Store store, java.util.function.Function<String, java.util.List<String>> endpoints, String reason,
                                      java.util.function.Predicate<String> which) {
        java.util.List<String[]> stale = new java.util.ArrayList<>();
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
            fail(store, run[0], run[1], "failed", reason, endpoints);
        }
        return stale.size();
    }

    static void clearStage(Connection c, String runId) throws SQLException {
        for (String table : new String[] {"stage_users", "stage_groups", "stage_memberships", "stage_skipped"}) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
                ps.setString(1, runId);
                ps.executeUpdate();
            }
        }
    }
}
