package io.identitysync.store.commit;

import io.identitysync.store.Rows;
import io.identitysync.store.SqlJson;
import io.identitysync.store.Statements;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** The memberships table in a commit: what cannot be stored is skipped, then new, returning and removed memberships. */
final class MembershipChanges {

    private static final String[] KEY = {"group_external_id", "user_external_id", "relation"};

    private final RunTransaction tx;

    MembershipChanges(RunTransaction tx) {
        this.tx = tx;
    }

    /**
     * A targeted run read every team but only some people: the memberships of the others are theirs to keep, not
     * this run's to add or report.
     */
    void keepScope() throws SQLException {
        tx.update("DELETE FROM stage_memberships WHERE run_id = ?1 AND user_external_id NOT IN "
                + "(SELECT user_external_id FROM stage_scope WHERE run_id = ?1)", tx.runId);
    }

    /** A membership is stored only between a stored user and a stored group; the rest is reported as skipped. */
    void dropUnknownRecords() throws SQLException {
        String orphan = " FROM stage_memberships m WHERE m.run_id = ?1 AND ("
                + "NOT EXISTS (SELECT 1 FROM stage_users u WHERE u.run_id = ?1 AND u.external_id = m.user_external_id) OR "
                + "NOT EXISTS (SELECT 1 FROM stage_groups g WHERE g.run_id = ?1 AND g.external_id = m.group_external_id))";
        tx.update("INSERT INTO stage_skipped (run_id, kind, external_id, reason, record) SELECT ?1, 'membership', "
                + "m.group_external_id || '/' || m.user_external_id, 'user or group not stored in this run', "
                + tx.dialect.jsonObject("'group_external_id', m.group_external_id, 'user_external_id', m.user_external_id, 'relation', m.relation") + orphan, tx.runId);
        tx.update("DELETE FROM stage_memberships WHERE rowid IN (SELECT m.rowid" + orphan + ")", tx.runId);
    }

    void apply() throws SQLException {
        // As for users: the anti-join below must be planned on the memberships a first sync has just added.
        tx.dialect.analyze(tx.c, "memberships", addNew());
        // Memberships back after a removal: few, so one at a time.
        String returning = "SELECT s.group_external_id, s.user_external_id, s.relation FROM stage_memberships s "
                + "JOIN memberships m ON m.connector = ?1 AND m.group_external_id = s.group_external_id "
                + "AND m.user_external_id = s.user_external_id AND m.relation = s.relation "
                + "WHERE s.run_id = ?2 AND m.deleted_at IS NOT NULL "
                + "AND (s.group_external_id, s.user_external_id, s.relation) > (?3, ?4, ?5) "
                + "ORDER BY s.group_external_id, s.user_external_id, s.relation LIMIT " + RunTransaction.CHUNK;
        try (PreparedStatement upsert = tx.c.prepareStatement("INSERT INTO memberships (connector, group_external_id, user_external_id, relation, "
                + "first_seen_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (connector, group_external_id, user_external_id, relation) "
                + "DO UPDATE SET deleted_at = NULL")) {
            for (List<Map<String, String>> chunk : tx.chunks(returning, KEY)) {
                for (Map<String, String> row : chunk) {
                    Statements.bind(upsert, List.of(tx.connector, row.get(KEY[0]), row.get(KEY[1]), row.get(KEY[2]), tx.now)).executeUpdate();
                    emit("membership.added", row);
                }
            }
        }
        String removed = "SELECT m.group_external_id, m.user_external_id, m.relation FROM memberships m "
                + "WHERE m.connector = ?1 AND m.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM stage_memberships s WHERE s.run_id = ?2 "
                + "AND s.group_external_id = m.group_external_id AND s.user_external_id = m.user_external_id AND s.relation = m.relation) "
                + (tx.targeted ? "AND m.user_external_id IN (SELECT user_external_id FROM stage_scope WHERE run_id = ?2) " : "")
                + "AND (m.group_external_id, m.user_external_id, m.relation) > (?3, ?4, ?5) "
                + "ORDER BY m.group_external_id, m.user_external_id, m.relation LIMIT " + RunTransaction.CHUNK;
        try (PreparedStatement mark = tx.c.prepareStatement("UPDATE memberships SET deleted_at = ? WHERE connector = ? AND group_external_id = ? "
                + "AND user_external_id = ? AND relation = ?")) {
            for (List<Map<String, String>> chunk : tx.chunks(removed, KEY)) {
                for (Map<String, String> row : chunk) {
                    Statements.bind(mark, List.of(tx.now, tx.connector, row.get(KEY[0]), row.get(KEY[1]), row.get(KEY[2]))).executeUpdate();
                    emit("membership.removed", row);
                }
            }
        }
    }

    /**
     * Memberships never seen before, set-based: a first sync brings hundreds of thousands, and one statement each
     * for the row, its event and its deliveries is what made such a commit slow. The rows are told apart by their
     * first_seen_at, which is this commit's time; their events carry the same body {@link #emit} would write.
     * Returns how many it added.
     */
    private int addNew() throws SQLException {
        // ON CONFLICT, not NOT EXISTS: one index probe per row on both stores, where PostgreSQL planned the anti-join
        // of a first sync (on a table its statistics say is empty) at seconds per thousand rows.
        int added = tx.update("INSERT INTO memberships (connector, group_external_id, user_external_id, relation, first_seen_at) "
                + "SELECT ?1, s.group_external_id, s.user_external_id, s.relation, ?3 FROM stage_memberships s WHERE s.run_id = ?2 "
                + "ON CONFLICT (connector, group_external_id, user_external_id, relation) DO NOTHING", tx.connector, tx.runId, tx.now);
        if (added == 0) {
            return 0;
        }
        String subjects = "SELECT m.group_external_id || '/' || m.user_external_id AS subject_id, " + new SqlJson(tx.dialect).text("connector", "m.connector")
                .text("group_external_id", "m.group_external_id").text("user_external_id", "m.user_external_id").text("relation", "m.relation")
                .text("first_seen_at", "m.first_seen_at").text("deleted_at", "m.deleted_at").sql() + " AS subject FROM memberships m "
                + "WHERE m.connector = ? AND m.first_seen_at = ? AND m.deleted_at IS NULL "
                + "ORDER BY m.group_external_id, m.user_external_id, m.relation";
        tx.events.emitAll("membership.added", "membership", subjects, tx.connector, tx.now);
        tx.result.membershipsAdded += added;
        return added;
    }

    private void emit(String type, Map<String, String> row) throws SQLException {
        PreparedStatement ps = Statements.bind(tx.statement("SELECT * FROM memberships WHERE connector = ? AND group_external_id = ? "
                + "AND user_external_id = ? AND relation = ?"), List.of(tx.connector, row.get(KEY[0]), row.get(KEY[1]), row.get(KEY[2])));
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            tx.events.emit(type, row.get(KEY[0]) + "/" + row.get(KEY[1]), "membership", Rows.toJson(rs), null);
        }
        tx.result.count(type);
    }
}
