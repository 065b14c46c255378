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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fleet: N tenants (Factorial connectors) of P people each on three real node processes sharing one real PostgreSQL,
 * for several schedule periods, one node killed (SIGKILL) in the middle of a period. Each tenant's cron fires once a
 * period, the tenants spread evenly over it (tenant i at second i × period / N), as a provider staggers its tenants;
 * so the schedule asks for N / period runs a second and the figures say whether the cluster keeps up. The measured
 * periods follow {@code fleet.warmup} (1) periods in which each tenant's first sync runs. Prints what
 * {@link FleetReport} computes from the store's runs table, and each node's start time and resources.
 * {@code bench/fleet.sh [tenants] [people] [periods] [--key=value ...]} (the keys go to every node).
 */
public final class FleetBench {

    static final List<String> NODES = List.of("node-1", "node-2", "node-3");
    private static final Pattern STARTED = Pattern.compile("node \\S+: started in (\\d+) ms: (\\d+) connectors, (\\d+) routes");

    private FleetBench() {
    }

    public static void main(String[] args) throws Exception {
        int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int people = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int periods = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> extra = args.length > 3 ? Arrays.asList(args).subList(3, args.length) : List.of();
        int period = Integer.getInteger("fleet.period", 60);
        int warmup = Integer.getInteger("fleet.warmup", 1);
        if (period <= 60 ? 60 % period != 0 : period % 60 != 0 || 3600 % period != 0) {
            throw new IllegalArgumentException("fleet.period must divide 60, or be whole minutes that divide an hour (a cron's "
                    + "seconds or minutes field): " + period);
        }
        try (FactorialSimulator sim = new FactorialSimulator(0, BenchProbes.TOKEN, FactorialData.seeded(people, 34))) {
            Path dir = Files.createTempDirectory("identity-sync-fleet-bench");
            String url = TestStores.newDatabase();
            StringBuilder config = new StringBuilder("factorial.enabled=false\nteamtailor.enabled=false\n");
            for (int i = 0; i < tenants; i++) {
                String id = tenant(i);
                config.append("connectors.").append(id).append(".type=factorial\n")
                        .append("connectors.").append(id).append(".base-url=").append(sim.baseUrl()).append('\n')
                        .append("connectors.").append(id).append(".api-token=").append(BenchProbes.TOKEN).append('\n')
                        .append("connectors.").append(id).append(".schedule=").append(cron(offset(i, tenants, period) / 1000, period))
                        .append('\n');
            }
            Files.writeString(dir.resolve("application.properties"), config, StandardCharsets.UTF_8);
            System.out.printf("fleet: %d tenants of %d people, 3 nodes, one PostgreSQL, a run per tenant every %d s (%.1f runs/s), "
                    + "%d periods measured after %d of warm-up; node keys %s%n", tenants, people, period, tenants / (double) period, periods,
                    warmup, extra);

            Map<String, Process> nodes = new LinkedHashMap<>();
            Map<String, String> startup = new LinkedHashMap<>();
            for (String node : NODES) {
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar", Path.of("target/identity-sync.jar").toAbsolutePath().toString(),
                        // One database; the application name tells the nodes' connections apart in pg_stat_activity.
                        "--store.url=" + url + "&ApplicationName=" + node, "--node.id=" + node,
                        "--files.dir=" + dir.resolve("exports")));
                command.addAll(extra);
                nodes.put(node, new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(dir.resolve(node + ".log").toFile()).start());
            }
            try {
                for (String node : NODES) {
                    startup.put(node, awaitStarted(nodes.get(node), dir.resolve(node + ".log")));
                }
                startup.forEach((node, s) -> System.out.printf("fleet: %s started %s%n", node, s));

                // The measured periods start at the next period boundary with a few seconds to spare.
                long periodMs = period * 1000L;
                // After fleet.warmup periods (1): the first one's runs are every tenant's first sync, which
                // bench/run.sh measures; the fleet's figures are those of the schedule's steady state.
                long first = ((System.currentTimeMillis() + 5000) / periodMs + 1 + warmup) * periodMs;
                int killPeriod = periods / 2;
                long killAt = first + killPeriod * periodMs + periodMs / 2;
                String killed = NODES.get(1);
                Map<String, long[]> peaks = new LinkedHashMap<>();
                NODES.forEach(n -> peaks.put(n, new long[3]));
                // Sampled on a thread of its own: jcmd on a loaded machine takes seconds, and must not move the kill.
                Thread sampler = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            sample(nodes, peaks);
                            Thread.sleep(periodMs / 4);
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            System.out.println("fleet: a sample failed: " + e);
                        }
                    }
                }, "fleet-sampler");
                sampler.setDaemon(true);
                sleepUntil(first);
                sampler.start();
                sleepUntil(killAt);
                // In the middle of a run of its own (runs of small tenants are short: a kill at a fixed instant mostly
                // finds none), so that the failover includes a cut run; within 30 s of the mid-period, else then.
                long latest = System.currentTimeMillis() + 30_000;
                while (running(url, killed) == 0 && System.currentTimeMillis() < latest) {
                    Thread.sleep(20);
                }
                nodes.get(killed).destroyForcibly();
                Instant killedAt = Instant.now();
                nodes.get(killed).waitFor(10, TimeUnit.SECONDS);
                System.out.printf("fleet: killed %s (SIGKILL) at %s, %.1f s into period %d%n", killed, killedAt,
                        (killedAt.toEpochMilli() - first - killPeriod * periodMs) / 1000.0, killPeriod + 1);
                long end = first + periods * periodMs;
                sleepUntil(end);
                // The last period's runs finish; a run still going after a minute is reported as it stands.
                long settle = System.currentTimeMillis() + 60_000;
                while (running(url) > 0 && System.currentTimeMillis() < settle) {
                    Thread.sleep(500);
                }
                sampler.interrupt();
                sampler.join(30_000);
                peaks.forEach((node, p) -> System.out.printf("fleet: %s peak heap used %d MB, %d OS threads, %d store connections%s%n",
                        node, p[0], p[1], p[2], node.equals(killed) ? " (until killed)" : ""));
                new FleetReport(url, tenants, period, first, periods, killed, killedAt).print();
            } finally {
                for (Process p : nodes.values()) {
                    p.destroy();
                }
                for (Process p : nodes.values()) {
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
        }
        System.exit(0);
    }

    static String tenant(int i) {
        return String.format("tenant-%04d", i + 1);
    }

    /** A cron firing {@code second} seconds into each period of {@code period} seconds. */
    static String cron(long second, int period) {
        if (period < 60) {
            return second + "/" + period + " * * * * ?";
        }
        // Quartz takes no step of 60 in the seconds field: once a minute is the second alone; longer periods step minutes.
        return period == 60 ? second + " * * * * ?" : (second % 60) + " " + (second / 60) + "/" + (period / 60) + " * * * ?";
    }

    /** Where in the period tenant i fires, in ms: the tenants spread evenly, on whole seconds (a cron's resolution). */
    static long offset(int i, int tenants, int period) {
        return (long) i * period / tenants * 1000L;
    }

    private static String awaitStarted(Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        while (p.isAlive() && System.nanoTime() < deadline) {
            Matcher m = STARTED.matcher(Files.readString(log));
            if (m.find()) {
                return String.format("in %.2f s (JVM uptime to Camel started): %s connectors, %s routes",
                        Integer.parseInt(m.group(1)) / 1000.0, m.group(2), m.group(3));
            }
            Thread.sleep(50);
        }
        System.out.println(Files.readString(log));
        throw new IllegalStateException("a node did not start: " + log);
    }

    private static void sleepUntil(long epochMs) throws InterruptedException {
        long wait = epochMs - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /** Each live node's used heap (MB), threads and store connections; the peaks are kept. */
    private static void sample(Map<String, Process> nodes, Map<String, long[]> peaks) throws Exception {
        Map<String, Long> connections = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(TestStores.serverUrl("postgres"));
             ResultSet rs = c.createStatement().executeQuery("SELECT application_name, count(*) FROM pg_stat_activity GROUP BY 1")) {
            while (rs.next()) {
                connections.put(rs.getString(1), rs.getLong(2));
            }
        }
        for (Map.Entry<String, Process> e : nodes.entrySet()) {
            if (!e.getValue().isAlive()) {
                continue;
            }
            long pid = e.getValue().pid();
            Matcher m = Pattern.compile("used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
            long heap = m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
            long threads = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(l -> l.startsWith("Threads:")).mapToLong(l -> Long.parseLong(l.substring(8).trim())).findFirst().orElse(-1);
            long[] peak = peaks.get(e.getKey());
            peak[0] = Math.max(peak[0], heap);
            peak[1] = Math.max(peak[1], threads);
            peak[2] = Math.max(peak[2], connections.getOrDefault(e.getKey(), 0L));
        }
    }

    private static String jcmd(long pid, String what) throws Exception {
        Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid), what)
                .redirectErrorStream(true).start();
        String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        j.waitFor();
        return out;
    }

    private static int running(String url) throws Exception {
        return running(url, null);
    }

    /** Runs going, on one node or (null) on any. */
    private static int running(String url, String node) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM sync_runs WHERE status = 'running'"
                     + (node == null ? "" : " AND node = '" + node + "'"))) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
