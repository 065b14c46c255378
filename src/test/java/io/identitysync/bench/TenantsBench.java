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
import java.util.Collections;
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
        int repeat = Integer.getInteger("tenants.repeat", 3);
        try (FactorialSimulator sim = new FactorialSimulator(0, BenchProbes.TOKEN, FactorialData.seeded(5, 1))) {
            // Each store with the plain jar, then with the class-data-sharing archive the build leaves (as the image runs it);
            // each first start on a fresh store, `repeat` times (a start moves by ±10 % from one to the next on 2 CPUs),
            // and on PostgreSQL a restart on the last one's database, whose schedule is stored already.
            Path archive = Path.of("target/identity-sync.jsa").toAbsolutePath();
            List<String> summary = new ArrayList<>();
            for (String run : Files.exists(archive) ? List.of("sqlite", "sqlite+cds", "postgresql", "postgresql+cds") : List.of("sqlite", "postgresql")) {
                String store = run.replace("+cds", "");
                boolean cds = run.endsWith("+cds");
                String what = store + (cds ? " (with the CDS archive)" : "");
                List<Double> firsts = new ArrayList<>();
                Path dir = null;
                String url = null;
                for (int r = 0; r < repeat; r++) {
                    dir = Files.createTempDirectory("identity-sync-tenants-bench");
                    url = store.equals("sqlite") ? "jdbc:sqlite:" + dir.resolve("identity.db") : TestStores.newDatabase();
                    firsts.add(start(n, sim, dir, url, cds ? archive : null, store, what + ", first start"));
                }
                Collections.sort(firsts);
                String line = String.format("tenants: %d connectors on %s: first start median %.2f s (%.2f–%.2f s, %d starts)", n, what,
                        firsts.get(firsts.size() / 2), firsts.get(0), firsts.get(firsts.size() - 1), firsts.size());
                if (store.equals("postgresql")) {
                    line += String.format("; restart %.2f s", start(n, sim, dir, url, cds ? archive : null, store, what + ", restart"));
                }
                summary.add(line);
            }
            summary.forEach(System.out::println);
        }
        System.exit(0);
    }

    /** One start of the jar as a service with n idle connectors; prints what it holds, returns the seconds to Camel started. */
    private static double start(int n, FactorialSimulator sim, Path dir, String url, Path archive, String store, String what) throws Exception {
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
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (archive != null) {
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        command.addAll(List.of("-jar", Path.of("target/identity-sync.jar").toAbsolutePath().toString(), "--store.url=" + url,
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
                + "store connections %s%n", n, what, seconds, camel, heap, threads, routeCount, connections);
        p.destroy();
        p.waitFor(30, TimeUnit.SECONDS);
        return seconds;
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
