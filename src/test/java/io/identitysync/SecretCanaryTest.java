package io.identitysync;

import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialSimulator;
import io.identitysync.simulators.jumpcloud.JumpCloudSimulator;
import io.identitysync.support.Child;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import io.identitysync.support.TestStores;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Issue 33: no secret in any output, at any level. Every secret key is set to a recognisable canary and the service
 * runs in child processes at debug and at trace (every logger, Camel's, the HTTP client's, Quartz's, Flyway's and
 * ours) through a successful run, a failing run, a refused key, a dead webhook, a dead directory change, status,
 * check, check --live, --dry-run and their --format=json; no canary may appear in stdout, stderr, the store's text
 * columns or the export files.
 */
class SecretCanaryTest extends FixtureTest {

    private static final String OAUTH_CLIENT_ID = "canary-oauth-client-id";
    private static final String OAUTH_SECRET = "canary-oauth-client-secret-71c4";
    private static final String OAUTH_REFRESH = "canary-oauth-refresh-token-e03b";
    private static final String JC_KEY = "canary-jumpcloud-key-5d2e";
    private static final String JC_REFUSED = "canary-jumpcloud-refused-key-88a1";
    private static final String REFUSED_TOKEN = "canary-refused-factorial-token-4b7e";
    private static final String CHALLENGE = "canary-webhooks-in-challenge-c9d3";
    private static final String STORE_PASSWORD = "canary-store-password-16f0";
    private static final String HEADER = "canary-endpoint-header-0aa7";
    private static final String API_READ = "canary-management-api-token-3e9f51";
    private static final String API_ADMIN = "canary-management-api-admin-token-b270c4";
    private static final String ENCRYPTION = Base64.getEncoder().encodeToString("canary-encryption-secret-32bytes".getBytes(StandardCharsets.US_ASCII));
    private static final String DEAD_SECRET = "whsec_" + Base64.getEncoder().encodeToString("canary-dead-endpoint-secret".getBytes(StandardCharsets.US_ASCII));

    @Test
    void noCanaryReachesAnyOutputTheStoreOrTheExports() throws Exception {
        assumeFalse(TestStores.postgresql(), "the store is a SQLite file here, whichever store the suite runs on");
        fx = new SyncFixture(dir, FactorialData.seeded(40, 8));
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (FactorialSimulator hr2 = new FactorialSimulator(0, "unused-" + REFUSED_TOKEN, FactorialData.seeded(20, 9));
             JumpCloudSimulator jc = new JumpCloudSimulator(0, JC_KEY)) {
            hr2.oauthClient(OAUTH_CLIENT_ID, OAUTH_SECRET, OAUTH_REFRESH);
            fx.set("store.url", "jdbc:sqlite:" + dir.resolve("identity.db")).set("store.password", STORE_PASSWORD)
                    .set("store.encryption-secret", ENCRYPTION)
                    .set("factorial.webhooks-in.challenge", CHALLENGE)
                    .set("connectors.hr2.type", "factorial").set("connectors.hr2.base-url", hr2.baseUrl())
                    .set("connectors.hr2.schedule", "0 0 0 1 1 ? 2099")
                    .set("connectors.hr2.oauth.client-id", OAUTH_CLIENT_ID).set("connectors.hr2.oauth.client-secret", OAUTH_SECRET)
                    .set("connectors.hr2.oauth.refresh-token", OAUTH_REFRESH)
                    .set("directories.jc.type", "jumpcloud").set("directories.jc.url", jc.baseUrl()).set("directories.jc.api-token", JC_KEY)
                    .set("directories.jc.connectors", "factorial")
                    .set("directories.refused.type", "jumpcloud").set("directories.refused.url", jc.baseUrl())
                    .set("directories.refused.api-token", JC_REFUSED).set("directories.refused.connectors", "teamtailor")
                    .set("directories.retry-schedule", "100ms,100ms").set("directories.once-wait", "5s")
                    .set("webhooks.endpoint.dead.url", "http://127.0.0.1:" + closed + "/hook").set("webhooks.endpoint.dead.secret", DEAD_SECRET)
                    .set("webhooks.endpoint.dead.header.Authorization", "Bearer " + HEADER)
                    .set("webhooks.once-wait", "5s")
                    .set("management.api-token", API_READ).set("management.api-admin-token", API_ADMIN);
            List<String> canaries = new ArrayList<>(List.of(SyncFixture.TOKEN, fx.secret, fx.secret.substring("whsec_".length()), OAUTH_SECRET,
                    OAUTH_REFRESH, JC_KEY, JC_REFUSED, REFUSED_TOKEN, CHALLENGE, STORE_PASSWORD, HEADER, ENCRYPTION, DEAD_SECRET,
                    DEAD_SECRET.substring("whsec_".length()), API_READ, API_ADMIN));

            Map<String, SyncFixture.Cli> outputs = new LinkedHashMap<>();
            for (String level : List.of("debug", "trace")) {
                outputs.put(level + " once", run(level, "once", fx.cli("--once")));
            }
            outputs.put("trace refused key", run("trace", "refused", after(fx.cli("--once"), "--factorial.api-token=" + REFUSED_TOKEN,
                    "--teamtailor.enabled=false", "--connectors.hr2.enabled=false")));
            outputs.put("trace failing run", run("trace", "failing", after(fx.cli("--once"), "--teamtailor.base-url=http://127.0.0.1:" + closed,
                    "--teamtailor.retry.max-attempts=1", "--factorial.enabled=false", "--connectors.hr2.enabled=false")));
            outputs.put("trace dry run", run("trace", "dry", fx.cli("--once", "--dry-run")));
            outputs.put("trace dry run json", run("trace", "dry-json", fx.cli("--once", "--dry-run", "--format=json")));
            outputs.put("trace status", run("trace", "status", fx.cli("status")));
            outputs.put("trace check", run("trace", "check", fx.cli("check")));
            outputs.put("trace check live", run("trace", "live", fx.cli("check", "--live")));
            outputs.put("debug check live json", run("debug", "live-json", fx.cli("check", "--live", "--format=json")));

            outputs.forEach((name, cli) -> System.out.printf("canary: %-22s exit %d, %d lines%n", name, cli.code(),
                    cli.out().lines().count() + cli.err().lines().count()));
            assertTrue(outputs.get("debug once").out().contains("factorial: run "), tail(outputs.get("debug once")));
            assertTrue(outputs.get("trace refused key").err().contains("refused"), tail(outputs.get("trace refused key")));
            assertEquals(1, outputs.get("trace failing run").code(), tail(outputs.get("trace failing run")));
            assertTrue(outputs.get("trace status").out().contains("dead"), tail(outputs.get("trace status")));
            assertTrue(outputs.get("trace once").err().lines().count() > 200, "trace really logs");
            List<String> leaks = new ArrayList<>();
            outputs.forEach((name, cli) -> {
                for (String canary : canaries) {
                    leak(leaks, name + " stdout", cli.out(), canary);
                    leak(leaks, name + " stderr", cli.err(), canary);
                }
            });
            for (Map.Entry<String, String> column : storeText().entrySet()) {
                canaries.forEach(canary -> leak(leaks, "store " + column.getKey(), column.getValue(), canary));
            }
            try (Stream<Path> files = Files.walk(dir.resolve("exports"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(file);
                    canaries.forEach(canary -> leak(leaks, "export " + dir.relativize(file), text, canary));
                }
            }
            assertTrue(leaks.isEmpty(), String.join("\n", leaks));
            System.out.printf("canary: %d outputs (%d log lines), %d store columns and the exports searched for %d canaries: none found%n",
                    outputs.size(), outputs.values().stream().mapToLong(c -> c.err().lines().count() + c.out().lines().count()).sum(),
                    storeText().size(), canaries.size());
        }
    }

    private SyncFixture.Cli run(String level, String name, String[] args) throws Exception {
        List<String> jvm = new ArrayList<>(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=" + level));
        // Every logger simplelogger.properties names, opened up as an operator chasing a problem would.
        for (String logger : List.of("org.apache.camel", "org.apache.camel.main", "org.quartz", "org.flywaydb", "com.zaxxer.hikari",
                "org.apache.hc", "identity-sync", "io.vertx", "io.netty")) {
            jvm.add("-Dorg.slf4j.simpleLogger.log." + logger + "=" + level);
        }
        return Child.run(dir, name, Map.of(), jvm, List.of(args));
    }

    /** The fixture's command line, then {@code extra}: a later --key=value wins. */
    private static String[] after(String[] cli, String... extra) {
        List<String> all = new ArrayList<>(List.of(cli));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    /** What a sanity assertion shows of an output: its ends, not thousands of trace lines. */
    private static String tail(SyncFixture.Cli cli) {
        String err = cli.err().lines().filter(l -> !l.contains(" TRACE ") && !l.contains(" DEBUG ")).reduce("", (a, b) -> a + b + "\n");
        return "exit " + cli.code() + "\nstdout: " + cli.out().substring(Math.max(0, cli.out().length() - 1500)) + "\nstderr (info and up): "
                + err.substring(Math.max(0, err.length() - 2500));
    }

    private static void leak(List<String> leaks, String where, String text, String canary) {
        int at = text == null ? -1 : text.indexOf(canary);
        if (at >= 0) {
            int from = text.lastIndexOf('\n', at) + 1;
            int to = text.indexOf('\n', at);
            leaks.add(where + ": " + canary + " in: " + text.substring(from, to < 0 ? text.length() : Math.min(to, from + 400)));
        }
    }

    /** Every text value of every table, by table.column#row. */
    private Map<String, String> storeText() throws Exception {
        Map<String, String> all = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("identity.db")); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    ResultSetMetaData meta = rs.getMetaData();
                    int row = 0;
                    while (rs.next()) {
                        row++;
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            if (v instanceof String text) {
                                all.put(table + "." + meta.getColumnName(i) + "#" + row, text);
                            }
                        }
                    }
                }
            }
        }
        return all;
    }
}
