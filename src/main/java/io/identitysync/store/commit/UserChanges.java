package io.identitysync.store.commit;

import io.identitysync.core.Usernames;
import io.identitysync.model.CanonicalUser;
import io.identitysync.store.CopyRows;
import io.identitysync.store.Dialect;
import io.identitysync.store.Rows;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The users table in a commit: usernames for new people, new users set-based, then changes and deletions. */
final class UserChanges {

    static final List<String> FIELDS = List.of(
            "email", "given_name", "family_name", "display_name", "title", "status", "manager_external_id", "attributes", "employee_number",
            "employment", "on_leave_today");
    private final RunTransaction tx;
    private final RecordChanges records;
    /** The new people given an earlier identity back (rehire=reactivate): announced as user.enabled, not user.created. */
    private final Set<String> rehired = new HashSet<>();

    UserChanges(RunTransaction tx) {
        this.tx = tx;
        boolean reactivate = tx.rehire.reactivate();
        this.records = new RecordChanges(tx, new RecordChanges.Kind("users", "user", FIELDS, (row, changes) -> eventType(row, changes, reactivate)));
    }

    /**
     * The event of a stored user that changed. A pre-hire is announced as user.pending (and any change while
     * pending too), and becomes user.created on their first day: a receiver that does not know user.pending then
     * provisions them exactly when they start, as it did before pending existed. An active user back after a
     * deletion is the same person again (user.enabled: their username and accounts are theirs still) unless
     * rehire=new, which makes it a (re)provisioning: user.created; user.pending before their first day either way.
     */
    static String eventType(Map<String, String> row, List<String> changes, boolean reactivate) {
        String status = row.get("status");
        if (CanonicalUser.PENDING.equals(status)) {
            return "user.pending";
        }
        if (row.get("stored_deleted_at") != null) {
            return reactivate && CanonicalUser.ACTIVE.equals(status) ? "user.enabled" : "user.created";
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
        // attributes: a <prefix>map.username template's value; the last column: the match-on value of a rehire.
        try (PreparedStatement ps = Statements.bind(tx.c.prepareStatement("SELECT s.external_id, s.given_name, s.family_name, s.attributes, s." + matchColumn()
                + " FROM stage_users s WHERE s.run_id = ? AND NOT EXISTS (SELECT 1 FROM users u WHERE u.connector = ? AND u.external_id = s.external_id)"),
                List.of(tx.runId, tx.connector)); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                fresh.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), templated(rs.getString(4)), matchValue(rs.getString(5))});
            }
        }
        fresh.sort((a, b) -> Usernames.EXTERNAL_ID_ORDER.compare(a[0], b[0]));
        Map<String, String> names = new HashMap<>();
        Usernames.Allocator allocator = new Usernames.Allocator(taken);
        List<PersonDecisions.Decision> numbered = new ArrayList<>();
        Map<String, String[]> earlier = fresh.isEmpty() || !tx.rehire.reactivate() ? new HashMap<>() : earlierIdentities();
        for (String[] u : fresh) {
            String[] before = u[4] == null ? null : earlier.remove(u[4]);
            if (before != null) {
                rehire(u[0], before[0], before[1]);
                names.put(u[0], before[1]);
                numbered.add(new PersonDecisions.Decision(u[0], PersonDecisions.REHIRED, "the earlier identity of " + before[0] + " (" + before[1]
                        + ", the same " + tx.rehire.matchOn() + "): its username and directory accounts"));
                continue;
            }
            String base = u[3] == null ? Usernames.base(u[1], u[2], u[0]) : Usernames.fromTemplate(u[3], u[1], u[2], u[0]);
            String name = allocator.take(base);
            names.put(u[0], name);
            if (!name.equals(base)) {
                numbered.add(new PersonDecisions.Decision(u[0], PersonDecisions.USERNAME_NUMBERED, base + " was taken: " + name));
            }
        }
        PersonDecisions.insert(tx.c, tx.connector, tx.runId, tx.now, numbered);
        return names;
    }

    /** The username a {@code <prefix>map.username} template gave (kept as the attribute username), or null. */
    private static String templated(String attributes) {
        if (attributes == null || !attributes.contains("\"username\"")) {
            return null;
        }
        String value = io.identitysync.store.Rows.parse(attributes).path("username").asText("");
        return value.isBlank() ? null : value;
    }

    /** The users column the match-on attribute is read from: its own, or the mapped attributes. */
    private String matchColumn() {
        String on = tx.rehire.matchOn();
        return FIELDS.contains(on) && !on.equals("attributes") && !on.equals("employment") ? on : "attributes";
    }

    /** The match-on value of a row, compared without case or surrounding blanks; null when it has none. */
    private String matchValue(String raw) {
        String value = raw;
        if (raw != null && matchColumn().equals("attributes")) {
            value = Rows.parse(raw).path(tx.rehire.matchOn()).asText(null);
        }
        return value == null || value.isBlank() ? null : value.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The people who left (terminated or deleted, and not read as present in this run), by match-on value: the
     * newest leaver wins a value two share.
     */
    private Map<String, String[]> earlierIdentities() throws SQLException {
        Map<String, String[]> out = new HashMap<>();
        try (PreparedStatement ps = Statements.bind(tx.c.prepareStatement("SELECT u.external_id, u.username, u." + matchColumn() + " FROM users u "
                + "WHERE u.connector = ? AND (u.deleted_at IS NOT NULL OR u.status = 'disabled') AND NOT EXISTS (SELECT 1 FROM stage_users s "
                + "WHERE s.run_id = ? AND s.external_id = u.external_id AND s.status <> 'disabled') ORDER BY u.updated_at DESC, u.external_id"),
                List.of(tx.connector, tx.runId)); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String value = matchValue(rs.getString(3));
                if (value != null) {
                    out.putIfAbsent(value, new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return out;
    }

    /**
     * A new source id takes over an earlier person: the earlier row keeps its history under {@code <username>~<id>}
     * (a username belongs to one row), and its directory links become the new id's, so pushes update (and unsuspend)
     * the same accounts instead of creating second ones.
     */
    private void rehire(String externalId, String earlierId, String username) throws SQLException {
        rehired.add(externalId);
        tx.update("UPDATE users SET username = ? WHERE connector = ? AND external_id = ?", username + "~" + earlierId, tx.connector, earlierId);
        tx.update("UPDATE directory_links SET external_id = ? WHERE connector = ? AND kind = 'user' AND external_id = ?", externalId, tx.connector,
                earlierId);
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
        tx.update("CREATE TEMP TABLE IF NOT EXISTS new_usernames (external_id TEXT PRIMARY KEY, username TEXT NOT NULL, rehired TEXT NOT NULL)");
        tx.update("DELETE FROM new_usernames");
        if (tx.dialect == Dialect.POSTGRESQL) {
            try (CopyRows copy = new CopyRows(tx.c, "new_usernames", List.of("external_id", "username", "rehired"))) {
                for (Map.Entry<String, String> e : usernames.entrySet()) {
                    copy.add(e.getKey(), e.getValue(), rehired.contains(e.getKey()) ? "1" : "0");
                }
            }
        } else {
            try (PreparedStatement ps = tx.c.prepareStatement("INSERT INTO new_usernames (external_id, username, rehired) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> e : usernames.entrySet()) {
                    Statements.bind(ps, List.of(e.getKey(), e.getValue(), rehired.contains(e.getKey()) ? "1" : "0")).addBatch();
                }
                ps.executeBatch();
            }
        }
        // Autovacuum never analyzes a temporary table: without this the planner takes it for a few rows and joins
        // it to the users by nested loops over sequential scans (a 100,000-person commit took minutes).
        tx.dialect.analyze(tx.c, "new_usernames", usernames.size());
        String columns = String.join(", ", FIELDS);
        int added = tx.update("INSERT INTO users (connector, external_id, username, " + columns + ", content_hash, first_seen_at, updated_at) "
                + "SELECT ?1, s.external_id, n.username, s." + String.join(", s.", FIELDS) + ", s.content_hash, ?3, ?3 FROM stage_users s "
                + "JOIN new_usernames n ON n.external_id = s.external_id WHERE s.run_id = ?2", tx.connector, tx.runId, tx.now);
        // A first sync has just filled the table: the events' manager join and the look-ups that follow must be
        // planned on what it holds now.
        tx.dialect.analyze(tx.c, "users", added);
        String subjects = "SELECT u.external_id AS subject_id, " + UserRows.jsonObject(tx.dialect) + " AS subject FROM " + UserRows.FROM
                + " JOIN new_usernames n ON n.external_id = u.external_id WHERE u.connector = ? AND u.status %s 'pending' %s "
                + "ORDER BY u.external_id";
        tx.events.emitAll("user.created", "user", subjects.formatted("<>", "AND n.rehired = '0'"), tx.connector);
        int enabled = rehired.isEmpty() ? 0 : tx.events.emitAll("user.enabled", "user", subjects.formatted("<>", "AND n.rehired = '1'"), tx.connector);
        int pending = tx.events.emitAll("user.pending", "user", subjects.formatted("=", ""), tx.connector);
        tx.result.usersPending += pending;
        tx.result.usersEnabled += enabled;
        added -= pending + enabled;
        tx.result.usersCreated += added;
        tx.update("DELETE FROM new_usernames");
    }
}
