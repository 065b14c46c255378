package io.identitysync.store.staging;

import io.identitysync.core.SourceException;
import io.identitysync.model.CanonicalLeave;
import io.identitysync.model.CanonicalUser;
import io.identitysync.model.MappedPage;
import io.identitysync.store.Statements;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The time off side of staging: leave requests, leave types and policies, read before the people (the route's
 * order), so each page of people is given on_leave_today as it is staged: an approved leave covers today (a half
 * day counts; an open-ended leave covers every day from its start).
 */
final class LeaveStaging {

    private LeaveStaging() {
    }

    static void stage(Connection c, String runId, MappedPage page, String where) throws SQLException {
        if (!page.leaves.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO stage_leaves (run_id, external_id, user_external_id, "
                    + "leave_type_id, leave_type_name, start_on, finish_on, half_day, status, hours, days_taken, content_hash) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (CanonicalLeave l : page.leaves) {
                    Statements.bind(ps, Arrays.asList(runId, l.externalId(), l.userExternalId(), l.leaveTypeId(), l.leaveTypeName(),
                            l.startOn(), l.finishOn(), l.halfDay(), l.status(), l.hours(), l.daysTaken(), Staging.hash(fields(l))));
                    if (ps.executeUpdate() == 0) {
                        throw new SourceException(where + ": leave " + l.externalId() + " was already read earlier in this run (duplicate id)");
                    }
                }
            }
        }
        Statements.batch(c, "INSERT INTO stage_leave_types (run_id, external_id, name, identifier, active, approval_required, "
                + "payable) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", page.leaveTypes.stream().map(t -> Arrays.asList(runId, t.externalId(), t.name(),
                t.identifier(), text(t.active()), text(t.approvalRequired()), text(t.payable()))).toList());
        Statements.batch(c, "INSERT INTO stage_leave_policies (run_id, external_id, name, main, description) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                page.leavePolicies.stream().map(p -> Arrays.asList(runId, p.externalId(), p.name(), text(p.main()), p.description())).toList());
    }

    /** The page's people with on_leave_today, when the run read leaves; unchanged otherwise. */
    static List<CanonicalUser> onLeave(Connection c, String runId, List<CanonicalUser> users, LocalDate today) throws SQLException {
        if (users.isEmpty() || !Staging.read(c, runId, Staging.LEAVES)) {
            return users;
        }
        String day = today.toString();
        List<String> params = new ArrayList<>(List.of(runId, day, day));
        users.forEach(u -> params.add(u.externalId()));
        Set<String> away = new HashSet<>();
        try (PreparedStatement ps = Statements.bind(c.prepareStatement("SELECT DISTINCT user_external_id FROM stage_leaves WHERE run_id = ? "
                + "AND status = 'approved' AND substr(start_on, 1, 10) <= ? AND (finish_on IS NULL OR substr(finish_on, 1, 10) >= ?) "
                + "AND user_external_id IN (" + String.join(", ", Collections.nCopies(users.size(), "?")) + ")"), params);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                away.add(rs.getString(1));
            }
        }
        List<CanonicalUser> result = new ArrayList<>(users.size());
        for (CanonicalUser u : users) {
            result.add(u.withOnLeaveToday(away.contains(u.externalId())));
        }
        return result;
    }

    private static Map<String, Object> fields(CanonicalLeave l) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("external_id", l.externalId());
        f.put("user_external_id", l.userExternalId());
        f.put("leave_type_id", l.leaveTypeId());
        f.put("leave_type_name", l.leaveTypeName());
        f.put("start_on", l.startOn());
        f.put("finish_on", l.finishOn());
        f.put("half_day", l.halfDay());
        f.put("status", l.status());
        f.put("hours", l.hours());
        f.put("days_taken", l.daysTaken());
        return f;
    }

    private static String text(Boolean b) {
        return b == null ? null : b.toString();
    }
}
