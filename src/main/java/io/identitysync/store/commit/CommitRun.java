package io.identitysync.store.commit;

import io.identitysync.core.RunRefusedException;
import io.identitysync.store.Dialect;
import io.identitysync.store.Statements;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.Transaction;
import io.identitysync.store.WalCheckpoints;
import io.identitysync.store.identities.PersonDecisions;
import io.identitysync.store.outbox.Routing;
import io.identitysync.store.runs.InboundNotifications;
import io.identitysync.store.runs.SyncRunRows;
import io.identitysync.store.staging.StageTables;
import io.identitysync.store.staging.Staging;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The end of a complete read: in one transaction, compares what the run staged with what is stored, applies
 * creations, updates and deletions (users, then groups, then memberships: each kind's own class), writes one event
 * per change and closes the run row. Either all of it happens or none of it does.
 */
public final class CommitRun {

    /** What the commit did, by kind of record. */
    public static final class Result {
        public int usersCreated, usersPending, usersUpdated, usersDisabled, usersEnabled, usersDeleted;
        public int groupsCreated, groupsUpdated, groupsDeleted;
        public int membershipsAdded, membershipsRemoved;
        public int leavesCreated, leavesUpdated, leavesDeleted;
        public int compensationsCreated, compensationsUpdated, compensationsDeleted;
        public int skipped, events;

        /** One change, counted by its event type. */
        void count(String type) {
            switch (type) {
                case "user.created" -> usersCreated++;
                case "user.pending" -> usersPending++;
                case "user.updated" -> usersUpdated++;
                case "user.disabled" -> usersDisabled++;
                case "user.enabled" -> usersEnabled++;
                case "user.deleted" -> usersDeleted++;
                case "group.created" -> groupsCreated++;
                case "group.updated" -> groupsUpdated++;
                case "group.deleted" -> groupsDeleted++;
                case "membership.added" -> membershipsAdded++;
                case "membership.removed" -> membershipsRemoved++;
                case "leave.created" -> leavesCreated++;
                case "leave.updated" -> leavesUpdated++;
                case "leave.deleted" -> leavesDeleted++;
                case "compensation.created" -> compensationsCreated++;
                case "compensation.updated" -> compensationsUpdated++;
                case "compensation.deleted" -> compensationsDeleted++;
                default -> throw new IllegalArgumentException("not a change: " + type);
            }
        }

        public int created() {
            return usersCreated + usersPending + groupsCreated + membershipsAdded + leavesCreated + compensationsCreated;
        }

        public int updated() {
            return usersUpdated + usersDisabled + usersEnabled + groupsUpdated + leavesUpdated + compensationsUpdated;
        }

        public int deleted() {
            return usersDeleted + groupsDeleted + membershipsRemoved + leavesDeleted + compensationsDeleted;
        }
    }

    private CommitRun() {
    }

    public static Result commit(Store store, String runId, String connector, double maxDeleteRatio, Routing routing) {
        return commit(store, runId, connector, maxDeleteRatio, 1.0, routing);
    }

    /** {@code maxDisableRatio}: sync.max-disable-ratio, the share of present users a run may disable (scope changes included). */
    public static Result commit(Store store, String runId, String connector, double maxDeleteRatio, double maxDisableRatio, Routing routing) {
        return commit(store, runId, connector, maxDeleteRatio, maxDisableRatio, routing, Rehire.DEFAULT);
    }

    /** {@code rehire}: the connector's &lt;prefix&gt;rehire and &lt;prefix&gt;match-on. */
    public static Result commit(Store store, String runId, String connector, double maxDeleteRatio, double maxDisableRatio, Routing routing,
            Rehire rehire) {
        try {
            Connection c = store.connect();
            boolean sqlite = store.dialect() == Dialect.SQLITE;
            try {
                if (sqlite) {
                    WalCheckpoints.defer(c);
                }
                return Transaction.run(c, () -> {
                    try (RunTransaction tx = new RunTransaction(c, runId, connector, routing)) {
                        tx.rehire = rehire;
                        return apply(tx, maxDeleteRatio, maxDisableRatio);
                    }
                });
            } finally {
                if (sqlite) {
                    store.checkpoints().closeLater(c);
                } else {
                    c.close();
                }
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: the commit of run " + runId + " failed: " + e.getMessage(), e);
        }
    }

    static Result apply(RunTransaction tx, double maxDeleteRatio) throws SQLException {
        return apply(tx, maxDeleteRatio, 1.0);
    }

    static Result apply(RunTransaction tx, double maxDeleteRatio, double maxDisableRatio) throws SQLException {
        Phases phases = new Phases();
        List<String> read = new ArrayList<>(StageTables.ALL);
        read.addAll(List.of("users", "groups", "memberships", "employments"));
        tx.dialect.analyze(tx.c, read);
        phases.done("statistics");
        MembershipChanges memberships = new MembershipChanges(tx);
        if (tx.targeted) {
            memberships.keepScope();
        } else {
            guardMassChanges(tx, maxDeleteRatio, maxDisableRatio);
        }
        memberships.dropUnknownRecords();
        phases.done("checks");
        new UserChanges(tx).apply();
        phases.done("users");
        RecordChanges groups = new RecordChanges(tx, RecordKinds.GROUPS);
        if (tx.incremental) {
            groups.applyChanged();
        } else {
            groups.apply();
        }
        phases.done("groups");
        memberships.apply();
        phases.done("memberships");
        // Only what the run read replaces what is stored: a connector that does not read leaves keeps the ones it had.
        if (Staging.read(tx.c, tx.runId, Staging.EMPLOYMENTS)) {
            MirrorChanges.EMPLOYMENTS.apply(tx);
            phases.done("employments");
        }
        if (Staging.read(tx.c, tx.runId, Staging.LEAVES)) {
            new RecordChanges(tx, RecordKinds.LEAVES).apply();
            MirrorChanges.LEAVE_TYPES.apply(tx);
            MirrorChanges.LEAVE_POLICIES.apply(tx);
            phases.done("leaves");
        }
        if (Staging.read(tx.c, tx.runId, Staging.COMPENSATIONS)) {
            new RecordChanges(tx, RecordKinds.COMPENSATIONS, tx.routing.compensationEvents()).apply();
            phases.done("compensations");
        }
        reportUnresolvedManagers(tx);
        // Who was skipped or is pending, recorded by the commit that acts on it: a run not committed decided nothing.
        PersonDecisions.fromStaging(tx.c, tx.connector, tx.runId, tx.now);
        tx.result.skipped = tx.scalar("SELECT count(*) FROM stage_skipped WHERE run_id = ?", tx.runId);
        close(tx);
        phases.done("close");
        // A logger of its own, so the benchmark can open this line alone (identity-sync.commit=debug).
        LoggerFactory.getLogger("identity-sync.commit").debug("{}: commit of run {}: {}", tx.connector, tx.runId, phases);
        return tx.result;
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

    /**
     * The mass-change guard: a run that would delete more present users than sync.max-delete-ratio allows, or disable
     * more than sync.max-disable-ratio allows (a scope rule changed, a source that suddenly answers everyone as
     * terminated), is refused whole, and approved the same way.
     */
    static void guardMassChanges(RunTransaction tx, double maxDeleteRatio, double maxDisableRatio) throws SQLException {
        int present = tx.scalar("SELECT count(*) FROM users WHERE connector = ? AND deleted_at IS NULL", tx.connector);
        int leaving = tx.scalar("SELECT count(*) FROM users u WHERE u.connector = ?1 AND u.deleted_at IS NULL AND NOT EXISTS "
                + "(SELECT 1 FROM stage_users s WHERE s.run_id = ?2 AND s.external_id = u.external_id)", tx.connector, tx.runId);
        if (leaving > 5 && leaving > maxDeleteRatio * present) {
            throw new RunRefusedException(String.format("refused: the run would delete %d of %d stored users, more than "
                    + "sync.max-delete-ratio=%s allows; nothing was applied", leaving, present, maxDeleteRatio));
        }
        int disabling = tx.scalar("SELECT count(*) FROM users u JOIN stage_users s ON s.run_id = ?2 AND s.external_id = u.external_id "
                + "WHERE u.connector = ?1 AND u.deleted_at IS NULL AND u.status <> 'disabled' AND s.status = 'disabled'", tx.connector, tx.runId);
        if (disabling > 5 && disabling > maxDisableRatio * present) {
            throw new RunRefusedException(String.format("refused: the run would disable %d of %d stored users (a scope rule or the source "
                    + "changed), more than sync.max-disable-ratio=%s allows; nothing was applied", disabling, present, maxDisableRatio));
        }
    }

    /** People whose manager is not (or no longer) a user: said once per run, never guessed. */
    private static void reportUnresolvedManagers(RunTransaction tx) throws SQLException {
        List<String> examples = new ArrayList<>();
        int count = 0;
        try (PreparedStatement ps = Statements.bind(tx.c.prepareStatement("SELECT u.external_id, u.manager_external_id FROM users u "
                + "WHERE u.connector = ? AND u.deleted_at IS NULL AND u.manager_external_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users m "
                + "WHERE m.connector = u.connector AND m.external_id = u.manager_external_id AND m.deleted_at IS NULL) "
                // A targeted run speaks of its own people only: the rest was said by the last full run.
                + (tx.targeted ? "AND u.external_id IN (SELECT user_external_id FROM stage_scope WHERE run_id = ?) " : "")
                + "ORDER BY u.external_id"), tx.targeted ? List.of(tx.connector, tx.runId) : List.of(tx.connector)); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (count++ < 5) {
                    examples.add(rs.getString(1) + " (manager " + rs.getString(2) + ")");
                }
            }
        }
        if (count > 0) {
            LoggerFactory.getLogger("identity-sync").warn("{}: {} users name a manager who is not a user; their manager_username is null: {}{}",
                    tx.connector, count, String.join(", ", examples), count > examples.size() ? ", …" : "");
        }
    }

    private static void close(RunTransaction tx) throws SQLException {
        InboundNotifications.handledBy(tx.c, tx.connector, tx.runId, tx.now);
        // A refused run is approvable only until a later run of its connector commits: what it read is out of date then.
        SyncRunRows.dropRefusedStaging(tx.c, tx.connector, tx.runId);
        Result r = tx.result;
        SyncRunRows.succeed(tx.c, tx.runId, r.created(), r.updated(), r.deleted(), r.skipped);
        r.events = tx.events.written() + 1;
        tx.events.emit("sync.completed", tx.runId, "sync_run", SyncRunRows.json(tx.c, tx.runId), null);
    }
}
