package io.identitysync.store.commit;

import io.identitysync.store.Statements;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * What users and groups share in a commit: the staged records that are new, back after a deletion, or changed
 * (by content hash) are written, each with its event; the stored ones a complete read no longer found are marked
 * deleted (kept, with deleted_at set). Statements are built from the kind's field list.
 */
final class RecordChanges {

    /**
     * @param table   users, groups, leaves… (its staging table is stage_&lt;table&gt;)
     * @param subject user, group, leave…: the event's data key and type prefix
     * @param fields  the columns the source decides, compared to name a change
     * @param changed names the event of a stored record that changed: (staged row with old_&lt;field&gt; values and
     *                stored_deleted_at, changed fields) → type
     */
    record Kind(String table, String subject, List<String> fields, BiFunction<Map<String, String>, List<String>, String> changed) {
    }

    private final RunTransaction tx;
    private final Kind kind;
    private final boolean evented;

    RecordChanges(RunTransaction tx, Kind kind) {
        this(tx, kind, true);
    }

    /** @param evented false: the changes are applied and counted, but are no events (sensitive records) */
    RecordChanges(RunTransaction tx, Kind kind, boolean evented) {
        this.tx = tx;
        this.kind = kind;
        this.evented = evented;
    }

    /** The whole kind: what is new or changed, then what is gone. */
    void apply() throws SQLException {
        applyChanged();
        deleteMissing();
    }

    /** Writes every staged record that differs from the stored one, and its event. */
    void applyChanged() throws SQLException {
        List<String> olds = new ArrayList<>();
        for (String f : kind.fields()) {
            olds.add("t." + f + " AS old_" + f);
        }
        String select = "SELECT s.*, t.external_id AS stored_id, t.deleted_at AS stored_deleted_at, " + String.join(", ", olds) + " "
                + "FROM stage_" + kind.table() + " s LEFT JOIN " + kind.table() + " t ON t.connector = ?1 AND t.external_id = s.external_id "
                + "WHERE s.run_id = ?2 AND s.external_id > ?3 "
                + "AND (t.external_id IS NULL OR t.deleted_at IS NOT NULL OR t.content_hash <> s.content_hash) "
                + "ORDER BY s.external_id LIMIT " + RunTransaction.CHUNK;
        List<String> inserted = new ArrayList<>(List.of("connector", "external_id"));
        inserted.addAll(kind.fields());
        inserted.addAll(List.of("content_hash", "first_seen_at", "updated_at"));
        List<String> set = new ArrayList<>();
        for (String f : kind.fields()) {
            set.add(f + " = ?");
        }
        try (PreparedStatement insert = tx.c.prepareStatement("INSERT INTO " + kind.table() + " (" + String.join(", ", inserted)
                + ") VALUES (" + String.join(", ", Collections.nCopies(inserted.size(), "?")) + ")");
             PreparedStatement update = tx.c.prepareStatement("UPDATE " + kind.table() + " SET " + String.join(", ", set)
                     + ", content_hash = ?, updated_at = ?, deleted_at = NULL WHERE connector = ? AND external_id = ?")) {
            for (List<Map<String, String>> chunk : tx.chunks(select, "external_id")) {
                for (Map<String, String> row : chunk) {
                    String id = row.get("external_id");
                    List<String> values = new ArrayList<>();
                    for (String f : kind.fields()) {
                        values.add(row.get(f));
                    }
                    String type;
                    List<String> changes = null;
                    if (row.get("stored_id") == null) {
                        List<String> all = new ArrayList<>(List.of(tx.connector, id));
                        all.addAll(values);
                        all.addAll(List.of(row.get("content_hash"), tx.now, tx.now));
                        Statements.bind(insert, all).executeUpdate();
                        type = kind.subject() + ".created";
                    } else {
                        changes = changedFields(row);
                        values.addAll(List.of(row.get("content_hash"), tx.now, tx.connector, id));
                        Statements.bind(update, values).executeUpdate();
                        type = kind.changed().apply(row, changes);
                    }
                    tx.result.count(type);
                    if (evented) {
                        tx.events.emit(type, id, kind.subject(), tx.stored(kind.table(), id), changes);
                    }
                }
            }
        }
    }

    /** Marks what the complete read no longer found as deleted. */
    void deleteMissing() throws SQLException {
        String select = "SELECT t.external_id FROM " + kind.table() + " t WHERE t.connector = ?1 AND t.deleted_at IS NULL AND t.external_id > ?3 "
                + "AND NOT EXISTS (SELECT 1 FROM stage_" + kind.table() + " s WHERE s.run_id = ?2 AND s.external_id = t.external_id) "
                + "ORDER BY t.external_id LIMIT " + RunTransaction.CHUNK;
        String type = kind.subject() + ".deleted";
        try (PreparedStatement mark = tx.c.prepareStatement("UPDATE " + kind.table() + " SET deleted_at = ?, updated_at = ? "
                + "WHERE connector = ? AND external_id = ?")) {
            for (List<Map<String, String>> chunk : tx.chunks(select, "external_id")) {
                for (Map<String, String> row : chunk) {
                    String id = row.get("external_id");
                    Statements.bind(mark, List.of(tx.now, tx.now, tx.connector, id)).executeUpdate();
                    tx.result.count(type);
                    if (evented) {
                        tx.events.emit(type, id, kind.subject(), tx.stored(kind.table(), id), null);
                    }
                }
            }
        }
    }

    private List<String> changedFields(Map<String, String> row) {
        List<String> changes = new ArrayList<>();
        for (String f : kind.fields()) {
            if (!Objects.equals(row.get(f), row.get("old_" + f))) {
                changes.add(f);
            }
        }
        return changes;
    }
}
