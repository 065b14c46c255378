package io.identitysync.store;

import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The SQLite file behind every run: opened once, migrated by Flyway, handing out short-lived connections. */
public final class Store {

    /** Fixed width, so that stored timestamps also sort and compare correctly as text. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String url;
    private final SQLiteDataSource dataSource;

    public Store(String url) {
        this.url = url;
        createParentDirectory(url);
        SQLiteConfig config = new SQLiteConfig();
        // WAL lets a reader (status, exports) run beside a committing run; busy_timeout lets writers queue: a first sync of
        // 100,000 users holds the write lock for about half a minute, and another connector staging meanwhile must wait, not fail.
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(300_000);
        // 64 MB of page cache (native memory, not heap): a big first sync writes its indexes without re-reading pages.
        config.setCacheSize(-65_536);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.enforceForeignKeys(true);
        // Take the write lock when a transaction starts, so two writers queue instead of failing on upgrade.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url);
    }

    /** Applies pending schema migrations; fails with the store URL named when the file cannot be opened. */
    public Store migrate() {
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            throw new StoreException("store.url: cannot open or migrate the store " + url + ": " + rootMessage(e), e);
        }
        return this;
    }

    public Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    /** Reads one row of a query. */
    public interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /**
     * Runs a query with its parameters on a connection of its own, handing each row to {@code reader}; a failure
     * names the store and {@code what} was being read.
     */
    public void read(String what, String sql, List<?> params, RowReader reader) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    /** Runs one statement with its parameters on a connection of its own (auto-commit); a failure names {@code what}. */
    public int write(String what, String sql, List<?> params) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot write " + what + ": " + e.getMessage(), e);
        }
    }

    public SQLiteDataSource dataSource() {
        return dataSource;
    }

    public String url() {
        return url;
    }

    public static String now() {
        return TIMESTAMP.format(Instant.now());
    }

    public static String format(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    private static void createParentDirectory(String url) {
        Path file = fileOf(url);
        if (file != null && file.toAbsolutePath().getParent() != null) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new StoreException("store.url: cannot create the folder of " + url + ": " + e.getMessage(), e);
            }
        }
    }

    /** The database file of a {@code jdbc:sqlite:} URL, or null for an in-memory one. */
    public static Path fileOf(String url) {
        if (url == null || !url.startsWith("jdbc:sqlite:")) {
            return null;
        }
        String rest = url.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        if (rest.isEmpty() || rest.startsWith(":memory:")) {
            return null;
        }
        return Path.of(rest);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
