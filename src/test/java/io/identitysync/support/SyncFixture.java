package io.identitysync.support;

import io.identitysync.IdentitySyncApp;
import io.identitysync.cli.IdentitySync;
import io.identitysync.config.Settings;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialSimulator;
import io.identitysync.simulators.teamtailor.TeamtailorData;
import io.identitysync.simulators.teamtailor.TeamtailorSimulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real installation in a temporary folder: the Factorial simulator on loopback, a verifying webhook receiver,
 * a store (a SQLite file, or a PostgreSQL database: {@link TestStores}) and an export folder, and the application with its real YAML routes.
 */
public final class SyncFixture implements AutoCloseable {

    public static final String TOKEN = "test-token-6f1d2a9c";

    public final Path dir;
    public final FactorialSimulator factorial;
    public final TeamtailorSimulator teamtailor;
    public final VerifyingReceiver receiver;
    public final String secret = VerifyingReceiver.newSecret();
    /** Whose day the runs see: move it to reach a start or termination date. */
    public Clock clock = Clock.systemUTC();
    private final Map<String, String> overrides = new HashMap<>();

    public SyncFixture(Path dir, FactorialData data) throws Exception {
        this(dir, data, TeamtailorData.seeded(40, 5));
    }

    public SyncFixture(Path dir, FactorialData data, TeamtailorData teamtailorData) throws Exception {
        this.dir = dir;
        this.factorial = new FactorialSimulator(0, TOKEN, data);
        this.teamtailor = new TeamtailorSimulator(0, TOKEN, teamtailorData);
        overrides.put("teamtailor.base-url", teamtailor.baseUrl());
        overrides.put("teamtailor.api-token", TOKEN);
        this.receiver = new VerifyingReceiver(secret);
        overrides.put("factorial.base-url", factorial.baseUrl());
        overrides.put("factorial.api-token", TOKEN);
        overrides.put("factorial.page-size", "100");
        overrides.put("store.url", TestStores.newStore(dir));
        overrides.put("files.dir", dir.resolve("exports").toString());
        overrides.put("webhooks.urls", receiver.url());
        overrides.put("webhooks.secret", secret);
        overrides.put("webhooks.retry-schedule", "200ms,200ms,200ms");
        for (String source : List.of("factorial", "teamtailor")) {
            // A service under test runs when the test says, never because the wall clock reached :00 or :30 (the
            // default cron): a test must not depend on the time of day it runs. Tests of the schedule set their own.
            overrides.put(source + ".schedule", "0 0 0 1 1 ? 2099");
            overrides.put(source + ".retry.backoff", "20ms");
            overrides.put(source + ".retry.max-backoff", "100ms");
        }
    }

    public SyncFixture set(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    /** The command line for this installation: {@code words}, then every override as --key=value. */
    public String[] cli(String... words) {
        List<String> args = new ArrayList<>(List.of(words));
        overrides.forEach((k, v) -> args.add("--" + k + "=" + v));
        return args.toArray(String[]::new);
    }

    /** Runs the command line in this JVM; returns exit code, standard output and standard error. */
    public Cli runCli(String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = IdentitySync.run(cli(words), Map.of(), new PrintStream(out, true), new PrintStream(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    public record Cli(int code, String out, String err) {
    }

    /** The command line for this installation in a child JVM of its own (to stop it with SIGTERM or SIGKILL); logs in dir. */
    public Process launch(String... words) throws IOException {
        return launchNamed("", words);
    }

    /** As {@link #launch(String...)}, its logs named {@code <name>out.log} and {@code <name>err.log}: for several processes in one folder. */
    public Process launchNamed(String name, String... words) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), IdentitySync.class.getName()));
        command.addAll(List.of(cli(words)));
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve(name + "out.log").toFile()).redirectError(dir.resolve(name + "err.log").toFile()).start();
    }

    public Settings settings() {
        return Settings.of(overrides);
    }

    /** One run of a connector through a freshly started application, then webhook and directory delivery to completion. */
    public IdentitySyncApp.RunOutcome run(String connector) throws Exception {
        try (IdentitySyncApp app = new IdentitySyncApp(settings(), false, clock).start()) {
            IdentitySyncApp.RunOutcome outcome = app.run(connector);
            app.drainWebhooks(Duration.ofSeconds(20));
            app.drainDirectories(Duration.ofSeconds(20));
            return outcome;
        }
    }

    public IdentitySyncApp.RunOutcome runFactorial() throws Exception {
        return run("factorial");
    }

    public IdentitySyncApp.RunOutcome runTeamtailor() throws Exception {
        return run("teamtailor");
    }

    public List<Map<String, Object>> query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(overrides.get("store.url"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), sqliteTyped(rs.getObject(i)));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** Numbers as SQLite's driver gives them (Integer when it fits), so that one assertion holds on both stores. */
    private static Object sqliteTyped(Object value) {
        if (value instanceof Long n && n == n.intValue()) {
            return n.intValue();
        }
        return value;
    }

    public int execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(overrides.get("store.url")); Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    public Object scalar(String sql) throws Exception {
        List<Map<String, Object>> rows = query(sql);
        return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
    }

    /** Everything the store holds, as text: the SQLite file's bytes, or every row of every PostgreSQL table. */
    public String storedText() throws Exception {
        if (!TestStores.postgresql()) {
            return new String(java.nio.file.Files.readAllBytes(dir.resolve("identity.db")), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        StringBuilder all = new StringBuilder();
        for (Map<String, Object> table : query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
            for (Map<String, Object> row : query("SELECT t::text AS row FROM \"" + table.get("tablename") + "\" t")) {
                all.append(row.get("row")).append('\n');
            }
        }
        return all.toString();
    }

    /** Every identity row, for asserting that a failed run changed nothing. */
    public List<Map<String, Object>> identitySnapshot() throws Exception {
        List<Map<String, Object>> all = new ArrayList<>();
        all.addAll(query("SELECT * FROM users ORDER BY connector, external_id"));
        all.addAll(query("SELECT * FROM groups ORDER BY connector, external_id"));
        all.addAll(query("SELECT * FROM memberships ORDER BY connector, group_external_id, user_external_id, relation"));
        return all;
    }

    @Override
    public void close() {
        factorial.close();
        teamtailor.close();
        receiver.close();
    }
}
