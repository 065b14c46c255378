package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.model.CanonicalLeave;
import io.identitysync.model.LeavePolicy;
import io.identitysync.model.LeaveType;
import io.identitysync.model.MappedPage;
import io.identitysync.model.Skipped;

import static io.identitysync.core.SourceFields.bool;
import static io.identitysync.core.SourceFields.id;
import static io.identitysync.core.SourceFields.text;

/**
 * Factorial's time off → canonical leaves, leave types and policies. One method per resource, named after it, as
 * the route calls them.
 */
public final class FactorialTimeOffMapping {

    /**
     * Leave requests. Factorial's approval is tri-state: true approved, false rejected, null waiting. A leave with a
     * deleted_at is gone, as if not listed.
     */
    public MappedPage leaves(JsonNode records) {
        MappedPage page = new MappedPage();
        page.leavesRead = true;
        for (JsonNode l : records) {
            String id = id(l);
            String employee = id(l.get("employee_id"));
            if (id == null || employee == null) {
                page.skipped.add(new Skipped("leave", id, id == null ? "leave without an id" : "leave without an employee_id", l));
                continue;
            }
            if (text(l, "deleted_at") != null) {
                continue;
            }
            JsonNode approved = l.get("approved");
            String status = approved == null || approved.isNull() ? CanonicalLeave.PENDING
                    : approved.asBoolean() ? CanonicalLeave.APPROVED : CanonicalLeave.REJECTED;
            JsonNode hours = l.get("hours_amount_in_cents");
            page.leaves.add(new CanonicalLeave(id, employee, id(l.get("leave_type_id")), text(l, "leave_type_name"), text(l, "start_on"),
                    text(l, "finish_on"), text(l, "half_day"), status,
                    hours == null || !hours.canConvertToLong() ? null : String.valueOf(hours.asLong() / 100.0), text(l, "days_taken")));
        }
        return page;
    }

    public MappedPage leave_types(JsonNode records) {
        MappedPage page = new MappedPage();
        for (JsonNode t : records) {
            String id = id(t);
            if (id != null) {
                page.leaveTypes.add(new LeaveType(id, text(t, "name"), text(t, "identifier"), bool(t, "active"), bool(t, "approval_required"),
                        bool(t, "payable")));
            }
        }
        return page;
    }

    public MappedPage leave_policies(JsonNode records) {
        MappedPage page = new MappedPage();
        for (JsonNode p : records) {
            String id = id(p);
            if (id != null) {
                page.leavePolicies.add(new LeavePolicy(id, text(p, "name"), bool(p, "main"), text(p, "description")));
            }
        }
        return page;
    }
}
