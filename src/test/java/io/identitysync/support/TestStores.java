package io.identitysync.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store a test runs on: a SQLite file in its folder, or, with {@code -Didentitysync.test.store=postgresql}, a
 * database of its own on a real PostgreSQL server (binaries from Maven, started once per test JVM). The suite runs
 * its store-level tests on both (see the pom).
 */
public final class TestStores {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestStores() {
    }

    public static boolean postgresql() {
        return "postgresql".equals(System.getProperty("identitysync.test.store"));
    }

    /** A new, empty store for a test whose files live in {@code dir}. */
    public static String newStore(Path dir) {
        return postgresql() ? newDatabase() : "jdbc:sqlite:" + dir.resolve("identity.db");
    }

    /** A new, empty database on the test server: its URL, user and no password (the server trusts loopback). */
    public static synchronized String newDatabase() {
        String name = "identity_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(serverUrl("postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return serverUrl(name);
    }

    /** The test server's URL of a database, starting the server on first use. */
    public static synchronized String serverUrl(String database) {
        return "jdbc:postgresql://localhost:" + server().getPort() + "/" + database + "?user=postgres";
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").setServerConfig("fsync", "off").start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the test PostgreSQL server", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    // the JVM is going away
                }
            }));
        }
        return server;
    }
}
