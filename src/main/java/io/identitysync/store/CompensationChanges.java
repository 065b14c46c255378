package io.identitysync.store;

import java.sql.SQLException;
import java.util.List;

/** The compensations table in a commit; its changes are compensation.* events only where the configuration allows. */
final class CompensationChanges {

    static final List<String> FIELDS = List.of("user_external_id", "employment_id", "concept", "compensation_type", "amount", "currency",
            "unit", "period", "period_count", "starts_on", "first_payment_on");
    private static final RecordChanges.Kind COMPENSATIONS = new RecordChanges.Kind("compensations", "compensation", FIELDS, (row, changes) ->
            row.get("stored_deleted_at") != null ? "compensation.created" : "compensation.updated");

    private final RecordChanges records;

    CompensationChanges(RunTransaction tx, boolean evented) {
        this.records = new RecordChanges(tx, COMPENSATIONS, evented);
    }

    void apply() throws SQLException {
        records.applyChanged();
        records.deleteMissing();
    }
}
