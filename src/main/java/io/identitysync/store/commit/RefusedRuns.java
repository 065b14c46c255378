package io.identitysync.store.commit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.Transaction;
import io.identitysync.store.outbox.Routing;
import io.identitysync.store.runs.SyncRunRows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Approving a run refused by sync.max-delete-ratio: it is applied exactly as staged, with its events and deliveries,
 * if it is its connector's newest refused run and no run of that connector has committed since (otherwise what it
 * read is out of date, and nothing happens).
 */
public final class RefusedRuns {

    /** Why a run cannot be approved: unknown, not refused, superseded, or no longer kept. */
    public static final class NotApprovable extends RuntimeException {
        NotApprovable(String message) {
            super(message);
        }
    }

    private RefusedRuns() {
    }

    /** The run row, or NotApprovable when there is no such run. */
    public static ObjectNode run(Store store, String runId) {
        try (Connection c = store.connect()) {
            return find(c, runId);
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot read run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** {@code rehire}: the connector's &lt;prefix&gt;rehire and match-on, as its runs commit with them. */
    public static CommitRun.Result approve(Store store, String runId, Routing routing, Rehire rehire) {
        try (Connection c = store.connect()) {
            return Transaction.run(c, () -> {
                ObjectNode run = find(c, runId);
                String connector = run.path("connector").asText();
                // The transaction holds the commit lock from here (SQLite's write lock, PostgreSQL's advisory lock), so
                // no run of the connector can commit between the check and the apply.
                try (RunTransaction tx = new RunTransaction(c, runId, connector, routing)) {
                    String why = whyNot(c, run);
                    if (why != null) {
                        throw new NotApprovable(why);
                    }
                    reopen(c, runId, tx.now);
                    tx.rehire = rehire;
                    return CommitRun.apply(tx, 1.0);
                }
            });
        } catch (SQLException e) {
            throw new StoreException("store.url: the approval of run " + runId + " failed: " + e.getMessage(), e);
        }
    }

    private static ObjectNode find(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM sync_runs WHERE id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotApprovable("no run " + runId + " in the store (status lists the latest runs)");
                }
                return Rows.toJson(rs);
            }
        }
    }

    /** Why the run cannot be approved now, or null when it can. */
    public static String whyNot(Store store, ObjectNode run) {
        try (Connection c = store.connect()) {
            return whyNot(c, run);
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot read run " + run.path("id").asText() + ": " + e.getMessage(), e);
        }
    }

    static String whyNot(Connection c, ObjectNode run) throws SQLException {
        String runId = run.path("id").asText();
        String connector = run.path("connector").asText();
        if (!SyncRunRows.REFUSED.equals(run.path("status").asText())) {
            return "run " + runId + " is " + run.path("status").asText() + ", not refused: only a run refused by sync.max-delete-ratio can be approved";
        }
        String later = laterRun(c, connector, run.path("started_at").asText(), "refused");
        if (later != null) {
            return "run " + later + " of " + connector + " was refused after " + runId + ": only the newest refused run can be approved (runs show " + later + ")";
        }
        later = laterRun(c, connector, run.path("started_at").asText(), "succeeded");
        if (later != null) {
            return "run " + later + " of " + connector + " committed after " + runId + ", so what " + runId + " read is out of date; nothing was applied "
                    + "(the next run reads " + connector + " again)";
        }
        if (run.path("users_seen").asInt() > 0 && !stagedUsers(c, runId)) {
            return "what run " + runId + " read is no longer kept (it was refused by an earlier release, or pruned); nothing was applied";
        }
        return null;
    }

    private static boolean stagedUsers(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM stage_users WHERE run_id = ? LIMIT 1")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String laterRun(Connection c, String connector, String startedAt, String status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM sync_runs WHERE connector = ? AND status = ? AND started_at > ? "
                + "ORDER BY started_at DESC LIMIT 1")) {
            ps.setString(1, connector);
            ps.setString(2, status);
            ps.setString(3, startedAt);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * A refused run back to running, so that the commit can apply it: for good when {@code approvedAt} is set (its
     * approval), else only inside a plan's transaction that is rolled back. Nothing for a run that is not refused.
     */
    static void reopen(Connection c, String runId, String approvedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_runs SET status = 'running', finished_at = NULL, error = NULL, approved_at = ? "
                + "WHERE id = ? AND status = 'refused'")) {
            ps.setString(1, approvedAt);
            ps.setString(2, runId);
            ps.executeUpdate();
        }
    }
}
