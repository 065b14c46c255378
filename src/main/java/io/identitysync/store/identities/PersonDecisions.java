package io.identitysync.store.identities;

import io.identitysync.store.CopyRows;
import io.identitysync.store.Dialect;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The per-person decision record (person_decisions, V16): each decision is written where the sync takes it, in the
 * transaction that acts on it. The same decision taken again (a person still without a work email at the next run)
 * moves the newest row's last_at on instead of adding one, so the record grows with what changes, not with runs.
 */
public final class PersonDecisions {

    public static final String SKIPPED = "skipped";
    public static final String PENDING = "pending";
    public static final String OUT_OF_SCOPE = "out_of_scope";
    public static final String REFUSED = "refused";
    public static final String ADOPTED = "adopted";
    public static final String USERNAME_NUMBERED = "username_numbered";
    /** A person who came back was given their earlier identity (username, directory accounts) again. */
    public static final String REHIRED = "rehired";
    /** Deleted in the source and suspended in a directory: kept there until directories.<id>.delete-after had passed. */
    public static final String SUSPENDED_UNTIL = "suspended_until";
    public static final String DELETED_AFTER_GRACE = "deleted_after_grace";
    /** An operator queued a dead delivery again (webhooks replay, directories replay): the answer it had is kept here. */
    public static final String REPLAYED = "replayed";

    /** One decision about one person. */
    public record Decision(String externalId, String decision, String detail) {
    }

    private PersonDecisions() {
    }

    /** Records decisions of one run (or of none: a directory's push) on the caller's connection and transaction. */
    public static void record(Connection c, String connector, String runId, String at, List<Decision> decisions) throws SQLException {
        if (decisions.isEmpty()) {
            return;
        }
        try (PreparedStatement again = c.prepareStatement("UPDATE person_decisions SET last_at = ?, last_run_id = ? WHERE id = (SELECT max(id) "
                + "FROM person_decisions WHERE connector = ? AND external_id = ?) AND decision = ? AND coalesce(detail, '') = ?");
             PreparedStatement fresh = c.prepareStatement("INSERT INTO person_decisions (connector, external_id, decision, detail, run_id, "
                     + "first_at, last_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Decision d : decisions) {
                String detail = d.detail() == null ? "" : d.detail();
                if (Store.bind(again, Arrays.asList(at, runId, connector, d.externalId(), d.decision(), detail)).executeUpdate() == 0) {
                    Store.bind(fresh, Arrays.asList(connector, d.externalId(), d.decision(), d.detail(), runId, at, at)).executeUpdate();
                }
            }
        }
    }

    /**
     * Decisions that are new by nature (a username is given once, to a person just created): one batch of inserts,
     * no look-up of the person's newest decision, so a first sync of 100,000 people pays no more than a write each.
     */
    public static void insert(Connection c, String connector, String runId, String at, List<Decision> decisions) throws SQLException {
        if (decisions.isEmpty()) {
            return;
        }
        if (Dialect.of(c) == Dialect.POSTGRESQL) {
            // A first sync numbers thousands of namesakes: as a batch of INSERTs they took 0.5 s of a 20,000-person commit.
            try (CopyRows copy = new CopyRows(c, "person_decisions", List.of("connector", "external_id", "decision", "detail", "run_id", "first_at",
                    "last_at"))) {
                for (Decision d : decisions) {
                    copy.add(connector, d.externalId(), d.decision(), d.detail(), runId, at, at);
                }
            }
            return;
        }
        try (PreparedStatement fresh = c.prepareStatement("INSERT INTO person_decisions (connector, external_id, decision, detail, run_id, "
                + "first_at, last_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Decision d : decisions) {
                Store.bind(fresh, Arrays.asList(connector, d.externalId(), d.decision(), d.detail(), runId, at, at)).addBatch();
            }
            fresh.executeBatch();
        }
    }

    /** Records on a connection of its own (auto-commit): for decisions taken outside a run's commit. */
    public static void record(Store store, String connector, String runId, List<Decision> decisions) {
        try (Connection c = store.connect()) {
            record(c, connector, runId, Store.now(), decisions);
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot record the decisions about " + connector + " people: " + e.getMessage(), e);
        }
    }

    /**
     * The people a commit finds without what it needs (skipped at staging: stage_skipped) and the pre-hires it stores
     * as pending, in the commit's transaction: a run that is not committed decided nothing.
     */
    public static void fromStaging(Connection c, String connector, String runId, String at) throws SQLException {
        List<Decision> found = new ArrayList<>();
        try (PreparedStatement ps = Store.bind(c.prepareStatement("SELECT external_id, reason FROM stage_skipped WHERE run_id = ? "
                + "AND kind = 'user' AND external_id IS NOT NULL"), List.of(runId)); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(new Decision(rs.getString(1), SKIPPED, rs.getString(2)));
            }
        }
        try (PreparedStatement ps = Store.bind(c.prepareStatement("SELECT external_id, employment FROM stage_users WHERE run_id = ? "
                + "AND status = 'pending'"), List.of(runId)); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String start = startDate(rs.getString(2));
                found.add(new Decision(rs.getString(1), PENDING, start == null ? "until their first day" : "until " + start));
            }
        }
        record(c, connector, runId, at, found);
    }

    /** The people a run refused by the mass-change guard would have deleted: the run's staging is still there. */
    public static void refusedDeletions(Store store, String connector, String runId, String why) {
        List<Decision> found = new ArrayList<>();
        store.read("the refused run's deletions", "SELECT u.external_id FROM users u WHERE u.connector = ? AND u.deleted_at IS NULL AND NOT EXISTS "
                + "(SELECT 1 FROM stage_users s WHERE s.run_id = ? AND s.external_id = u.external_id)", List.of(connector, runId),
                rs -> found.add(new Decision(rs.getString(1), REFUSED, why)));
        record(store, connector, runId, found);
    }

    private static String startDate(String employment) {
        if (employment == null) {
            return null;
        }
        var node = Rows.parse(employment);
        String day = node.path("start_date").asText(null);
        return day != null ? day : node.path("effective_on").asText(null);
    }
}
