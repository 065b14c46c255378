package io.identitysync.bench;

import io.identitysync.simulators.teamtailor.TeamtailorData;
import io.identitysync.simulators.teamtailor.TeamtailorSimulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Teamtailor with its rate limit on (50 requests per 10 s), against the rate floor: requests ÷ allowed rate. */
final class RateLimitedBench {

    private static final String TOKEN = BenchProbes.TOKEN;

    private final BenchTable table;
    private final Path work;
    private final long latency;
    private final String xmx;
    private final Path jar;

    RateLimitedBench(BenchTable table, Path work, long latency, String xmx, Path jar) {
        this.table = table;
        this.work = work;
        this.latency = latency;
        this.xmx = xmx;
        this.jar = jar;
    }

    void teamtailor(int users) throws Exception {
        System.err.printf("bench: teamtailor, %d users, rate limit 50 per 10 s …%n", users);
        Path dir = Files.createDirectories(work.resolve("teamtailor-" + users));
        try (TeamtailorSimulator sim = new TeamtailorSimulator(0, TOKEN, TeamtailorData.seeded(users, 1))) {
            sim.latency(latency);
            sim.rateLimit(50, 10_000);
            List<String> args = List.of("--teamtailor.base-url=" + sim.baseUrl(), "--teamtailor.api-token=" + TOKEN,
                    "--factorial.enabled=false", "--store.url=jdbc:sqlite:" + dir.resolve("identity.db"),
                    "--files.dir=" + dir.resolve("exports"));
            int before = sim.requests();
            Map<String, String> row = syncPlain("teamtailor " + users, "rate-limited first sync", users, dir, args);
            int requests = sim.requests() - before;
            double rateFloor = requests / 5.0;
            row.put("run/floor", BenchTable.f(Double.parseDouble(row.get("run s")) / rateFloor) + " (rate)");
            row.put("429s", Integer.toString(sim.rateLimited()));
            table.notes.add("teamtailor " + users + ": " + requests + " requests; rate floor = " + requests + " ÷ 5/s = " + BenchTable.f(rateFloor) + " s");
            table.rows.add(row);
        }
    }

    private Map<String, String> syncPlain(String what, String scenario, int n, Path dir, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx, "-jar", jar.toString(), "--once"));
        command.addAll(args);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("run.log").toFile()).start();
        p.waitFor();
        Map<String, String> row = BenchTable.row(what, scenario);
        row.put("wall s", BenchTable.f((System.nanoTime() - start) / 1e9));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("identity.db")); Statement s = c.createStatement()) {
            ResultSet run = s.executeQuery("SELECT pages, started_at, finished_at, status FROM sync_runs ORDER BY started_at DESC LIMIT 1");
            run.next();
            double runSeconds = Duration.between(Instant.parse(run.getString(2)), Instant.parse(run.getString(3))).toMillis() / 1000.0;
            row.put("pages", Integer.toString(run.getInt(1)));
            row.put("run s", BenchTable.f(runSeconds));
            row.put("users/s", Long.toString(Math.round(n / runSeconds)));
            if (!"succeeded".equals(run.getString(4))) {
                table.notes.add(what + ": run " + run.getString(4));
            }
        }
        return row;
    }
}
