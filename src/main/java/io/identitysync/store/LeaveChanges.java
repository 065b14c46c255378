package io.identitysync.store;

import java.sql.SQLException;
import java.util.List;

/** The leaves table in a commit: each leave request new, changed (dates, status…) or gone is a leave.* event. */
final class LeaveChanges {

    static final List<String> FIELDS = List.of("user_external_id", "leave_type_id", "leave_type_name", "start_on", "finish_on",
            "half_day", "status", "hours", "days_taken");
    private static final RecordChanges.Kind LEAVES = new RecordChanges.Kind("leaves", "leave", FIELDS, (row, changes) ->
            row.get("stored_deleted_at") != null ? "leave.created" : "leave.updated");

    private final RecordChanges records;

    LeaveChanges(RunTransaction tx) {
        this.records = new RecordChanges(tx, LEAVES);
    }

    void apply() throws SQLException {
        records.applyChanged();
        records.deleteMissing();
    }
}
