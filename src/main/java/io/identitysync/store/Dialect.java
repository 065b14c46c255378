package io.identitysync.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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

    /**
     * PostgreSQL plans each statement by its tables' statistics, which a run outgrows as it stages (autovacuum
     * catches up only later): a stage table it believes empty gets a sequential scan per page. Refreshing them at a
     * few points of a run keeps the plans on the indexes. SQLite plans without statistics here.
     */
    public void analyze(Connection c, List<String> tables) throws SQLException {
        if (this == POSTGRESQL) {
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE " + String.join(", ", tables));
            }
        }
    }

    /** Any constant unlikely to be used by another application sharing the database. */
    private static final long COMMIT_LOCK = 0x1d5_c0_77L;

    /** The store behind an open connection. */
    public static Dialect of(Connection c) throws SQLException {
        return of(c.getMetaData().getURL());
    }
}
