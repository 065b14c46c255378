package io.identitysync.store;

import io.identitysync.core.RunRefusedException;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The end of a complete read: in one transaction, compares what the run staged with what is stored, applies
 * creations, updates and deletions (users, then groups, then memberships: each kind's own class), writes one event
 * per change and closes the run row. Either all of it happens or none of it does.
 */
public final class CommitRun {

    /** What the commit did, by kind of record. */
    public static final class Result {
        public int usersCreated, usersUpdated, usersDisabled, usersEnabled, usersDeleted;
        public int groupsCreated, groupsUpdated, groupsDeleted;
        public int membershipsAdded, membershipsRemoved;
        public int skipped, events;

        /** One change, counted by its event type. */
        void count(String type) {
            switch (type) {
                case "user.created" -> usersCreated++;
                case "user.updated" -> usersUpdated++;
                case "user.disabled" -> usersDisabled++;
                case "user.enabled" -> usersEnabled++;
                case "user.deleted" -> usersDeleted++;
                case "group.created" -> groupsCreated++;
                case "group.updated" -> groupsUpdated++;
                case "group.deleted" -> groupsDeleted++;
                case "membership.added" -> membershipsAdded++;
                case "membership.removed" -> membershipsRemoved++;
                default -> throw new IllegalArgumentException("not a change: " + type);
            }
        }

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

    private CommitRun() {
    }

    public static Result commit(Store store, String runId, String connector, double maxDeleteRatio, Routing routing) {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            try (RunTransaction tx = new RunTransaction(c, runId, connector, routing)) {
                Result r = apply(tx, maxDeleteRatio);
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

    private static Result apply(RunTransaction tx, double maxDeleteRatio) throws SQLException {
        Phases phases = new Phases();
        MembershipChanges memberships = new MembershipChanges(tx);
        memberships.dropUnknownRecords();
        guardDeletions(tx, maxDeleteRatio);
        phases.done("checks");
        new UserChanges(tx).apply();
        phases.done("users");
        new GroupChanges(tx).apply();
        phases.done("groups");
        memberships.apply();
        phases.done("memberships");
        tx.result.skipped = tx.scalar("SELECT count(*) FROM stage_skipped WHERE run_id = ?", tx.runId);
        close(tx);
        phases.done("close");
        LoggerFactory.getLogger("identity-sync").debug("{}: commit of run {}: {}", tx.connector, tx.runId, phases);
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

    private static void guardDeletions(RunTransaction tx, double maxDeleteRatio) throws SQLException {
        int present = tx.scalar("SELECT count(*) FROM users WHERE connector = ? AND deleted_at IS NULL", tx.connector);
        int leaving = tx.scalar("SELECT count(*) FROM users u WHERE u.connector = ?1 AND u.deleted_at IS NULL AND NOT EXISTS "
                + "(SELECT 1 FROM stage_users s WHERE s.run_id = ?2 AND s.external_id = u.external_id)", tx.connector, tx.runId);
        if (leaving > 5 && leaving > maxDeleteRatio * present) {
            throw new RunRefusedException(String.format("refused: the run would delete %d of %d stored users, more than "
                    + "sync.max-delete-ratio=%s allows; nothing was applied", leaving, present, maxDeleteRatio));
        }
    }

    private static void close(RunTransaction tx) throws SQLException {
        Result r = tx.result;
        SyncRunRows.succeed(tx.c, tx.runId, r.created(), r.updated(), r.deleted(), r.skipped);
        r.events = tx.events.written() + 1;
        tx.events.emit("sync.completed", tx.runId, "sync_run", SyncRunRows.json(tx.c, tx.runId), null);
    }
}
