package io.identitysync.store.commit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.core.RunRefusedException;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.outbox.Routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What committing a staged run would change, worked out by the commit itself in a transaction that is then rolled
 * back: the same code, so the plan is exactly what a real run would do (a dry run; runs show of a refused run).
 * Each change is the data of the event the commit would write (without the run id), in event order.
 *
 * @param refusal why a real run would be refused (sync.max-delete-ratio), or null; the plan is then what approving it would apply
 */
public record RunPlan(String connector, String runId, CommitRun.Result counts, List<ObjectNode> changes, String refusal) {

    public static RunPlan of(Store store, String runId, String connector, double maxDeleteRatio, Routing routing) {
        return of(store, runId, connector, maxDeleteRatio, 1.0, routing);
    }

    /** As {@link #of(Store, String, String, double, Routing)}, with sync.max-disable-ratio's refusal too. */
    public static RunPlan of(Store store, String runId, String connector, double maxDeleteRatio, double maxDisableRatio, Routing routing) {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            try {
                // A refused run is planned as approving it would apply it.
                RefusedRuns.reopen(c, runId, null);
                try (RunTransaction tx = new RunTransaction(c, runId, connector, routing)) {
                    String refusal = null;
                    if (!tx.targeted) {
                        try {
                            CommitRun.guardMassChanges(tx, maxDeleteRatio, maxDisableRatio);
                        } catch (RunRefusedException e) {
                            refusal = e.getMessage();
                        }
                    }
                    CommitRun.Result counts = CommitRun.apply(tx, 1.0);
                    return new RunPlan(connector, runId, counts, changes(c, runId), refusal);
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot work out the plan of run " + runId + ": " + e.getMessage(), e);
        }
    }

    private static List<ObjectNode> changes(Connection c, String runId) throws SQLException {
        List<ObjectNode> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT type, payload FROM events WHERE run_id = ? AND type NOT LIKE 'sync.%' "
                + "AND type NOT LIKE 'run.%' AND type NOT LIKE 'connector.%' ORDER BY seq")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode change = Rows.JSON.createObjectNode().put("type", rs.getString(1));
                    JsonNode data = readTree(rs.getString(2)).get("data");
                    change.setAll((ObjectNode) data);
                    change.remove("run_id");
                    out.add(change);
                }
            }
        }
        return out;
    }

    private static JsonNode readTree(String json) throws SQLException {
        try {
            return Rows.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new SQLException("an event body is not JSON: " + e.getMessage(), e);
        }
    }

    /** Counts as the JSON plan and the text plan print them. */
    public ObjectNode countsJson() {
        CommitRun.Result r = counts;
        ObjectNode out = Rows.JSON.createObjectNode();
        out.putObject("users").put("created", r.usersCreated).put("pending", r.usersPending).put("updated", r.usersUpdated)
                .put("disabled", r.usersDisabled).put("enabled", r.usersEnabled).put("deleted", r.usersDeleted);
        out.putObject("groups").put("created", r.groupsCreated).put("updated", r.groupsUpdated).put("deleted", r.groupsDeleted);
        out.putObject("memberships").put("added", r.membershipsAdded).put("removed", r.membershipsRemoved);
        out.putObject("leaves").put("created", r.leavesCreated).put("updated", r.leavesUpdated).put("deleted", r.leavesDeleted);
        out.putObject("compensations").put("created", r.compensationsCreated).put("updated", r.compensationsUpdated).put("deleted", r.compensationsDeleted);
        out.put("skipped", r.skipped);
        return out;
    }
}
