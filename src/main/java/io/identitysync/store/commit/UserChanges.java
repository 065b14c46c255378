package io.identitysync.store.commit;

import io.identitysync.core.Usernames;
import io.identitysync.model.CanonicalUser;
import io.identitysync.store.CopyRows;
import io.identitysync.store.Dialect;
import io.identitysync.store.Statements;
import io.identitysync.store.identities.PersonDecisions;
import io.identitysync.store.identities.UserRows;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The users table in a commit: usernames for new people, new users set-based, then changes and deletions. */
final class UserChanges {

    static final List<String> FIELDS = List.of(
            "email", "given_name", "family_name", "display_name", "title", "status", "manager_external_id", "attributes", "employee_number",
            "employment", "on_leave_today");
    private static final RecordChanges.Kind USERS = new RecordChanges.Kind("users", "user", FIELDS, UserChanges::eventType);

    private final RunTransaction tx;
    private final RecordChanges records;

    UserChanges(RunTransaction tx) {
        this.tx = tx;
        this.records = new RecordChanges(tx, USERS);
    }

    /**
     * The event of a stored user that changed. A pre-hire is announced as user.pending (and any change while
     * pending too), and becomes user.created on their first day: a receiver that does not know user.pending then
     * provisions them exactly when they start, as it did before pending existed. A user back after a deletion is a
     * (re)provisioning: user.created, or user.pending before their first day.
     */
    static String eventType(Map<String, String> row, List<String> changes) {
        String status = row.get("status");
        if (CanonicalUser.PENDING.equals(status)) {
            return "user.pending";
        }
        if (row.get("stored_deleted_at") != null) {
            return "user.created";
        }
        if (!changes.contains("status")) {
            return "user.updated";
        }
        if (CanonicalUser.DISABLED.equals(status)) {
            return "user.disabled";
        }
        return CanonicalUser.PENDING.equals(row.get("old_status")) ? "user.created" : "user.enabled";
    }

    void apply() throws SQLException {
        addNew(assignUsernames());
        // Every staged user now has a stored row: what is left are changes to people already known. A targeted run
        // read only some people: the others are not gone.
        if (tx.targeted) {
            records.applyChanged();
        } else {
            records.apply();
        }
    }

    /** New users get names in ascending external id order, so the outcome never depends on page order. */
    Map<String, String> assignUsernames() throws SQLException {
        Set<String> taken = new HashSet<>();
        try (PreparedStatement ps = Statements.bind(tx.c.prepareStatement("SELECT username FROM users WHERE connector = ?"), List.of(tx.connector));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                taken.add(rs.getString(1));
            }
        }
        List<String[]> fresh = new ArrayList<>();
        try (PreparedStatement ps = Statements.bind(tx.c.prepareStatement("SELECT s.external_id, s.given_name, s.family_name FROM stage_users s "
                + "WHERE s.run_id = ? AND NOT EXISTS (SELECT 1 FROM users u WHERE u.connector = ? AND u.external_id = s.external_id)"),
                List.of(tx.runId, tx.connector)); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                fresh.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        fresh.sort((a, b) -> Usernames.EXTERNAL_ID_ORDER.compare(a[0], b[0]));
        Map<String, String> names = new HashMap<>();
        Usernames.Allocator allocator = new Usernames.Allocator(taken);
        List<PersonDecisions.Decision> numbered = new ArrayList<>();
        for (String[] u : fresh) {
            String base = Usernames.base(u[1], u[2], u[0]);
            String name = allocator.take(base);
            names.put(u[0], name);
            if (!name.equals(base)) {
                numbered.add(new PersonDecisions.Decision(u[0], PersonDecisions.USERNAME_NUMBERED, base + " was taken: " + name));
            }
        }
        PersonDecisions.insert(tx.c, tx.connector, tx.runId, tx.now, numbered);
        return names;
    }

    /**
     * Users never seen before, set-based (a first sync brings them by the hundred thousand): their usernames go to
     * a temporary table, then one statement stores them all, and one writes their user.created events in external
     * id order, with the body Events.emit would write.
     */
    private void addNew(Map<String, String> usernames) throws SQLException {
        if (usernames.isEmpty()) {
            return;
        }
        tx.update("CREATE TEMP TABLE IF NOT EXISTS new_usernames (external_id TEXT PRIMARY KEY, username TEXT NOT NULL)");
        tx.update("DELETE FROM new_usernames");
        if (tx.dialect == Dialect.POSTGRESQL) {
            try (CopyRows copy = new CopyRows(tx.c, "new_usernames", List.of("external_id", "username"))) {
                for (Map.Entry<String, String> e : usernames.entrySet()) {
                    copy.add(e.getKey(), e.getValue());
                }
            }
        } else {
            try (PreparedStatement ps = tx.c.prepareStatement("INSERT INTO new_usernames (external_id, username) VALUES (?, ?)")) {
                for (Map.Entry<String, String> e : usernames.entrySet()) {
                    Statements.bind(ps, List.of(e.getKey(), e.getValue())).addBatch();
                }
                ps.executeBatch();
            }
        }
        // Autovacuum never analyzes a temporary table: without this the planner takes it for a few rows and joins
        // it to the users by nested loops over sequential scans (a 100,000-person commit took minutes).
        tx.dialect.analyze(tx.c, List.of("new_usernames"));
        String columns = String.join(", ", FIELDS);
        int added = tx.update("INSERT INTO users (connector, external_id, username, " + columns + ", content_hash, first_seen_at, updated_at) "
                + "SELECT ?1, s.external_id, n.username, s." + String.join(", s.", FIELDS) + ", s.content_hash, ?3, ?3 FROM stage_users s "
                + "JOIN new_usernames n ON n.external_id = s.external_id WHERE s.run_id = ?2", tx.connector, tx.runId, tx.now);
        // A first sync has just filled the table: the events' manager join and the look-ups that follow must be
        // planned on what it holds now.
        tx.dialect.analyze(tx.c, List.of("users"));
        String subjects = "SELECT u.external_id AS subject_id, " + UserRows.jsonObject(tx.dialect) + " AS subject FROM " + UserRows.FROM
                + " JOIN new_usernames n ON n.external_id = u.external_id WHERE u.connector = ? AND u.status %s 'pending' "
                + "ORDER BY u.external_id";
        tx.events.emitAll("user.created", "user", subjects.formatted("<>"), tx.connector);
        int pending = tx.events.emitAll("user.pending", "user", subjects.formatted("="), tx.connector);
        tx.result.usersPending += pending;
        added -= pending;
        tx.result.usersCreated += added;
        tx.update("DELETE FROM new_usernames");
    }
}
