package io.identitysync.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.core.RunRefusedException;
import io.identitysync.core.Usernames;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The end of a complete read: in one transaction, compares what the run staged with what is stored, applies
 * creations, updates and deletions, writes one event per change and closes the run row. Either all of it
 * happens or none of it does.
 */
public final class CommitRun implements AutoCloseable {

    private static final int CHUNK = 500;
    private static final List<String> USER_FIELDS = List.of(
            "email", "given_name", "family_name", "display_name", "title", "status", "manager_external_id", "attributes");
    private static final List<String> GROUP_FIELDS = List.of("name", "kind", "description", "attributes");

    /** What the commit did, by kind of record. */
    public static final class Result {
        public int usersCreated, usersUpdated, usersDisabled, usersEnabled, usersDeleted;
        public int groupsCreated, groupsUpdated, groupsDeleted;
        public int membershipsAdded, membershipsRemoved;
        public int skipped, events;

        public int created() {
            return usersCreated + groupsCreated + membershipsAdded;
        }

        public int updated() {
            return usersUpdated + usersDisabled + usersEnabled + groupsUpdated;
        }

        public int deleted() {
            return usersDeleted + groupsDeleted + membershipsRemoved;
        }
    }

    private final Connection c;
    private final String runId;
    private final String connector;
    private final String now = Store.now();
    private final Events events;
    private final Result result = new Result();
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    private CommitRun(Connection c, String runId, String connector, java.util.function.Function<String, List<String>> endpoints) throws SQLException {
        this.c = c;
        this.runId = runId;
        this.connector = connector;
        this.events = new Events(c, endpoints, runId, connector);
    }

    public static Result commit(Store store, String runId, String connector, double maxDeleteRatio, java.util.function.Function<String, List<String>> endpoints) {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            try (CommitRun run = new CommitRun(c, runId, connector, endpoints)) {
                Result r = run.apply(maxDeleteRatio);
                c.commit();
                return r;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: the commit of run " + runId + " failed: " + e.getMessage(), e);
        }
    }

    private Result apply(double maxDeleteRatio) throws SQLException {
        Phases phases = new Phases();
        dropMembershipsOfUnknownRecords();
        guardDeletions(maxDeleteRatio);
        phases.done("checks");
        Map<String, String> newUsernames = assignUsernames();
        phases.done("usernames");
        addNewUsers(newUsernames);
        applyUsers(newUsernames);
        deleteMissing("users", "user", "user.deleted");
        phases.done("users");
        applyGroups();
        deleteMissing("groups", "group", "group.deleted");
        phases.done("groups");
        applyMemberships();
        phases.done("memberships");
        result.skipped = scalar("SELECT count(*) FROM stage_skipped WHERE run_id = ?", runId);
        closeRun();
        phases.done("close");
        org.slf4j.LoggerFactory.getLogger("identity-sync").debug("{}: commit of run {}: {}", connector, runId, phases);
        return result;
    }

    /** Where a commit spends its time, for the debug log and the benchmark. */
    private static final class Phases {
        private final StringBuilder text = new StringBuilder();
        private long last = System.nanoTime();

        void done(String phase) {
            long now = System.nanoTime();
            text.append(text.length() == 0 ? "" : ", ").append(phase).append(' ').append((now - last) / 1_000_000).append(" ms");
            last = now;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    /** A membership is stored only between a stored user and a stored group; the rest is reported as skipped. */
    private void dropMembershipsOfUnknownRecords() throws SQLException {
        String orphan = " FROM stage_memberships m WHERE m.run_id = ?1 AND ("
                + "NOT EXISTS (SELECT 1 FROM stage_users u WHERE u.run_id = ?1 AND u.external_id = m.user_external_id) OR "
                + "NOT EXISTS (SELECT 1 FROM stage_groups g WHERE g.run_id = ?1 AND g.external_id = m.group_external_id))";
        update("INSERT INTO stage_skipped (run_id, kind, external_id, reason, record) SELECT ?1, 'membership', "
                + "m.group_external_id || '/' || m.user_external_id, 'user or group not stored in this run', "
                + "json_object('group_external_id', m.group_external_id, 'user_external_id', m.user_external_id, 'relation', m.relation)" + orphan, runId);
        update("DELETE FROM stage_memberships WHERE rowid IN (SELECT m.rowid" + orphan + ")", runId);
    }

    private void guardDeletions(double maxDeleteRatio) throws SQLException {
        int present = scalar("SELECT count(*) FROM users WHERE connector = ? AND deleted_at IS NULL", connector);
        int leaving = scalar("SELECT count(*) FROM users u WHERE u.connector = ?1 AND u.deleted_at IS NULL AND NOT EXISTS "
                + "(SELECT 1 FROM stage_users s WHERE s.run_id = ?2 AND s.external_id = u.external_id)", connector, runId);
        if (leaving > 5 && leaving > maxDeleteRatio * present) {
            throw new RunRefusedException(String.format("refused: the run would delete %d of %d stored users, more than "
                    + "sync.max-delete-ratio=%s allows; nothing was applied", leaving, present, maxDeleteRatio));
        }
    }

    /** New users get names in ascending external id order, so the outcome never depends on page order. */
    private Map<String, String> assignUsernames() throws SQLException {
        Set<String> taken = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT username FROM users WHERE connector = ?")) {
            ps.setString(1, connector);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    taken.add(rs.getString(1));
                }
            }
        }
        List<String[]> fresh = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.external_id, s.given_name, s.family_name FROM stage_users s "
                + "WHERE s.run_id = ? AND NOT EXISTS (SELECT 1 FROM users u WHERE u.connector = ? AND u.external_id = s.external_id)")) {
            ps.setString(1, runId);
            ps.setString(2, connector);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fresh.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        fresh.sort((a, b) -> Usernames.EXTERNAL_ID_ORDER.compare(a[0], b[0]));
        Map<String, String> names = new HashMap<>();
        for (String[] u : fresh) {
            String name = Usernames.unique(Usernames.base(u[1], u[2], u[0]), taken);
            taken.add(name);
            names.put(u[0], name);
        }
        return names;
    }

    /**
     * Users never seen before, set-based (see addNewMemberships): their usernames go to a temporary table, then one
     * statement stores them all, and one writes their user.created events in external id order. applyUsers then
     * finds them unchanged and handles only the users that were already stored.
     */
    private void addNewUsers(Map<String, String> newUsernames) throws SQLException {
        if (newUsernames.isEmpty()) {
            return;
        }
        update("CREATE TEMP TABLE IF NOT EXISTS new_usernames (external_id TEXT PRIMARY KEY, username TEXT NOT NULL)");
        update("DELETE FROM temp.new_usernames");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO temp.new_usernames (external_id, username) VALUES (?, ?)")) {
            for (Map.Entry<String, String> e : newUsernames.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setString(2, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        int added = update("INSERT INTO users (connector, external_id, username, email, given_name, family_name, "
                + "display_name, title, status, manager_external_id, attributes, content_hash, first_seen_at, updated_at) "
                + "SELECT ?1, s.external_id, n.username, s.email, s.given_name, s.family_name, s.display_name, s.title, s.status, "
                + "s.manager_external_id, s.attributes, s.content_hash, ?3, ?3 FROM stage_users s "
                + "JOIN temp.new_usernames n ON n.external_id = s.external_id WHERE s.run_id = ?2", connector, runId, now);
        String subjects = "SELECT u.external_id AS subject_id, json_object('connector', u.connector, 'external_id', u.external_id, "
                + "'username', u.username, 'email', u.email, 'given_name', u.given_name, 'family_name', u.family_name, "
                + "'display_name', u.display_name, 'title', u.title, 'status', u.status, 'manager_external_id', u.manager_external_id, "
                + "'attributes', json(u.attributes), 'first_seen_at', u.first_seen_at, 'updated_at', u.updated_at, 'deleted_at', u.deleted_at) "
                + "AS subject FROM users u JOIN temp.new_usernames n ON n.external_id = u.external_id WHERE u.connector = ? "
                + "ORDER BY u.external_id";
        events.emitAll("user.created", "user", subjects, connector);
        result.usersCreated += added;
        update("DELETE FROM temp.new_usernames");
    }

    private void applyUsers(Map<String, String> newUsernames) throws SQLException {
        String select = "SELECT s.*, u.external_id AS stored_id, u.deleted_at AS stored_deleted_at, "
                + "u.email AS old_email, u.given_name AS old_given_name, u.family_name AS old_family_name, "
                + "u.display_name AS old_display_name, u.title AS old_title, u.status AS old_status, "
                + "u.manager_external_id AS old_manager_external_id, u.attributes AS old_attributes "
                + "FROM stage_users s LEFT JOIN users u ON u.connector = ?1 AND u.external_id = s.external_id "
                + "WHERE s.run_id = ?2 AND s.external_id > ?3 "
                + "AND (u.external_id IS NULL OR u.deleted_at IS NOT NULL OR u.content_hash <> s.content_hash) "
                + "ORDER BY s.external_id LIMIT " + CHUNK;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO users (connector, external_id, username, email, given_name, "
                + "family_name, display_name, title, status, manager_external_id, attributes, content_hash, first_seen_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement update = c.prepareStatement("UPDATE users SET email = ?, given_name = ?, family_name = ?, display_name = ?, "
                     + "title = ?, status = ?, manager_external_id = ?, attributes = ?, content_hash = ?, updated_at = ?, deleted_at = NULL "
                     + "WHERE connector = ? AND external_id = ?")) {
            for (List<Map<String, String>> chunk : chunks(select)) {
                for (Map<String, String> row : chunk) {
                    String id = row.get("external_id");
                    String type;
                    List<String> changes = null;
                    if (row.get("stored_id") == null) {
                        insert.setString(1, connector);
                        insert.setString(2, id);
                        insert.setString(3, newUsernames.get(id));
                        int i = 4;
                        for (String f : USER_FIELDS) {
                            insert.setString(i++, row.get(f));
                        }
                        insert.setString(12, row.get("content_hash"));
                        insert.setString(13, now);
                        insert.setString(14, now);
                        insert.executeUpdate();
                        type = "user.created";
                        result.usersCreated++;
                    } else {
                        changes = changedFields(row, USER_FIELDS);
                        int i = 1;
                        for (String f : USER_FIELDS) {
                            update.setString(i++, row.get(f));
                        }
                        update.setString(9, row.get("content_hash"));
                        update.setString(10, now);
                        update.setString(11, connector);
                        update.setString(12, id);
                        update.executeUpdate();
                        if (row.get("stored_deleted_at") != null) {
                            // Back in the source after a deletion: for receivers this is a (re)provisioning.
                            type = "user.created";
                            result.usersCreated++;
                        } else if (changes.contains("status")) {
                            type = "disabled".equals(row.get("status")) ? "user.disabled" : "user.enabled";
                            if (type.equals("user.disabled")) {
                                result.usersDisabled++;
                            } else {
                                result.usersEnabled++;
                            }
                        } else {
                            type = "user.updated";
                            result.usersUpdated++;
                        }
                    }
                    events.emit(type, id, "user", stored("users", id), changes);
                }
            }
        }
    }

    private void applyGroups() throws SQLException {
        String select = "SELECT s.*, g.external_id AS stored_id, g.deleted_at AS stored_deleted_at, g.name AS old_name, "
                + "g.kind AS old_kind, g.description AS old_description, g.attributes AS old_attributes "
                + "FROM stage_groups s LEFT JOIN groups g ON g.connector = ?1 AND g.external_id = s.external_id "
                + "WHERE s.run_id = ?2 AND s.external_id > ?3 "
                + "AND (g.external_id IS NULL OR g.deleted_at IS NOT NULL OR g.content_hash <> s.content_hash) "
                + "ORDER BY s.external_id LIMIT " + CHUNK;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO groups (connector, external_id, name, kind, description, "
                + "attributes, content_hash, first_seen_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement update = c.prepareStatement("UPDATE groups SET name = ?, kind = ?, description = ?, attributes = ?, "
                     + "content_hash = ?, updated_at = ?, deleted_at = NULL WHERE connector = ? AND external_id = ?")) {
            for (List<Map<String, String>> chunk : chunks(select)) {
                for (Map<String, String> row : chunk) {
                    String id = row.get("external_id");
                    List<String> changes = null;
                    String type;
                    if (row.get("stored_id") == null) {
                        insert.setString(1, connector);
                        insert.setString(2, id);
                        int i = 3;
                        for (String f : GROUP_FIELDS) {
                            insert.setString(i++, row.get(f));
                        }
                        insert.setString(7, row.get("content_hash"));
                        insert.setString(8, now);
                        insert.setString(9, now);
                        insert.executeUpdate();
                        type = "group.created";
                        result.groupsCreated++;
                    } else {
                        changes = changedFields(row, GROUP_FIELDS);
                        int i = 1;
                        for (String f : GROUP_FIELDS) {
                            update.setString(i++, row.get(f));
                        }
                        update.setString(5, row.get("content_hash"));
                        update.setString(6, now);
                        update.setString(7, connector);
                        update.setString(8, id);
                        update.executeUpdate();
                        boolean returning = row.get("stored_deleted_at") != null;
                        type = returning ? "group.created" : "group.updated";
                        if (returning) {
                            result.groupsCreated++;
                        } else {
                            result.groupsUpdated++;
                        }
                    }
                    events.emit(type, id, "group", stored("groups", id), changes);
                }
            }
        }
    }

    /** Marks what a complete read no longer found: kept, with deleted_at set. */
    private void deleteMissing(String table, String subjectKey, String type) throws SQLException {
        String select = "SELECT t.external_id FROM " + table + " t WHERE t.connector = ?1 AND t.deleted_at IS NULL AND t.external_id > ?3 "
                + "AND NOT EXISTS (SELECT 1 FROM stage_" + table + " s WHERE s.run_id = ?2 AND s.external_id = t.external_id) "
                + "ORDER BY t.external_id LIMIT " + CHUNK;
        try (PreparedStatement mark = c.prepareStatement("UPDATE " + table + " SET deleted_at = ?, updated_at = ? WHERE connector = ? AND external_id = ?")) {
            for (List<Map<String, String>> chunk : chunks(select)) {
                for (Map<String, String> row : chunk) {
                    String id = row.get("external_id");
                    mark.setString(1, now);
                    mark.setString(2, now);
                    mark.setString(3, connector);
                    mark.setString(4, id);
                    mark.executeUpdate();
                    events.emit(type, id, subjectKey, stored(table, id), null);
                    if (table.equals("users")) {
                        result.usersDeleted++;
                    } else {
                        result.groupsDeleted++;
                    }
                }
            }
        }
    }

    private void applyMemberships() throws SQLException {
        addNewMemberships();
        // Memberships back after a removal: few, so one at a time.
        String added = "SELECT s.group_external_id, s.user_external_id, s.relation, m.first_seen_at AS stored_first_seen FROM stage_memberships s "
                + "JOIN memberships m ON m.connector = ?1 AND m.group_external_id = s.group_external_id "
                + "AND m.user_external_id = s.user_external_id AND m.relation = s.relation "
                + "WHERE s.run_id = ?2 AND m.deleted_at IS NOT NULL "
                + "AND (s.group_external_id, s.user_external_id, s.relation) > (?3, ?4, ?5) "
                + "ORDER BY s.group_external_id, s.user_external_id, s.relation LIMIT " + CHUNK;
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO memberships (connector, group_external_id, user_external_id, relation, "
                + "first_seen_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (connector, group_external_id, user_external_id, relation) "
                + "DO UPDATE SET deleted_at = NULL")) {
            for (List<Map<String, String>> chunk : membershipChunks(added)) {
                for (Map<String, String> row : chunk) {
                    upsert.setString(1, connector);
                    upsert.setString(2, row.get("group_external_id"));
                    upsert.setString(3, row.get("user_external_id"));
                    upsert.setString(4, row.get("relation"));
                    upsert.setString(5, now);
                    upsert.executeUpdate();
                    emitMembership("membership.added", row);
                    result.membershipsAdded++;
                }
            }
        }
        String removed = "SELECT m.group_external_id, m.user_external_id, m.relation FROM memberships m "
                + "WHERE m.connector = ?1 AND m.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM stage_memberships s WHERE s.run_id = ?2 "
                + "AND s.group_external_id = m.group_external_id AND s.user_external_id = m.user_external_id AND s.relation = m.relation) "
                + "AND (m.group_external_id, m.user_external_id, m.relation) > (?3, ?4, ?5) "
                + "ORDER BY m.group_external_id, m.user_external_id, m.relation LIMIT " + CHUNK;
        try (PreparedStatement mark = c.prepareStatement("UPDATE memberships SET deleted_at = ? WHERE connector = ? AND group_external_id = ? "
                + "AND user_external_id = ? AND relation = ?")) {
            for (List<Map<String, String>> chunk : membershipChunks(removed)) {
                for (Map<String, String> row : chunk) {
                    mark.setString(1, now);
                    mark.setString(2, connector);
                    mark.setString(3, row.get("group_external_id"));
                    mark.setString(4, row.get("user_external_id"));
                    mark.setString(5, row.get("relation"));
                    mark.executeUpdate();
                    emitMembership("membership.removed", row);
                    result.membershipsRemoved++;
                }
            }
        }
    }

    /**
     * Memberships never seen before, set-based: a first sync brings hundreds of thousands, and one statement each
     * for the row, its event and its deliveries is what made such a commit slow. The rows are told apart by their
     * first_seen_at, which is this commit's time; their events carry the same body emitMembership would write.
     */
    private void addNewMemberships() throws SQLException {
        int added = update("INSERT INTO memberships (connector, group_external_id, user_external_id, relation, first_seen_at) "
                + "SELECT ?1, s.group_external_id, s.user_external_id, s.relation, ?3 FROM stage_memberships s WHERE s.run_id = ?2 "
                + "AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.connector = ?1 AND m.group_external_id = s.group_external_id "
                + "AND m.user_external_id = s.user_external_id AND m.relation = s.relation)", connector, runId, now);
        if (added == 0) {
            return;
        }
        String subjects = "SELECT m.group_external_id || '/' || m.user_external_id AS subject_id, json_object('connector', m.connector, "
                + "'group_external_id', m.group_external_id, 'user_external_id', m.user_external_id, 'relation', m.relation, "
                + "'first_seen_at', m.first_seen_at, 'deleted_at', m.deleted_at) AS subject FROM memberships m "
                + "WHERE m.connector = ? AND m.first_seen_at = ? AND m.deleted_at IS NULL "
                + "ORDER BY m.group_external_id, m.user_external_id, m.relation";
        events.emitAll("membership.added", "membership", subjects, connector, now);
        result.membershipsAdded += added;
    }

    private void emitMembership(String type, Map<String, String> row) throws SQLException {
        PreparedStatement ps = statement("SELECT * FROM memberships WHERE connector = ? AND group_external_id = ? "
                + "AND user_external_id = ? AND relation = ?");
        ps.setString(1, connector);
        ps.setString(2, row.get("group_external_id"));
        ps.setString(3, row.get("user_external_id"));
        ps.setString(4, row.get("relation"));
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            ObjectNode membership = Rows.toJson(rs);
            events.emit(type, row.get("group_external_id") + "/" + row.get("user_external_id"), "membership", membership, null);
        }
    }

    private void closeRun() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_runs SET status = 'succeeded', finished_at = ?, created = ?, updated = ?, "
                + "deleted = ?, skipped = ? WHERE id = ?")) {
            ps.setString(1, Store.now());
            ps.setInt(2, result.created());
            ps.setInt(3, result.updated());
            ps.setInt(4, result.deleted());
            ps.setInt(5, result.skipped);
            ps.setString(6, runId);
            ps.executeUpdate();
        }
        result.events = events.written() + 1;
        events.emit("sync.completed", runId, "sync_run", SyncRunRows.json(c, runId), null);
    }

    private ObjectNode stored(String table, String externalId) throws SQLException {
        PreparedStatement ps = statement("SELECT * FROM " + table + " WHERE connector = ? AND external_id = ?");
        ps.setString(1, connector);
        ps.setString(2, externalId);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Rows.toJson(rs, "content_hash");
        }
    }

    /** Per-change look-ups run once per changed record: prepared once per commit, not once per record. */
    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    private static List<String> changedFields(Map<String, String> row, List<String> fields) {
        List<String> changes = new ArrayList<>();
        for (String f : fields) {
            if (!Objects.equals(row.get(f), row.get("old_" + f))) {
                changes.add(f);
            }
        }
        return changes;
    }

    /**
     * Pages through a query whose ?3 is the last key seen: the tables it reads are written meanwhile, so
     * no cursor is held open across writes, and memory stays bounded by one chunk.
     */
    private Iterable<List<Map<String, String>>> chunks(String sql) {
        return () -> new ChunkIterator(sql, row -> new String[] {row.get("external_id")});
    }

    private Iterable<List<Map<String, String>>> membershipChunks(String sql) {
        // Row-value keyset: the primary key orders the chunks, so each chunk is an index range, not a scan.
        return () -> new ChunkIterator(sql, row -> new String[] {row.get("group_external_id"), row.get("user_external_id"), row.get("relation")});
    }

    private final class ChunkIterator implements java.util.Iterator<List<Map<String, String>>> {
        private final String sql;
        private final java.util.function.Function<Map<String, String>, String[]> key;
        private String[] after;
        private List<Map<String, String>> next;

        ChunkIterator(String sql, java.util.function.Function<Map<String, String>, String[]> key) {
            this.sql = sql;
            this.key = key;
            this.after = key.apply(Map.of()).clone();
            java.util.Arrays.fill(after, "");
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = read();
            }
            return !next.isEmpty();
        }

        @Override
        public List<Map<String, String>> next() {
            hasNext();
            List<Map<String, String>> out = next;
            if (!out.isEmpty()) {
                after = key.apply(out.get(out.size() - 1));
            }
            next = null;
            return out;
        }

        private List<Map<String, String>> read() {
            List<Map<String, String>> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, connector);
                ps.setString(2, runId);
                for (int i = 0; i < after.length; i++) {
                    ps.setString(3 + i, after[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    String[] labels = new String[columns + 1];
                    for (int i = 1; i <= columns; i++) {
                        labels[i] = rs.getMetaData().getColumnLabel(i);
                    }
                    while (rs.next()) {
                        Map<String, String> row = new HashMap<>(columns * 2);
                        for (int i = 1; i <= columns; i++) {
                            row.put(labels[i], rs.getString(i));
                        }
                        rows.add(row);
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("store.url: reading run " + runId + " failed: " + e.getMessage(), e);
            }
            return rows;
        }
    }

    private int scalar(String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Runs one statement with text parameters; returns how many rows it changed. */
    private int update(String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : statements.values()) {
            ps.close();
        }
        events.close();
    }
}
