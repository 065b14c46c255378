package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialRecords;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Time off, opt-in per connector: leave requests with their events, leave types, policies, and on_leave_today. */
class FactorialTimeOffTest extends FixtureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now(Clock.systemUTC());

    /** Ada away today and tomorrow; Alan asked for next week (waiting); Grace refused; Linus off this morning. */
    private static FactorialData company() {
        FactorialData d = new FactorialData();
        for (String[] p : new String[][] {{"1", "Ada", "Lovelace"}, {"2", "Alan", "Turing"}, {"3", "Grace", "Hopper"}, {"4", "Linus", "Torvalds"}}) {
            d.employees.add(FactorialData.employee(Integer.parseInt(p[0]), p[1], p[2]));
        }
        d.leaves.add(FactorialRecords.leave(11, 1, 1, TODAY, TODAY.plusDays(1), true));
        d.leaves.add(FactorialRecords.leave(21, 2, 1, TODAY.plusDays(7), TODAY.plusDays(8), null));
        d.leaves.add(FactorialRecords.leave(31, 3, 1, TODAY, TODAY, false));
        d.leaves.add(FactorialRecords.leave(41, 4, 2, TODAY, TODAY, true).put("half_day", "beginning_of_day").put("hours_amount_in_cents", 400));
        d.leaveTypes.add(JSON.createObjectNode().put("id", 1).put("name", "Vacation").put("identifier", "vacation").put("active", true)
                .put("approval_required", true).put("payable", true));
        d.leaveTypes.add(JSON.createObjectNode().put("id", 2).put("name", "Sick leave").put("identifier", "sick_leave").put("active", true)
                .put("approval_required", false).put("payable", true));
        d.leavePolicies.add(JSON.createObjectNode().put("id", 1).put("name", "Spain").put("main", true));
        return d;
    }

    private Object user(String id, String column) throws Exception {
        return fx.query("SELECT " + column + " FROM users WHERE external_id = '" + id + "'").get(0).get(column);
    }

    @Test
    void leavesAreStoredEventedAndExportedAndOnLeaveTodayFollowsTheApprovedOnes() throws Exception {
        fx = new SyncFixture(dir, company());
        fx.set("factorial.resources", "employees,teams,locations,employments,leaves");
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertTrue(outcome.succeeded(), outcome.error());

        assertEquals("true", user("1", "on_leave_today"));
        assertEquals("false", user("2", "on_leave_today"), "waiting for approval is not away");
        // Factorial lists pending leaves only with include_pending=true (the simulator too): Alan's is read and staged.
        assertEquals("false", user("3", "on_leave_today"), "refused is not away");
        assertEquals("true", user("4", "on_leave_today"), "a half day counts");
        List<Map<String, Object>> leaves = fx.query("SELECT external_id, status, half_day, hours FROM leaves ORDER BY external_id");
        assertEquals(List.of("approved", "pending", "rejected", "approved"), leaves.stream().map(l -> l.get("status")).toList());
        assertEquals("4.0", leaves.get(3).get("hours"));
        assertEquals(2L, ((Number) fx.scalar("SELECT count(*) FROM leave_types")).longValue());
        assertEquals(1L, ((Number) fx.scalar("SELECT count(*) FROM leave_policies")).longValue());
        assertEquals(4L, ((Number) fx.scalar("SELECT count(*) FROM events WHERE type = 'leave.created'")).longValue());
        JsonNode created = JSON.readTree((String) fx.scalar("SELECT payload FROM events WHERE type = 'user.created' AND subject_id = '1'"));
        assertTrue(created.at("/data/user/on_leave_today").asBoolean(), "a boolean in events");
        Path folder = Path.of(outcome.exportFolder());
        assertEquals(4, Files.readAllLines(folder.resolve("leaves.ndjson")).size());
        assertEquals(2, Files.readAllLines(folder.resolve("leave_types.ndjson")).size());
        assertEquals(1, Files.readAllLines(folder.resolve("leave_policies.ndjson")).size());

        // Approved, moved, withdrawn: one event each, and the day moving on changes on_leave_today with no change in Factorial.
        FactorialData data = fx.factorial.data();
        data.leaves.stream().filter(l -> l.get("id").asInt() == 21).findFirst().orElseThrow().put("approved", true);
        data.leaves.removeIf(l -> l.get("id").asInt() == 31);
        fx.clock = Clock.offset(Clock.systemUTC(), Duration.ofDays(2));
        fx.receiver.clear();
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("false", user("1", "on_leave_today"));
        assertEquals(List.of("user.updated", "user.updated", "leave.updated", "leave.deleted", "sync.completed"), fx.receiver.types());
        JsonNode approved = JSON.readTree((String) fx.scalar("SELECT payload FROM events WHERE type = 'leave.updated'"));
        assertEquals(List.of("status"), JSON.convertValue(approved.at("/data/changes"), List.class));
        assertEquals("approved", approved.at("/data/leave/status").asText());
        assertFalse(approved.at("/data/leave").has("content_hash"));
    }

    @Test
    void withoutLeavesNoUserSaysOnLeaveAndTheLeavesStoredBeforeStay() throws Exception {
        fx = new SyncFixture(dir, company());
        fx.set("factorial.resources", "employees,leaves");
        assertTrue(fx.runFactorial().succeeded());
        fx.set("factorial.resources", "employees");
        fx.receiver.clear();
        assertTrue(fx.runFactorial().succeeded());
        assertNull(user("1", "on_leave_today"));
        assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM leaves WHERE deleted_at IS NOT NULL")).longValue());
        assertEquals(0, fx.factorial.calls("leaves") - 1, "read by the first run only");
        assertTrue(fx.receiver.types().stream().noneMatch(t -> t.startsWith("leave.")), fx.receiver.types().toString());
    }
}
