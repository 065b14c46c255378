package io.identitysync.store.identities;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a directory push reads and remembers: the links between our users and groups and the directory's records
 * (directory_links), whether a directory was filled from the current state (directory_fills), and the stored rows a
 * push sends (the current user, their manager and department, a group's members).
 */
public final class DirectoryState {

    /** Our record in a directory: its id there, the username it got, whether we adopted it and whether we suspended it. */
    public record Link(String remoteId, String username, boolean adopted, boolean suspendedBySync) {
    }

    private final Store store;
    private final String directory;
    private final Clock clock;

    public DirectoryState(Store store, String directory) {
        this(store, directory, Clock.systemUTC());
    }

    /** @param clock what "now" is for a grace period ({@code delete-after}): tests move it instead of waiting */
    public DirectoryState(Store store, String directory, Clock clock) {
        this.store = store;
        this.directory = directory;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    public Link link(String connector, String kind, String externalId) {
        Link[] found = {null};
        store.read("directory_links", "SELECT remote_id, username, adopted, suspended_by_sync FROM directory_links "
                + "WHERE directory = ? AND connector = ? AND kind = ? AND external_id = ?", List.of(directory, connector, kind, externalId),
                rs -> found[0] = new Link(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getInt(4) == 1));
        return found[0];
    }

    public void save(String connector, String kind, String externalId, Link link) {
        write("INSERT INTO directory_links (directory, connector, kind, external_id, remote_id, username, adopted, suspended_by_sync, linked_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (directory, connector, kind, external_id) DO UPDATE SET "
                + "remote_id = excluded.remote_id, username = excluded.username, adopted = excluded.adopted, "
                + "suspended_by_sync = excluded.suspended_by_sync", List.of(directory, connector, kind, externalId, link.remoteId(),
                link.username() == null ? "" : link.username(), link.adopted() ? 1 : 0, link.suspendedBySync() ? 1 : 0, Store.now()));
    }

    /** A decision this directory took about a person (adopted them, left them out), in their history (person_decisions). */
    public void decide(String connector, String externalId, String decision, String detail) {
        PersonDecisions.record(store, connector, null, List.of(new PersonDecisions.Decision(externalId, decision, directory + ": " + detail)));
    }

    public void forget(String connector, String kind, String externalId) {
        write("DELETE FROM directory_links WHERE directory = ? AND connector = ? AND kind = ? AND external_id = ?",
                List.of(directory, connector, kind, externalId));
    }

    /** The stored user (as events carry it), or null. */
    public ObjectNode user(String connector, String externalId) {
        ObjectNode[] found = {null};
        store.read("users", "SELECT * FROM users WHERE connector = ? AND external_id = ?", List.of(connector, externalId),
                rs -> found[0] = Rows.toJson(rs, "content_hash"));
        return found[0];
    }

    /** The stored group, or null. */
    public ObjectNode group(String connector, String externalId) {
        ObjectNode[] found = {null};
        store.read("groups", "SELECT * FROM groups WHERE connector = ? AND external_id = ?", List.of(connector, externalId),
                rs -> found[0] = Rows.toJson(rs, "content_hash"));
        return found[0];
    }

    /**
     * The department a directory receives for this row: the one its own rule put on the row it pushes
     * ({@code directories.<id>.map.department}), else as {@link #department(String, String)} finds it.
     */
    public String department(String connector, ObjectNode row) {
        String mapped = row.path("attributes").path("department").asText("");
        return !mapped.isEmpty() ? mapped : department(connector, row.path("external_id").asText());
    }

    /**
     * The name of the user's department: their {@code department} attribute when a rule maps one
     * ({@code <prefix>map.department}), else the present department group, of the lowest id, they are a present member of.
     */
    public String department(String connector, String userExternalId) {
        String[] name = {null};
        store.read("users", "SELECT attributes FROM users WHERE connector = ? AND external_id = ?", List.of(connector, userExternalId), rs -> {
            String attributes = rs.getString(1);
            if (attributes != null && attributes.contains("\"department\"")) {
                String mapped = Rows.parse(attributes).path("department").asText("");
                name[0] = mapped.isEmpty() ? null : mapped;
            }
        });
        if (name[0] != null) {
            return name[0];
        }
        store.read("memberships", "SELECT g.name FROM memberships m JOIN groups g ON g.connector = m.connector AND g.external_id = m.group_external_id "
                + "WHERE m.connector = ? AND m.user_external_id = ? AND m.deleted_at IS NULL AND g.deleted_at IS NULL AND g.kind = 'department' "
                + "AND m.relation = 'member' ORDER BY g.external_id LIMIT 1", List.of(connector, userExternalId), rs -> name[0] = rs.getString(1));
        return name[0];
    }

    /** The present users whose manager is this user. */
    public List<String> reports(String connector, String managerExternalId) {
        List<String> out = new ArrayList<>();
        store.read("users", "SELECT external_id FROM users WHERE connector = ? AND manager_external_id = ? AND deleted_at IS NULL ORDER BY external_id",
                List.of(connector, managerExternalId), rs -> out.add(rs.getString(1)));
        return out;
    }

    /** Whether a connector has any present user: at start, whether a new directory has anything to be filled from. */
    public boolean hasPresentUsers(String connector) {
        boolean[] found = {false};
        store.read("users", "SELECT 1 FROM users WHERE connector = ? AND deleted_at IS NULL LIMIT 1", List.of(connector), rs -> found[0] = true);
        return found[0];
    }

    /** For a fill: the present users, groups of {@code kind}, and their present memberships, of one connector. */
    public List<String> presentUsers(String connector) {
        List<String> out = new ArrayList<>();
        store.read("users", "SELECT external_id FROM users WHERE connector = ? AND deleted_at IS NULL ORDER BY external_id", List.of(connector),
                rs -> out.add(rs.getString(1)));
        return out;
    }

    /** Every user of a connector the store has, present or deleted: what a reconcile compares. */
    public List<String> allUsers(String connector) {
        List<String> out = new ArrayList<>();
        store.read("users", "SELECT external_id FROM users WHERE connector = ? ORDER BY external_id", List.of(connector), rs -> out.add(rs.getString(1)));
        return out;
    }

    /**
     * The people deleted in the source before {@code cutoff} who still have an account here: with on-delete=delete,
     * those whose grace period is over. Each as {connector, external id}.
     */
    public List<String[]> deletedBefore(Instant cutoff) {
        List<String[]> out = new ArrayList<>();
        store.read("directory_links", "SELECT l.connector, l.external_id FROM directory_links l JOIN users u ON u.connector = l.connector "
                + "AND u.external_id = l.external_id WHERE l.directory = ? AND l.kind = 'user' AND u.deleted_at IS NOT NULL AND u.deleted_at <= ? "
                + "ORDER BY l.connector, l.external_id", List.of(directory, Store.format(cutoff)), rs -> out.add(new String[] {rs.getString(1), rs.getString(2)}));
        return out;
    }

    /** The directory ids of every user we linked in this directory. */
    public List<String> linkedUsers() {
        List<String> out = new ArrayList<>();
        store.read("directory_links", "SELECT remote_id FROM directory_links WHERE directory = ? AND kind = 'user'", List.of(directory),
                rs -> out.add(rs.getString(1)));
        return out;
    }

    public List<String> presentGroups(String connector, String kind) {
        List<String> out = new ArrayList<>();
        store.read("groups", "SELECT external_id FROM groups WHERE connector = ? AND kind = ? AND deleted_at IS NULL ORDER BY external_id",
                List.of(connector, kind), rs -> out.add(rs.getString(1)));
        return out;
    }

    /** The present members (user external ids) of a group. */
    public List<String> members(String connector, String groupExternalId) {
        List<String> out = new ArrayList<>();
        store.read("memberships", "SELECT DISTINCT user_external_id FROM memberships WHERE connector = ? AND group_external_id = ? "
                + "AND relation = 'member' AND deleted_at IS NULL ORDER BY user_external_id", List.of(connector, groupExternalId),
                rs -> out.add(rs.getString(1)));
        return out;
    }

    public boolean filled() {
        boolean[] found = {false};
        store.read("directory_fills", "SELECT 1 FROM directory_fills WHERE directory = ?", List.of(directory), rs -> found[0] = true);
        return found[0];
    }

    public void markFilled() {
        write("INSERT INTO directory_fills (directory, filled_at) VALUES (?, ?) ON CONFLICT (directory) DO NOTHING", List.of(directory, Store.now()));
    }

    private void write(String sql, List<?> params) {
        store.write("directory_links", sql, params);
    }
}
