package io.identitysync.store;

import io.identitysync.core.CanonicalGroup;
import io.identitysync.core.CanonicalMembership;
import io.identitysync.core.CanonicalUser;
import io.identitysync.core.MappedPage;
import io.identitysync.core.Skipped;
import io.identitysync.core.SourceException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Puts one mapped page aside for its run, so that a run holds one page in memory whatever the source's size. */
public final class Staging {

    private Staging() {
    }

    /** What one page added: seen records per kind and how many were skipped. */
    public record Counts(int users, int groups, int memberships, int skipped) {
    }

    /**
     * @param where how messages name the page, e.g. "Factorial page 3 of employees"
     */
    public static Counts stage(Store store, String runId, MappedPage page, boolean requireEmail, String where) {
        int users = 0;
        int skipped = 0;
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement user = c.prepareStatement("INSERT OR IGNORE INTO stage_users (run_id, external_id, email, given_name, family_name, "
                    + "display_name, title, status, manager_external_id, attributes, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement group = c.prepareStatement("INSERT OR IGNORE INTO stage_groups (run_id, external_id, name, kind, description, "
                         + "attributes, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement membership = c.prepareStatement("INSERT OR IGNORE INTO stage_memberships (run_id, group_external_id, "
                         + "user_external_id, relation) VALUES (?, ?, ?, ?)");
                 PreparedStatement skip = c.prepareStatement("INSERT INTO stage_skipped (run_id, kind, external_id, reason, record) VALUES (?, ?, ?, ?, ?)")) {
                for (CanonicalUser u : page.users) {
                    if (requireEmail && (u.email() == null || u.email().isBlank())) {
                        skipRow(skip, runId, new Skipped("user", u.externalId(), "no work email", Rows.JSON.valueToTree(userFields(u))));
                        skipped++;
                        continue;
                    }
                    Map<String, Object> fields = userFields(u);
                    user.setString(1, runId);
                    user.setString(2, u.externalId());
                    user.setString(3, u.email());
                    user.setString(4, u.givenName());
                    user.setString(5, u.familyName());
                    user.setString(6, u.displayName());
                    user.setString(7, u.title());
                    user.setString(8, u.status());
                    user.setString(9, u.managerExternalId());
                    user.setString(10, Rows.write(u.attributes()));
                    user.setString(11, hash(fields));
                    if (user.executeUpdate() == 0) {
                        throw new SourceException(where + ": user " + u.externalId() + " was already read earlier in this run (duplicate id)");
                    }
                    users++;
                }
                for (CanonicalGroup g : page.groups) {
                    group.setString(1, runId);
                    group.setString(2, g.externalId());
                    group.setString(3, g.name());
                    group.setString(4, g.kind());
                    group.setString(5, g.description());
                    group.setString(6, Rows.write(g.attributes()));
                    group.setString(7, hash(groupFields(g)));
                    if (group.executeUpdate() == 0) {
                        throw new SourceException(where + ": group " + g.externalId() + " was already read earlier in this run (duplicate id)");
                    }
                }
                for (CanonicalMembership m : page.memberships) {
                    membership.setString(1, runId);
                    membership.setString(2, m.groupExternalId());
                    membership.setString(3, m.userExternalId());
                    membership.setString(4, m.relation());
                    membership.addBatch();
                }
                membership.executeBatch();
                for (Skipped s : page.skipped) {
                    skipRow(skip, runId, s);
                    skipped++;
                }
            }
            SyncRunRows.countPage(c, runId, new Counts(users, page.groups.size(), page.memberships.size(), skipped));
            c.commit();
        } catch (SQLException e) {
            throw new StoreException("store.url: staging " + where + " failed: " + e.getMessage(), e);
        }
        return new Counts(users, page.groups.size(), page.memberships.size(), skipped);
    }

    private static void skipRow(PreparedStatement skip, String runId, Skipped s) throws SQLException {
        skip.setString(1, runId);
        skip.setString(2, s.kind());
        skip.setString(3, s.externalId());
        skip.setString(4, s.reason());
        skip.setString(5, s.record() == null ? null : Rows.write(s.record()));
        skip.executeUpdate();
    }

    /** The stored fields a user's content hash covers: everything the source decides. */
    static Map<String, Object> userFields(CanonicalUser u) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("external_id", u.externalId());
        f.put("email", u.email());
        f.put("given_name", u.givenName());
        f.put("family_name", u.familyName());
        f.put("display_name", u.displayName());
        f.put("title", u.title());
        f.put("status", u.status());
        f.put("manager_external_id", u.managerExternalId());
        f.put("attributes", u.attributes());
        return f;
    }

    static Map<String, Object> groupFields(CanonicalGroup g) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("external_id", g.externalId());
        f.put("name", g.name());
        f.put("kind", g.kind());
        f.put("description", g.description());
        f.put("attributes", g.attributes());
        return f;
    }

    static String hash(Map<String, Object> fields) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Rows.write(fields).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops a run's staging once its destinations are done with it. */
    public static void clear(Store store, String runId) {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            SyncRunRows.clearStage(c, runId);
            c.commit();
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot clear the staging of run " + runId + ": " + e.getMessage(), e);
        }
    }
}
