package io.identitysync.bench;

import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialSimulator;
import io.identitysync.support.TestStores;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many tenants on one node: the real jar as a service with N configured connectors (default 500), all idle (their
 * cron is far away), on SQLite and on PostgreSQL with the clustered schedule. Prints the time from the process start
 * to Camel started, then the heap after a full GC, the threads, the routes and the store connections the node holds
 * idle. {@code bench/tenants.sh [N]}.
 */
public final class TenantsBench {

    private static final Pattern STARTED = Pattern.compile("node \\S+: started in (\\d+) ms: \\d+ connectors, (\\d+) routes");

    private TenantsBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        try (FactorialSimulator sim = new FactorialSimulator(0, BenchProbes.TOKEN, FactorialData.seeded(5, 1))) {
            for (String store : List.of("sqlite", "postgresql")) {
                Path dir = Files.createTempDirectory("identity-sync-tenants-bench");
                String url = store.equals("sqlite") ? "jdbc:sqlite:" + dir.resolve("identity.db") : TestStores.newDatabase();
                StringBuilder config = new StringBuilder("factorial.enabled=false\nteamtailor.enabled=false\n");
                for (int i = 1; i <= n; i++) {
                    String id = String.format("tenant-%04d", i);
                    config.append("connectors.").append(id).append(".type=factorial\n")
                            .append("connectors.").append(id).append(".base-url=").append(sim.baseUrl()).append('\n')
                            .append("connectors.").append(id).append(".api-token=").append(BenchProbes.TOKEN).append('\n')
                            .append("connectors.").append(id).append(".schedule=0 0 3 1 1 ? 2099\n");
                }
                Files.writeString(dir.resolve("application.properties"), config, StandardCharsets.UTF_8);
                Path log = dir.resolve("err.log");
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar", Path.of("target/identity-sync.jar").toAbsolutePath().toString(), "--store.url=" + url,
                        "--files.dir=" + dir.resolve("exports")));
                long start = System.nanoTime();
                Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                String camel = null;
                String routeCount = "?";
                while (camel == null && p.isAlive() && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(5)) {
                    Matcher m = STARTED.matcher(Files.readString(log));
                    if (m.find()) {
                        camel = m.group(1) + " ms JVM uptime";
                        routeCount = m.group(2);
                    } else {
                        Thread.sleep(20);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (camel == null) {
                    System.out.println(Files.readString(log));
                    throw new IllegalStateException("the service did not start");
                }
                Thread.sleep(2000);
                String heap = jcmd(p.pid(), "GC.run") == null ? "?" : heapUsedMb(jcmd(p.pid(), "GC.heap_info"));
                long threads = jcmd(p.pid(), "Thread.print").lines().filter(l -> l.startsWith("\"")).count();
                String connections = store.equals("sqlite") ? "0 held (a connection per call)" : pgConnections() + " held";
                System.out.printf("tenants: %d connectors on %s: started in %.2f s (%s), heap %s MB after GC, %d threads, %s routes, "
                        + "store connections %s%n", n, store, seconds, camel, heap, threads, routeCount, connections);
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        System.exit(0);
    }

    private static String jcmd(long pid, String what) throws Exception {
        Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid), what)
                .redirectErrorStream(true).start();
        String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        j.waitFor();
        return out;
    }

    /** The used heap from GC.heap_info ("used 12345K"), in MB. */
    private static String heapUsedMb(String info) {
        Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
        long used = 0;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
            break;
        }
        return String.format("%.0f", used / 1024.0);
    }

    private static int pgConnections() throws Exception {
        try (Connection c = DriverManager.getConnection(TestStores.serverUrl("postgres"));
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname LIKE 'identity_%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
