package io.identitysync.store.commit;

import java.util.List;

/**
 * The records a commit writes as {@link RecordChanges} besides users (which have their own rules, UserChanges): each
 * table, the key of its events, and the columns compared to name a change. A record back after a deletion is
 * &lt;subject&gt;.created again, any other change &lt;subject&gt;.updated.
 */
final class RecordKinds {

    static final RecordChanges.Kind GROUPS = plain("groups", "group", List.of("name", "kind", "description", "attributes"));
    static final RecordChanges.Kind LEAVES = plain("leaves", "leave", List.of("user_external_id", "leave_type_id", "leave_type_name",
            "start_on", "finish_on", "half_day", "status", "hours", "days_taken"));
    /** Sensitive: their changes are events only where webhooks.compensation-events allows it. */
    static final RecordChanges.Kind COMPENSATIONS = plain("compensations", "compensation", List.of("user_external_id", "employment_id",
            "concept", "compensation_type", "amount", "currency", "unit", "period", "period_count", "starts_on", "first_payment_on"));

    private RecordKinds() {
    }

    private static RecordChanges.Kind plain(String table, String subject, List<String> fields) {
        return new RecordChanges.Kind(table, subject, fields, (row, changes) ->
                row.get("stored_deleted_at") != null ? subject + ".created" : subject + ".updated");
    }
}
