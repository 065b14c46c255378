package io.identitysync.store;

import java.sql.SQLException;
import java.util.List;

/** The groups table in a commit: new, changed and returning groups, then deletions. */
final class GroupChanges {

    static final List<String> FIELDS = List.of("name", "kind", "description", "attributes");
    private static final RecordChanges.Kind GROUPS = new RecordChanges.Kind("groups", "group", FIELDS, (row, changes) ->
            // Back in the source after a deletion: for receivers this is a (re)provisioning.
            row.get("stored_deleted_at") != null ? "group.created" : "group.updated");

    private final RecordChanges records;

    GroupChanges(RunTransaction tx) {
        this.records = new RecordChanges(tx, GROUPS);
    }

    void apply() throws SQLException {
        records.applyChanged();
        records.deleteMissing();
    }
}
