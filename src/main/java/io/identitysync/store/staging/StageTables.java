package io.identitysync.store.staging;

import io.identitysync.store.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The tables a run stages into, and dropping one run's rows from them (a run that failed, was discarded or committed). */
public final class StageTables {

    /** Every table a run stages into. */
    public static final List<String> ALL = List.of("stage_users", "stage_groups", "stage_memberships", "stage_skipped", "stage_employments",
            "stage_job_levels", "stage_leaves", "stage_leave_types", "stage_leave_policies", "stage_reads",
            "stage_compensations", "stage_custom_fields", "stage_custom_options", "stage_custom_values", "stage_scope");

    private StageTables() {
    }

    public static void clear(Connection c, String runId) throws SQLException {
        Staging.forget(runId);
        // In a SQLite transaction (which holds the only write lock, so no run can stage meanwhile) a table that holds
        // nothing but this run's rows is emptied whole: SQLite then frees its pages at once instead of deleting row by
        // row (0.5 s after a 100,000-person run).
        boolean whole = Dialect.of(c) == Dialect.SQLITE && !c.getAutoCommit();
        for (String table : ALL) {
            boolean alone = whole && !hasOtherRuns(c, table, runId);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + (alone ? "" : " WHERE run_id = ?"))) {
                if (!alone) {
                    ps.setString(1, runId);
                }
                ps.executeUpdate();
            }
        }
    }

    private static boolean hasOtherRuns(Connection c, String table, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM " + table + " WHERE run_id < ?1) OR EXISTS (SELECT 1 FROM "
                + table + " WHERE run_id > ?1)")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        }
    }
}
