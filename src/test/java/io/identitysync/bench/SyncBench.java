package io.identitysync.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.config.Settings;
import io.identitysync.demo.WebhookReceiver;
import io.identitysync.destinations.webhooks.WebhookDispatcher;
import io.identitysync.simulators.SimulatorServer;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialSimulator;
import io.identitysync.store.Store;
import io.identitysync.support.TestStores;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How close a sync comes to the speed of the API itself. Against the loopback simulators (each request delayed by
 * a latency, default 20 ms): the fetch floor (a bare HTTP loop over the same pages, on the runs' HTTP client), then the real jar with
 * {@code --once} for a first sync, a no-change re-sync and a re-sync with 1% changes, each in a child JVM with
 * {@code -Xmx256m}; then Teamtailor with its rate limit on, against the rate floor. Prints one table.
 * Run it with {@code bench/run.sh}; options {@code --sizes=10000,100000 --latency-ms=20 --teamtailor-users=1500 --xmx=256m
 * --keep=true} (keep the work folder with each child's log) {@code --postgresql=false} (skip the PostgreSQL cases) {@code --every-resource=false} (skip that company);
 * to measure one store quickly while working on it, {@code --sqlite=false} (the PostgreSQL cases only) and {@code --first-only=true} (the
 * first sync only). Each row's {@code commit} column is the first sync's commit by phase, from the child's debug line.
 */
public final class SyncBench {

    private static final String TOKEN = BenchProbes.TOKEN;
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final Path jar;
    private final Path work;
    private final long latency;
    private final String xmx;
    /** Extra JVM options for the children (e.g. a JFR recording while profiling); {n} becomes the row number. */
    static String childOptions = "";
    private final BenchTable table = new BenchTable();
    private final List<Map<String, String>> rows = table.rows;
    private final List<String> notes = table.notes;
    /** Also the first, no-change and 1% cases on PostgreSQL (a real server from Maven, TestStores). */
    private boolean postgresql = true;
    /** Also the company with every resource on (SQLite). */
    private boolean everyResource = true;
    /** The SQLite cases (the PostgreSQL ones are compared with them when both run). */
    private boolean sqlite = true;
    /** Only the first sync of each store: no re-syncs, no incremental cases. */
    private boolean firstOnly = false;

    private SyncBench(Path jar, Path work, long latency, String xmx) {
        this.jar = jar;
        this.work = work;
        this.latency = latency;
        this.xmx = xmx;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>(Map.of("sizes", "10000,100000", "latency-ms", "20",
                "teamtailor-users", "1500", "xmx", "256m", "jar", "target/identity-sync.jar"));
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) {
                opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        Path work = Files.createTempDirectory("identity-sync-bench");
        childOptions = opts.getOrDefault("child-opts", "");
        SyncBench bench = new SyncBench(Path.of(opts.get("jar")).toAbsolutePath(), work, Long.parseLong(opts.get("latency-ms")), opts.get("xmx"));
        bench.postgresql = Boolean.parseBoolean(opts.getOrDefault("postgresql", "true"));
        bench.everyResource = Boolean.parseBoolean(opts.getOrDefault("every-resource", "true"));
        bench.sqlite = Boolean.parseBoolean(opts.getOrDefault("sqlite", "true"));
        bench.firstOnly = Boolean.parseBoolean(opts.getOrDefault("first-only", "false"));
        try {
            for (String size : opts.get("sizes").split(",")) {
                bench.factorial(Integer.parseInt(size.trim()));
            }
            int ttUsers = Integer.parseInt(opts.get("teamtailor-users"));
            if (ttUsers > 0) {
                new RateLimitedBench(bench.table, bench.work, bench.latency, bench.xmx, bench.jar).teamtailor(ttUsers);
            }
            BenchTargets.judge(bench.table);
            bench.table.print(bench.xmx);
        } finally {
            if (opts.containsKey("keep")) {
                System.out.println("kept: " + work);
            } else {
                BenchProbes.deleteTree(work);
            }
        }
    }

    private void factorial(int n) throws Exception {
        System.err.printf("bench: factorial, %d users, %d ms per request …%n", n, latency);
        FactorialData data = FactorialData.seeded(n, 1);
        Path dir = Files.createDirectories(work.resolve("factorial-" + n));
        try (FactorialSimulator sim = new FactorialSimulator(0, TOKEN, data); WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            sim.latency(latency);
            int before = sim.requests();
            double floor = floor(BenchProbes.fetchFloor(sim.baseUrl(), 100, DEFAULT_PATHS));
            int floorPages = sim.requests() - before;
            Map<String, String> floorRow = row("factorial " + n, "fetch floor (HTTP loop)");
            floorRow.put("wall s", f(floor));
            floorRow.put("run s", f(floor));
            floorRow.put("pages", Integer.toString(floorPages));
            floorRow.put("users/s", Long.toString(Math.round(n / floor)));
            rows.add(floorRow);

            List<Map<String, String>> sqlite = !this.sqlite ? List.of() : threeCases("factorial " + n, n, dir, "jdbc:sqlite:" + dir.resolve("identity.db"), data, sim,
                    receiver, floor);
            if (postgresql) {
                Path pgDir = Files.createDirectories(work.resolve("factorial-pg-" + n));
                List<Map<String, String>> pg = threeCases("factorial " + n + " pg", n, pgDir, TestStores.newDatabase(), data, sim, receiver, floor);
                List<String> ratios = new ArrayList<>();
                for (int i = 0; i < Math.min(pg.size(), sqlite.size()); i++) {
                    ratios.add(pg.get(i).get("scenario").replaceAll(" \\(.*", "") + " " + ratio(pg.get(i), sqlite.get(i)));
                }
                if (!ratios.isEmpty()) {
                    notes.add("factorial " + n + ": PostgreSQL run s ÷ SQLite run s (target ≤ 1.30 first sync, re-syncs where they were): "
                            + String.join(", ", ratios));
                }
            }
            if (everyResource && this.sqlite && !firstOnly) {
                everyResource(n, sim, receiver);
            }
        }
    }

    /** First sync, no-change re-sync and 1% changed, on one store. */
    private List<Map<String, String>> threeCases(String what, int n, Path dir, String storeUrl, FactorialData data, FactorialSimulator sim,
                                                 WebhookReceiver receiver, double floor) throws Exception {
        List<String> args = List.of("--factorial.base-url=" + sim.baseUrl(), "--factorial.api-token=" + TOKEN,
                "--teamtailor.enabled=false", "--store.url=" + storeUrl,
                "--files.dir=" + dir.resolve("exports"), "--webhooks.urls=" + receiver.url(), "--webhooks.secret=" + SECRET,
                "--webhooks.once-wait=0s", "--sync.max-delete-ratio=1");
        List<Map<String, String>> out = new ArrayList<>();
        out.add(sync(what, "first sync", n, dir, storeUrl, args, floor, receiver, sim));
        if (firstOnly) {
            return out;
        }
        out.add(sync(what, "no-change re-sync", n, dir, storeUrl, args, floor, receiver, sim));
        int changed = 0;
        synchronized (data) {
            for (ObjectNode e : data.employees) {
                if (e.get("id").asInt() % 100 == 7) {
                    FactorialData.touch(e.put("last_name", e.get("last_name").asText() + "-Changed"));
                    changed++;
                }
            }
        }
        // Past the incremental cases' 1 s overlap: the incremental run after this one must not see these changes again.
        Thread.sleep(1500);
        Map<String, String> r = sync(what, "1% changed (" + changed + ")", n, dir, storeUrl, args, floor, receiver, sim);
        if (!r.get("events").equals("-")) {
            notes.add(what + ": the 1% re-sync changed " + changed + " users and emitted " + r.get("events") + " events");
        }
        out.add(r);
        if (!storeUrl.startsWith("jdbc:postgresql")) {
            incremental(what, n, dir, storeUrl, args, floor, receiver, sim);
        }
        return out;
    }

    /**
     * Incremental reads (factorial.full-schedule set; here --once --incremental): a no-change incremental run, then one
     * with 10 people changed, then the full read that must find nothing left. The overlap is 1 s, not the default
     * 10 minutes: the cases follow each other within seconds here, where a service's runs are 30 minutes apart.
     */
    private void incremental(String what, int n, Path dir, String storeUrl, List<String> args, double floor, WebhookReceiver receiver,
                             FactorialSimulator sim) throws Exception {
        List<String> incremental = new ArrayList<>(args);
        incremental.addAll(List.of("--incremental", "--factorial.incremental-overlap=1s"));
        sync(what, "incremental, no change", n, dir, storeUrl, incremental, floor, receiver, sim);
        synchronized (sim.data()) {
            for (ObjectNode e : sim.data().employees.subList(0, Math.min(10, sim.data().employees.size()))) {
                FactorialData.touch(e.put("last_name", e.get("last_name").asText() + "-Again"));
            }
        }
        sync(what, "incremental, 10 changed", n, dir, storeUrl, incremental, floor, receiver, sim);
        sync(what, "full after incrementals", n, dir, storeUrl, args, floor, receiver, sim);
    }

    private static String ratio(Map<String, String> a, Map<String, String> b) {
        try {
            return f(Double.parseDouble(a.get("run s")) / Double.parseDouble(b.get("run s")));
        } catch (NumberFormatException e) {
            return "-";
        }
    }

    /**
     * The same company with every resource on (time off, compensations, custom fields mapped onto attributes),
     * against the floor of fetching all of them; the note says what each group of resources costs at the floor.
     */
    private void everyResource(int n, FactorialSimulator sim, WebhookReceiver receiver) throws Exception {
        Path dir = Files.createDirectories(work.resolve("factorial-all-" + n));
        int before = sim.requests();
        Map<String, Double> perPath = BenchProbes.fetchFloor(sim.baseUrl(), 100, ALL_PATHS);
        int pages = sim.requests() - before;
        double floor = floor(perPath);
        Map<String, String> floorRow = row("factorial " + n + " all", "fetch floor, every resource");
        floorRow.put("wall s", f(floor));
        floorRow.put("run s", f(floor));
        floorRow.put("pages", Integer.toString(pages));
        floorRow.put("users/s", Long.toString(Math.round(n / floor)));
        rows.add(floorRow);
        List<String> costs = new ArrayList<>();
        for (Map.Entry<String, List<String>> group : GROUPS.entrySet()) {
            costs.add(group.getKey() + " +" + f(group.getValue().stream().mapToDouble(p -> perPath.getOrDefault(p, 0.0)).sum()) + " s");
        }
        notes.add("factorial " + n + ": what each resource group adds to the fetch floor: " + String.join(", ", costs));
        List<String> args = List.of("--factorial.base-url=" + sim.baseUrl(), "--factorial.api-token=" + TOKEN,
                "--teamtailor.enabled=false", "--store.url=jdbc:sqlite:" + dir.resolve("identity.db"),
                "--files.dir=" + dir.resolve("exports"), "--webhooks.urls=" + receiver.url(), "--webhooks.secret=" + SECRET,
                "--webhooks.once-wait=0s", "--sync.max-delete-ratio=1",
                "--factorial.resources=employees,teams,locations,employments,leaves,compensations,custom_fields",
                "--factorial.attributes.cost_center=custom:Cost center", "--factorial.attributes.desk=custom:desk_number",
                "--factorial.attributes.badge_expiry=custom:Badge expiry", "--factorial.attributes.shirt=custom:T-shirt size");
        String url = "jdbc:sqlite:" + dir.resolve("identity.db");
        sync("factorial " + n + " all", "first sync", n, dir, url, args, floor, receiver, sim);
        sync("factorial " + n + " all", "no-change re-sync", n, dir, url, args, floor, receiver, sim);
    }

    /** What the default resources read (job catalog, contract versions, employees, teams, locations). */
    private static final List<String> DEFAULT_PATHS = List.of("job_catalog/levels", "contracts/contract_versions", "employees/employees",
            "teams/teams", "teams/memberships", "locations/locations");
    /** Each resource group of factorial.resources and the paths it reads. */
    private static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();
    static {
        GROUPS.put("roster (employees, teams, locations)", List.of("employees/employees", "teams/teams", "teams/memberships", "locations/locations"));
        GROUPS.put("employments", List.of("job_catalog/levels", "contracts/contract_versions"));
        GROUPS.put("leaves", List.of("timeoff/leave_types", "timeoff/policies", "timeoff/leaves"));
        GROUPS.put("compensations", List.of("contracts/compensations"));
        GROUPS.put("custom_fields", List.of("custom_fields/fields", "custom_fields/options", "custom_fields/values"));
    }
    private static final List<String> ALL_PATHS = GROUPS.values().stream().flatMap(List::stream).toList();

    private static double floor(Map<String, Double> perPath) {
        return perPath.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private Map<String, String> sync(String what, String scenario, int n, Path dir, String storeUrl, List<String> args, double floor,
                                     WebhookReceiver receiver, SimulatorServer sim) throws Exception {
        System.err.printf("bench: %s, %s …%n", what, scenario);
        Path gcLog = dir.resolve("gc-" + rows.size() + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx, "-Xlog:gc:file=" + gcLog, "-Dorg.slf4j.simpleLogger.log.identity-sync.commit=debug"));
        if (!childOptions.isBlank()) {
            command.addAll(List.of(childOptions.replace("{n}", Integer.toString(rows.size())).split(" ")));
        }
        // A one-shot job as the README runs one: the class-data sharing archive mvn package leaves beside the jar, and
        // the JIT's first tier only (a --once is over before the second tier's compiles pay for their CPU).
        Path archive = jar.resolveSibling("identity-sync.jsa");
        if (Files.exists(archive)) {
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(List.of("-jar", jar.toString(), "--once"));
        command.addAll(args);
        Path out = dir.resolve("run-" + rows.size() + ".log");
        int requestsBefore = sim.requests();
        sim.watchForFirstRequest();
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long peakRss = 0;
        while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
            peakRss = Math.max(peakRss, BenchProbes.rssHighWaterKb(p.pid()));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, String> row = row(what, scenario);
        row.put("wall s", f(wall));
        row.put("requests", Integer.toString(sim.requests() - requestsBefore));
        if (sim.firstRequestNanos() != 0) {
            row.put("start s", f((sim.firstRequestNanos() - start) / 1e9));
        }
        if (p.exitValue() != 0) {
            row.put("run s", "exit " + p.exitValue());
            notes.add(what + " " + scenario + ": exit " + p.exitValue() + "; log: " + BenchProbes.lastLines(out, 5));
            rows.add(row);
            return row;
        }
        try (Connection c = DriverManager.getConnection(storeUrl); Statement s = c.createStatement()) {
            ResultSet run = s.executeQuery("SELECT id, pages, started_at, finished_at FROM sync_runs ORDER BY started_at DESC LIMIT 1");
            run.next();
            String runId = run.getString(1);
            double runSeconds = Duration.between(Instant.parse(run.getString(3)), Instant.parse(run.getString(4))).toMillis() / 1000.0;
            row.put("pages", Integer.toString(run.getInt(2)));
            row.put("run s", f(runSeconds));
            row.put("users/s", Long.toString(Math.round(n / runSeconds)));
            row.put("run/floor", f(runSeconds / floor));
            row.put("events", Long.toString(BenchProbes.count(s, "SELECT count(*) FROM events WHERE run_id = '" + runId
                    + "' AND type NOT LIKE 'sync.%'")));
            row.put("deliveries", Long.toString(BenchProbes.count(s, "SELECT count(*) FROM webhook_deliveries d JOIN events e ON e.id = d.event_id "
                    + "WHERE e.run_id = '" + runId + "' AND e.type NOT LIKE 'sync.%'")));
        }
        String phases = commitPhases(out);
        if (phases != null) {
            notes.add(what + " " + scenario + ": commit " + phases);
        }
        row.put("peak heap MB", Long.toString(BenchProbes.peakHeapMb(gcLog)));
        row.put("peak RSS MB", Long.toString(peakRss / 1024));
        long dbBytes = BenchProbes.dbBytes(dir, storeUrl);
        row.put("db MB", f(dbBytes / 1048576.0));
        row.put("db used MB", f(BenchProbes.usedBytes(storeUrl) / 1048576.0));
        row.put("KB/user", f(dbBytes / 1024.0 / n));
        // Deliver the backlog here, so the next scenario's process does not spend its time on this one's deliveries.
        int deliveredBefore = receiver.received();
        long dStart = System.nanoTime();
        Settings settings = Settings.of(Map.of("store.url", storeUrl, "webhooks.urls", receiver.url(), "webhooks.secret", SECRET));
        try (Store store = Store.open(settings); WebhookDispatcher dispatcher = new WebhookDispatcher(store, settings)) {
            dispatcher.drain(Duration.ofMinutes(30));
        }
        int delivered = receiver.received() - deliveredBefore;
        double dSeconds = (System.nanoTime() - dStart) / 1e9;
        row.put("delivered/s", delivered == 0 ? "-" : Long.toString(Math.round(delivered / dSeconds)));
        // Marking deliveries delivered makes their rows longer, on pages the run's staging had freed: the next run's
        // growth is measured from here, in pages in use (its staging takes the free ones again).
        row.put("db used MB delivered", f(BenchProbes.usedBytes(storeUrl) / 1048576.0));
        rows.add(row);
        return row;
    }

    /** The commit's phases from the child's log (CommitRun's debug line), or null. */
    private static String commitPhases(Path log) throws java.io.IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("commit of run")).map(l -> l.substring(l.indexOf(": ", l.indexOf("commit of run")) + 2))
                    .reduce((a, b) -> b).orElse(null);
        }
    }

    private static String f(double v) {
        return BenchTable.f(v);
    }

    private static Map<String, String> row(String what, String scenario) {
        return BenchTable.row(what, scenario);
    }

}
