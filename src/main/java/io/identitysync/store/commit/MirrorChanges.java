package io.identitysync.store.commit;

import java.sql.SQLException;
import java.util.List;

/**
 * A table kept as the source last had it, with no events of its own: the history of employment versions (a change
 * that matters to a person is in their users.employment, so in their user event), leave types and time off policies.
 * New and changed rows are written, rows the run no longer found are marked deleted.
 */
final class MirrorChanges {

    /** Every version of every employment; the staged title is the version's own, job_level the catalog's name for it. */
    static final MirrorChanges EMPLOYMENTS = new MirrorChanges("employments", List.of("user_external_id", "effective_on", "starts_on",
            "ends_on", "title", "job_level", "employment_type", "legal_entity_id", "working_hours", "working_hours_frequency"),
            "SELECT s.external_id, s.user_external_id, s.effective_on, s.starts_on, s.ends_on, s.title, coalesce(l.role_name, l.name), "
                    + "s.employment_type, s.legal_entity_id, s.working_hours, s.working_hours_frequency FROM stage_employments s "
                    + "LEFT JOIN stage_job_levels l ON l.run_id = s.run_id AND l.external_id = s.job_level_id WHERE s.run_id = ?2", "user_external_id");
    static final MirrorChanges LEAVE_TYPES = new MirrorChanges("leave_types", List.of("name", "identifier", "active", "approval_required",
            "payable"), null, null);
    static final MirrorChanges LEAVE_POLICIES = new MirrorChanges("leave_policies", List.of("name", "main", "description"), null, null);

    private final String table;
    private final List<String> fields;
    /** external_id then the fields, of run ?2; null: the same columns of stage_&lt;table&gt;. */
    private final String staged;

    /** The column naming whose a row is, where rows are a person's: a targeted run replaces only its people's. */
    private final String personColumn;

    private MirrorChanges(String table, List<String> fields, String staged, String personColumn) {
        this.table = table;
        this.fields = fields;
        this.personColumn = personColumn;
        this.staged = staged != null ? staged
                : "SELECT external_id, " + String.join(", ", fields) + " FROM stage_" + table + " WHERE run_id = ?2";
    }

    void apply(RunTransaction tx) throws SQLException {
        StringBuilder differs = new StringBuilder("e.deleted_at IS NOT NULL");
        StringBuilder set = new StringBuilder();
        StringBuilder columns = new StringBuilder("x.external_id");
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            differs.append(" OR e.").append(f).append(" IS DISTINCT FROM x.c").append(i);
            set.append(f).append(" = excluded.").append(f).append(", ");
            columns.append(", x.c").append(i);
        }
        StringBuilder aliases = new StringBuilder("external_id");
        for (int i = 0; i < fields.size(); i++) {
            aliases.append(", c").append(i);
        }
        tx.update("WITH x(" + aliases + ") AS (" + staged + ") "
                + "INSERT INTO " + table + " (connector, external_id, " + String.join(", ", fields) + ", first_seen_at, updated_at) "
                + "SELECT ?1, " + columns + ", ?3, ?3 FROM x LEFT JOIN " + table + " e ON e.connector = ?1 AND e.external_id = x.external_id "
                + "WHERE e.external_id IS NULL OR " + differs + " "
                + "ON CONFLICT (connector, external_id) DO UPDATE SET " + set + "updated_at = excluded.updated_at, deleted_at = NULL",
                tx.connector, tx.runId, tx.now);
        if (tx.targeted && personColumn == null) {
            return;
        }
        tx.update("UPDATE " + table + " SET deleted_at = ?3, updated_at = ?3 WHERE connector = ?1 AND deleted_at IS NULL "
                + (tx.targeted ? "AND " + personColumn + " IN (SELECT user_external_id FROM stage_scope WHERE run_id = ?2) " : "")
                + "AND NOT EXISTS (SELECT 1 FROM stage_" + table + " s WHERE s.run_id = ?2 AND s.external_id = " + table + ".external_id)",
                tx.connector, tx.runId, tx.now);
    }
}
