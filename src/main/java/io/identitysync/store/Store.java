package io.identitysync.store;

import com.zaxxer.hikari.HikariDataSource;
import io.identitysync.config.Settings;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The store behind every run: a SQLite file (the default, one process) or a PostgreSQL database (several nodes),
 * opened once, migrated by Flyway, handing out short-lived connections.
 */
public final class Store implements AutoCloseable {

    /** Fixed width, so that stored timestamps also sort and compare correctly as text. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String url;
    private final Dialect dialect;
    private final DataSource dataSource;
    /** This process's id among the nodes that share the store: written on its runs, its check-ins and its leases. */
    private final String node;
    /** How long a node may stay silent before it counts as dead, and so how long its leases last without renewal. */
    private Duration nodeTimeout = Duration.ofSeconds(30);
    /** SQLite: where a run's commit is copied from the log into the file, beside the run's export. */
    private final WalCheckpoints checkpoints = new WalCheckpoints();

    /** The store of {@code store.url}, with {@code store.user} and {@code store.password} for PostgreSQL. */
    public static Store open(Settings settings) {
        String node = settings.get("node.id");
        Store store = new Store(settings.get("store.url"), settings.get("store.user"), settings.get("store.password"),
                Integer.parseInt(settings.get("store.pool-size")), node.isEmpty() ? newNodeId() : node, settings.duration("store.connect-timeout"));
        store.nodeTimeout = settings.duration("cluster.node-timeout");
        return store;
    }

    /** A store whose URL carries everything it needs. */
    public Store(String url) {
        this(url, "", "", 10, newNodeId(), Duration.ofSeconds(5));
    }

    public Store(String url, String user, String password, int poolSize, String node, Duration connectTimeout) {
        this.url = url;
        this.node = node;
        this.dialect = Dialect.of(url);
        if (dialect == null) {
            throw new StoreException("store.url: must be a jdbc:sqlite: or jdbc:postgresql: URL, was '" + masked(url) + "'");
        }
        this.dataSource = dialect == Dialect.SQLITE ? DataSources.sqlite(url) : DataSources.postgresql(url, user, password, poolSize, connectTimeout);
    }

    /** The newest schema version this release writes (db/migration and db/postgresql go in step). */
    static final int SCHEMA_VERSION = 17;

    /** Applies pending schema migrations; fails with the store URL named when it cannot be opened, or is newer than this release. */
    public Store migrate() {
        try {
            if (upToDate()) {
                return this;
            }
            Flyway flyway = Flyway.configure().dataSource(dataSource).locations(dialect.migrations()).load();
            MigrationInfo[] future = flyway.info().all();
            for (MigrationInfo m : future) {
                if (m.getState() == MigrationState.FUTURE_SUCCESS) {
                    throw new StoreException("store.url: the store " + masked(url) + " was written by a newer release of Identity Sync (schema "
                            + "version " + flyway.info().current().getVersion() + "; this release knows up to " + latest(future)
                            + "): run that release, or a newer one");
                }
            }
            if (dialect == Dialect.SQLITE) {
                IncrementalVacuum.use(this);
            }
            flyway.migrate();
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException("store.url: cannot open or migrate the store " + masked(url) + ": " + rootMessage(e), e);
        }
        return this;
    }

    /**
     * A store at this release's schema, every migration applied: nothing to do, and Flyway (its classes, its scan of
     * the migrations) is not loaded at all, which a one-shot process notices. Anything else goes through Flyway.
     */
    private boolean upToDate() {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT max(CAST(version AS INTEGER)), min(CASE WHEN success "
                + "THEN 1 ELSE 0 END) FROM flyway_schema_history WHERE version IS NOT NULL"); ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getInt(1) == SCHEMA_VERSION && rs.getInt(2) == 1 && (dialect != Dialect.SQLITE || IncrementalVacuum.on(c));
        } catch (SQLException noHistoryYet) {
            return false;
        }
    }

    private static String latest(MigrationInfo[] all) {
        String latest = "none";
        for (MigrationInfo m : all) {
            if (m.getState() != MigrationState.FUTURE_SUCCESS && m.getVersion() != null) {
                latest = m.getVersion().getVersion();
            }
        }
        return latest;
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
        try (Connection c = connect(); PreparedStatement ps = bind(c.prepareStatement(sql), params)) {
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
        try (Connection c = connect(); PreparedStatement ps = bind(c.prepareStatement(sql), params)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot write " + what + ": " + e.getMessage(), e);
        }
    }

    /** Binds parameters in order, each as what it is (text, number, boolean, null). */
    public static PreparedStatement bind(PreparedStatement ps, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
        return ps;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String node() {
        return node;
    }

    public Duration nodeTimeout() {
        return nodeTimeout;
    }

    /** SQLite: the thread that copies a run's commit into the file (see {@link WalCheckpoints}). */
    public WalCheckpoints checkpoints() {
        return checkpoints;
    }

    public Dialect dialect() {
        return dialect;
    }

    public String url() {
        return url;
    }

    /** The URL as logs and messages may show it: a password in it replaced by ****. */
    public static String masked(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****").replaceAll("(//[^/:@]+:)[^@/]*@", "$1****@");
    }

    /** Closes PostgreSQL's pool; a SQLite store holds nothing open between calls but a checkpoint under way, awaited. */
    @Override
    public void close() {
        checkpoints.close();
        if (dataSource instanceof HikariDataSource pool) {
            pool.close();
        }
    }

    private static final AtomicInteger OPENED = new AtomicInteger();

    /**
     * A node's id, unless node.id names it: host, process id and when it opened the store, unique across restarts
     * (and across the applications a test starts one after another in one JVM).
     */
    private static String newNodeId() {
        int n = OPENED.incrementAndGet();
        return host() + "-" + ProcessHandle.current().pid() + "-" + Long.toString(System.currentTimeMillis(), 36) + (n > 1 ? "-" + n : "");
    }

    /** This machine's name, as node ids and the nodes table show it. */
    public static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public static String now() {
        return TIMESTAMP.format(Instant.now());
    }

    public static String format(Instant instant) {
        return TIMESTAMP.format(instant);
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
