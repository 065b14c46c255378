package io.identitysync.store.staging;

import io.identitysync.core.SourceException;
import io.identitysync.model.CanonicalGroup;
import io.identitysync.model.CanonicalMembership;
import io.identitysync.model.CanonicalUser;
import io.identitysync.model.MappedPage;
import io.identitysync.model.Skipped;
import io.identitysync.store.Dialect;
import io.identitysync.store.Rows;
import io.identitysync.store.Statements;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Puts one mapped page aside for its run, so that a run holds one page in memory whatever the source's size. */
public final class Staging {

    private Staging() {
    }

    /** What one page added: seen records per kind and how many were skipped. */
    public record Counts(int users, int groups, int memberships, int employments, int skipped) {
    }

    /**
     * What a connector's configuration asks of its staging.
     *
     * @param requireEmail     a user without a work email is skipped (sync.require-email)
     * @param today            the run's day: start, termination and leave dates are compared with it
     * @param customAttributes attribute name → {its key, its reference ("custom:Cost center")} (&lt;prefix&gt;attributes.*)
     */
    public record Rules(boolean requireEmail, LocalDate today, Map<String, String[]> customAttributes, People people) {
        public Rules(boolean requireEmail, LocalDate today, Map<String, String[]> customAttributes) {
            this(requireEmail, today, customAttributes, null);
        }
    }

    /** What the connector's scope and map rules make of a person before they are staged (rules.ConnectorRules). */
    public interface People {
        /**
         * The person with the overrides applied; {@link Excluded} when out of scope or a rule failed for them.
         * {@code record}: the source's record of them as read (null when the mapping kept none).
         */
        CanonicalUser apply(CanonicalUser u, com.fasterxml.jackson.databind.JsonNode record);
    }

    /** A person the rules leave out, and why. {@code outOfScope}: the scope excludes them (else a rule failed for them). */
    public static final class Excluded extends RuntimeException {
        private final boolean outOfScope;

        public Excluded(String reason, boolean outOfScope) {
            super(reason, null, false, false);
            this.outOfScope = outOfScope;
        }

        public boolean outOfScope() {
            return outOfScope;
        }
    }

    /**
     * @param where how messages name the page, e.g. "Factorial page 3 of employees"
     */
    public static Counts stage(Store store, String runId, MappedPage page, String where, Rules rules) {
        boolean requireEmail = rules.requireEmail();
        LocalDate today = rules.today();
        int users = 0;
        int skipped = 0;
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            if (store.dialect() == Dialect.POSTGRESQL) {
                // A page's commit need not wait for the disk: a page lost in a crash fails its run, which was not
                // committed, and the run's own commit (synchronous) makes every page before it durable with it.
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL synchronous_commit = off");
                }
            }
            EmploymentStaging.stage(c, runId, page, where);
            LeaveStaging.stage(c, runId, page, where);
            CompensationStaging.stage(c, runId, page, where);
            CustomFieldStaging.stage(c, runId, page);
            markRead(c, runId, page);
            try (PreparedStatement user = c.prepareStatement("INSERT INTO stage_users (run_id, external_id, email, given_name, family_name, "
                    + "display_name, title, status, manager_external_id, attributes, content_hash, employee_number, employment, on_leave_today) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
                 PreparedStatement group = c.prepareStatement("INSERT INTO stage_groups (run_id, external_id, name, kind, description, "
                         + "attributes, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
                 PreparedStatement membership = c.prepareStatement("INSERT INTO stage_memberships (run_id, group_external_id, "
                         + "user_external_id, relation) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
                 PreparedStatement skip = c.prepareStatement("INSERT INTO stage_skipped (run_id, kind, external_id, reason, record) VALUES (?, ?, ?, ?, ?)")) {
                List<CanonicalUser> people = EmploymentStaging.employed(c, runId, page.users, today);
                people = LeaveStaging.onLeave(c, runId, people, today);
                people = CustomFieldStaging.withCustomFields(c, runId, people, rules.customAttributes());
                List<String> batched = new ArrayList<>();
                for (CanonicalUser u : people) {
                    if (requireEmail && (u.email() == null || u.email().isBlank())) {
                        skipRow(skip, runId, new Skipped("user", u.externalId(), "no work email", Rows.JSON.valueToTree(userFields(u))));
                        skipped++;
                        continue;
                    }
                    if (rules.people() != null) {
                        try {
                            u = rules.people().apply(u, page.records.get(u.externalId()));
                        } catch (Excluded e) {
                            if (!e.outOfScope() || !stored(c, runId, u.externalId())) {
                                excluded(c, runId, u, e, skip);
                                skipped++;
                                continue;
                            }
                            // Someone stored who left the scope is a leaver, never a deletion.
                            u = u.withEmployment(u.title(), CanonicalUser.DISABLED, u.employment());
                        }
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
                    user.setString(12, u.employeeNumber());
                    user.setString(13, u.employment() == null ? null : Rows.write(u.employment()));
                    user.setString(14, u.onLeaveToday() == null ? null : u.onLeaveToday().toString());
                    user.addBatch();
                    batched.add(u.externalId());
                }
                // One round trip for the page, not one per person (on PostgreSQL each is a trip to the server and back);
                // a row the conflict clause dropped is a duplicate, and the page's transaction is rolled back.
                users += checkedBatch(user, batched, where, "user");
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
            countPage(c, runId, new Counts(users, page.groups.size(), page.memberships.size(), page.employments.size(), skipped));
            c.commit();
            int staged = PAGES.computeIfAbsent(runId, k -> new AtomicInteger()).incrementAndGet();
            if (Integer.bitCount(staged) == 1 && Integer.numberOfTrailingZeros(staged) % 2 == 1) {
                // Pages 2, 8, 32, 128, 512, …: the planner's picture of the stage tables grows with them.
                c.setAutoCommit(true);
                store.dialect().analyze(c, StageTables.ALL);
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: staging " + where + " failed: " + e.getMessage(), e);
        }
        return new Counts(users, page.groups.size(), page.memberships.size(), page.employments.size(), skipped);
    }

    /**
     * A person the rules leave out (out of scope and not stored, or a rule failed for them): skipped with the reason. A
     * stored person a rule failed for keeps their stored row as it is (restaged unchanged, so the commit neither changes
     * nor deletes it).
     */
    private static void excluded(Connection c, String runId, CanonicalUser u, Excluded e, PreparedStatement skip) throws SQLException {
        skipRow(skip, runId, new Skipped("user", u.externalId(), e.getMessage(), Rows.JSON.valueToTree(userFields(u))));
        if (!e.outOfScope()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO stage_users (run_id, external_id, email, given_name, family_name, "
                    + "display_name, title, status, manager_external_id, attributes, content_hash, employee_number, employment, on_leave_today) "
                    + "SELECT ?, u.external_id, u.email, u.given_name, u.family_name, u.display_name, u.title, u.status, u.manager_external_id, "
                    + "u.attributes, u.content_hash, u.employee_number, u.employment, u.on_leave_today FROM users u JOIN sync_runs r ON r.connector = u.connector "
                    + "WHERE r.id = ? AND u.external_id = ? AND u.deleted_at IS NULL ON CONFLICT DO NOTHING")) {
                Statements.bind(ps, List.of(runId, runId, u.externalId())).executeUpdate();
            }
        }
    }

    /** The person is a present user of the run's connector. */
    private static boolean stored(Connection c, String runId, String externalId) throws SQLException {
        try (PreparedStatement ps = Statements.bind(c.prepareStatement("SELECT 1 FROM users u JOIN sync_runs r ON r.connector = u.connector "
                + "WHERE r.id = ? AND u.external_id = ? AND u.deleted_at IS NULL"), List.of(runId, externalId)); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /**
     * Runs a batch of ON CONFLICT DO NOTHING inserts, one per id in {@code ids}; a row not inserted was read earlier
     * in this run, which is the source's error. Returns how many rows went in.
     */
    static int checkedBatch(PreparedStatement ps, List<String> ids, String where, String kind) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        int[] counts = ps.executeBatch();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                throw new SourceException(where + ": " + kind + " " + ids.get(i) + " was already read earlier in this run (duplicate id)");
            }
        }
        return counts.length;
    }

    /** Counts what a page brought, in the staging transaction, so a failed run still shows how far it got (sync_runs). */
    private static void countPage(Connection c, String runId, Counts counts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_runs SET pages = pages + 1, users_seen = users_seen + ?, "
                + "groups_seen = groups_seen + ?, memberships_seen = memberships_seen + ?, skipped = skipped + ? WHERE id = ?")) {
            ps.setInt(1, counts.users());
            ps.setInt(2, counts.groups());
            ps.setInt(3, counts.memberships());
            ps.setInt(4, counts.skipped());
            ps.setString(5, runId);
            ps.executeUpdate();
        }
    }

    /** Kinds a run may or may not read: whether it did decides if the commit replaces the stored ones. */
    public static final String EMPLOYMENTS = "employments";
    public static final String LEAVES = "leaves";
    public static final String COMPENSATIONS = "compensations";

    private static void markRead(Connection c, String runId, MappedPage page) throws SQLException {
        Map<String, Boolean> read = Map.of(EMPLOYMENTS, page.employmentsRead, LEAVES, page.leavesRead, COMPENSATIONS, page.compensationsRead);
        for (Map.Entry<String, Boolean> e : read.entrySet()) {
            if (e.getValue()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO stage_reads (run_id, what) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                    Statements.bind(ps, List.of(runId, e.getKey())).executeUpdate();
                }
            }
        }
    }

    /** Whether the run has read this kind (so far: the route reads these before the people). */
    public static boolean read(Connection c, String runId, String what) throws SQLException {
        try (PreparedStatement ps = Statements.bind(c.prepareStatement("SELECT 1 FROM stage_reads WHERE run_id = ? AND what = ?"),
                List.of(runId, what)); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
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
    public static Map<String, Object> userFields(CanonicalUser u) {
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
        // Only when present: the hash of a user from a source without them stays what it was before they existed.
        if (u.employeeNumber() != null) {
            f.put("employee_number", u.employeeNumber());
        }
        if (u.employment() != null) {
            f.put("employment", u.employment());
        }
        if (u.onLeaveToday() != null) {
            f.put("on_leave_today", u.onLeaveToday());
        }
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
    /** Pages staged per run in this process, for when to refresh statistics. */
    private static final Map<String, AtomicInteger> PAGES = new ConcurrentHashMap<>();

    static void forget(String runId) {
        PAGES.remove(runId);
    }

    public static void clear(Store store, String runId) {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            StageTables.clear(c, runId);
            c.commit();
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot clear the staging of run " + runId + ": " + e.getMessage(), e);
        }
    }
}
