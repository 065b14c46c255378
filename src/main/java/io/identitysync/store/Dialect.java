package io.identitysync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The two stores: SQLite, the default of one process, and PostgreSQL, the store of several nodes. Both run the same
 * statements, written in the SQL they share; this is the little where they differ.
 */
public enum Dialect {
    SQLITE("jdbc:sqlite:", "db/migration"),
    POSTGRESQL("jdbc:postgresql:", "db/postgresql");

    private final String urlPrefix;
    private final String migrations;

    Dialect(String urlPrefix, String migrations) {
        this.urlPrefix = urlPrefix;
        this.migrations = migrations;
    }

    /** The store a JDBC URL names, or null when it names neither. */
    public static Dialect of(String url) {
        for (Dialect d : values()) {
            if (url != null && url.startsWith(d.urlPrefix)) {
                return d;
            }
        }
        return null;
    }

    /** Flyway's folder of this store's migrations (siblings, never nested: Flyway scans a location recursively). */
    String migrations() {
        return "classpath:" + migrations;
    }

    /** A JSON object built from key, value pairs, as JSON text. */
    public String jsonObject(String pairs) {
        return (this == SQLITE ? "json_object(" : "json_build_object(") + pairs + ")";
    }

    /** A text column holding JSON, embedded as JSON (not as a string) in {@link #jsonObject}. */
    public String json(String column) {
        return this == SQLITE ? "json(" + column + ")" : "(" + column + ")::json";
    }

    /** Numeric ids (a non-empty run of ASCII digits) in number order, then the rest in text order. */
    public String idOrder(String column) {
        String digits = this == SQLITE ? column + " <> '' AND " + column + " NOT GLOB '*[^0-9]*'" : column + " ~ '^[0-9]+$'";
        // SQLite's INTEGER is 64-bit; PostgreSQL's NUMERIC takes any number of digits.
        String number = this == SQLITE ? "CAST(" + column + " AS INTEGER)" : "CAST(" + column + " AS NUMERIC)";
        return "CASE WHEN " + digits + " THEN 0 ELSE 1 END, CASE WHEN " + digits + " THEN " + number + " END, " + column;
    }

    /**
     * Commits one at a time, as SQLite's single writer makes them: events get their sequence numbers in commit
     * order, so a reader of the outbox never sees number 7 committed before 6. SQLite's IMMEDIATE transactions
     * already take the write lock; PostgreSQL takes a transaction-scoped advisory lock, released by commit or rollback.
     */
    public void serializeCommits(Connection c) throws SQLException {
        if (this == POSTGRESQL) {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + COMMIT_LOCK + ")");
            }
        }
    }

    /** Below this many rows changed, a table's statistics are left to autovacuum: a plan cannot go far wrong on them. */
    private static final long ANALYZE_MIN_ROWS = 500;

    /**
     * PostgreSQL plans each statement by its tables' statistics, which a run outgrows as it stages (autovacuum catches
     * up only later): a stage table it believes empty gets a sequential scan per page. This refreshes those of the
     * tables whose rows changed since their last ANALYZE by at least 500 and a tenth of what they held, as autovacuum
     * would, but now. Not every table at every run: a fleet of small tenants shares tables of 100,000 rows, and
     * analyzing them at each tenant's run, inside the commit lock, held every other commit of the cluster back.
     * SQLite plans without statistics here.
     */
    public void analyze(Connection c, List<String> tables) throws SQLException {
        if (this != POSTGRESQL) {
            return;
        }
        List<String> outgrown = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.relname, s.n_mod_since_analyze, greatest(t.reltuples, 0) "
                + "FROM pg_stat_all_tables s JOIN pg_class t ON t.oid = s.relid WHERE s.relid = ANY (?::regclass[])")) {
            ps.setArray(1, c.createArrayOf("text", tables.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (outgrown(rs.getLong(2), rs.getDouble(3))) {
                        outgrown.add(rs.getString(1));
                    }
                }
            }
        }
        if (!outgrown.isEmpty()) {
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE " + String.join(", ", outgrown));
            }
        }
    }

    /**
     * The same for rows this transaction has just written to a table, which the statistics views count only once it
     * commits: {@code changed} is how many.
     */
    public void analyze(Connection c, String table, long changed) throws SQLException {
        if (this != POSTGRESQL || changed < ANALYZE_MIN_ROWS) {
            return;
        }
        double rows;
        try (PreparedStatement ps = c.prepareStatement("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = ?::regclass")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rows = rs.next() ? rs.getDouble(1) : 0;
            }
        }
        if (outgrown(changed, rows)) {
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE " + table);
            }
        }
    }

    private static boolean outgrown(long changed, double rows) {
        return changed >= ANALYZE_MIN_ROWS && changed >= rows / 10;
    }

    /** Any constant unlikely to be used by another application sharing the database. */
    private static final long COMMIT_LOCK = 0x1d5_c0_77L;

    /** The store behind an open connection. */
    public static Dialect of(Connection c) throws SQLException {
        return of(c.getMetaData().getURL());
    }
}
