package io.identitysync.store.commit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.Dialect;
import io.identitysync.store.Rows;
import io.identitysync.store.Statements;
import io.identitysync.store.Store;
import io.identitysync.store.identities.UserRows;
import io.identitysync.store.outbox.Events;
import io.identitysync.store.outbox.Routing;
import io.identitysync.store.runs.SyncRunRows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every part of one commit shares: the connection in its transaction, the run, the commit's time, the events
 * it writes and the counts of what it did. The parts (UserChanges, RecordChanges of each of RecordKinds,
 * MembershipChanges, MirrorChanges) each own their tables; statements take their parameters in list order, so none
 * is numbered by hand.
 */
final class RunTransaction implements AutoCloseable {

    static final int CHUNK = 500;

    final Connection c;
    final Dialect dialect;
    final String runId;
    final String connector;
    final String now = Store.now();
    final Events events;
    final Routing routing;
    /**
     * A targeted or incremental run: it read only the people in stage_scope (none, when nothing changed), so it changes
     * nothing of anyone else, and deletes nothing.
     */
    final boolean targeted;
    /** An incremental run: targeted at what changed, and it reads groups only when someone did: it deletes no group either. */
    final boolean incremental;
    final CommitRun.Result result = new CommitRun.Result();
    /** What a person who comes back gets: set by the caller before the commit applies. */
    Rehire rehire = Rehire.DEFAULT;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    RunTransaction(Connection c, String runId, String connector, Routing routing) throws SQLException {
        this.c = c;
        this.dialect = Dialect.of(c);
        this.runId = runId;
        this.connector = connector;
        this.events = new Events(c, routing, runId, connector);
        this.routing = routing;
        String kind = kind(c, runId);
        this.incremental = SyncRunRows.INCREMENTAL.equals(kind);
        this.targeted = incremental || SyncRunRows.TARGETED.equals(kind);
    }

    /** Runs one statement with text parameters; returns how many rows it changed. */
    int update(String sql, String... params) throws SQLException {
        try (PreparedStatement ps = Statements.prepare(c, sql, List.of(params))) {
            return ps.executeUpdate();
        }
    }

    private static String kind(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = Statements.bind(c.prepareStatement("SELECT kind FROM sync_runs WHERE id = ?"), List.of(runId));
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    int scalar(String sql, String... params) throws SQLException {
        try (PreparedStatement ps = Statements.prepare(c, sql, List.of(params))) {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Per-change look-ups run once per changed record: prepared once per commit, not once per record. */
    PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** A stored user or group as events carry it. */
    ObjectNode stored(String table, String externalId) throws SQLException {
        String select = "users".equals(table) ? UserRows.SELECT + " WHERE u.connector = ? AND u.external_id = ?"
                : "SELECT * FROM " + table + " WHERE connector = ? AND external_id = ?";
        PreparedStatement ps = Statements.bind(statement(select), List.of(connector, externalId));
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Rows.toJson(rs, "content_hash");
        }
    }

    /** The rows of a chunked query (see {@link Chunks}) whose parameters are this connector, this run, then the key. */
    Iterable<List<Map<String, String>>> chunks(String sql, String... keyColumns) {
        return () -> new Chunks(this, sql, keyColumns);
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : statements.values()) {
            ps.close();
        }
        events.close();
    }
}
