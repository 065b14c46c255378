package io.identitysync.bench;

import io.identitysync.config.Settings;
import io.identitysync.destinations.Destinations;
import io.identitysync.destinations.files.FileExport;
import io.identitysync.model.CanonicalUser;
import io.identitysync.model.MappedPage;
import io.identitysync.observe.IdentityMetrics;
import io.identitysync.store.Store;
import io.identitysync.store.commit.CommitRun;
import io.identitysync.store.retention.Retention;
import io.identitysync.store.runs.SyncRunRows;
import io.identitysync.store.staging.Staging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A year of a service that syncs every 30 minutes, through the real store layer (staging, commit, events, outbox,
 * export, retention) with the default retention: 48 runs a day, 1% of the people changing in each, every delivery
 * made, the store aged by a day after each day's runs (what a clock moved by a day would see), the prune pass run
 * daily. Prints the store file, its rows and the export folder every month; the last line says whether they stayed
 * bounded. {@code bench/soak.sh [days] [users]}.
 */
public final class SoakBench {

    private static final String CONNECTOR = "soak";

    private SoakBench() {
    }

    public static void main(String[] args) throws Exception {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 365;
        int people = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int runsPerDay = 48;
        Path dir = Files.createTempDirectory("identity-sync-soak");
        Settings settings = Settings.of(Map.of("store.url", "jdbc:sqlite:" + dir.resolve("identity.db"), "files.dir", dir.resolve("exports").toString(),
                "webhooks.urls", "http://127.0.0.1:9/hooks", "webhooks.secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        Destinations routing = new Destinations(settings);
        System.out.printf("soak: %d days x %d runs, %d people, 1%% changing per run; store.retention=%s, store.run-retention=%s, files.keep=%s%n",
                days, runsPerDay, people, settings.get("store.retention"), settings.get("store.run-retention"), settings.get("files.keep"));
        System.out.printf("%5s %7s %9s %9s %10s %9s %10s %10s %9s%n", "day", "runs", "events", "outbox", "run rows", "store MB", "exports MB",
                "folders", "prune ms");
        long start = System.nanoTime();
        double[] sizeAt = new double[days + 1];
        try (Store store = Store.open(settings).migrate()) {
            FileExport files = new FileExport(store, settings.get("files.dir"), settings.integer("files.keep"), new IdentityMetrics(store));
            Retention retention = new Retention(store, settings.duration("store.retention"), settings.duration("store.run-retention"));
            int run = 0;
            for (int day = 1; day <= days; day++) {
                for (int i = 0; i < runsPerDay; i++, run++) {
                    String runId = SyncRunRows.start(store, CONNECTOR);
                    Staging.stage(store, runId, page(people, run), "soak page 1", new Staging.Rules(true, LocalDate.now(), Map.of()));
                    CommitRun.commit(store, runId, CONNECTOR, 0.2, routing);
                    files.export(CONNECTOR, runId);
                    Staging.clear(store, runId);
                    // Every endpoint delivered everything: its position moves to the newest event.
                    store.write("outbox", "INSERT INTO outbox_positions (endpoint, through_seq, delivered_at) SELECT DISTINCT endpoint, "
                            + "(SELECT max(seq) FROM events), ? FROM outbox_route_endpoints WHERE true ON CONFLICT DO NOTHING", List.of(Store.now()));
                }
                age(store);
                long pruneStart = System.nanoTime();
                retention.prune(Instant.now());
                long pruneMillis = (System.nanoTime() - pruneStart) / 1_000_000;
                sizeAt[day] = Files.size(dir.resolve("identity.db")) / 1e6;
                if (day % 30 == 0 || day == days || day == 1) {
                    System.out.printf("%5d %7d %9d %9d %10d %9.1f %10.1f %10d %9d%n", day, run, count(store, "events"), count(store, "webhook_deliveries"),
                            count(store, "sync_runs"), sizeAt[day], megabytes(dir.resolve("exports")), folders(dir.resolve("exports/" + CONNECTOR)), pruneMillis);
                }
            }
        }
        // After the first store.retention (30 days) events and deliveries are steady; what still grows is one run
        // summary per run, until store.run-retention.
        int settled = Math.min(days, 60);
        double perRun = days > settled ? (sizeAt[days] - sizeAt[settled]) * 1e6 / ((days - settled) * runsPerDay) : 0;
        boolean bounded = perRun <= 400;
        System.out.printf("soak: %d runs in %.0f s; store %.1f MB at day %d, %.1f MB at day %d: after the first month only run summaries "
                        + "grow, %.0f bytes per run, until store.run-retention; exports steady: bounded %s%n", days * runsPerDay,
                (System.nanoTime() - start) / 1e9, sizeAt[settled], settled, sizeAt[days], days, perRun, bounded ? "yes" : "NO");
    }

    /** Everyone, with a title that changes for 1% of them from one run to the next. */
    private static MappedPage page(int people, int run) {
        MappedPage page = new MappedPage();
        int changing = Math.max(1, people / 100);
        for (int p = 1; p <= people; p++) {
            int version = (p + run) % people < changing ? run : 0;
            page.users.add(new CanonicalUser(String.valueOf(p), "person" + p + "@example.com", "Given" + p, "Family" + p, "Given" + p + " Family" + p,
                    "Title " + (p % 17) + "." + version, CanonicalUser.ACTIVE, null, new TreeMap<>(), String.valueOf(p), null, null));
        }
        return page;
    }

    /** What a day does to the stored timestamps: everything becomes a day older. */
    private static void age(Store store) throws Exception {
        try (Connection c = store.connect(); Statement s = c.createStatement()) {
            String older = "strftime('%Y-%m-%dT%H:%M:%fZ', %s, '-1 day')";
            s.executeUpdate("UPDATE events SET created_at = " + older.replace("%s", "created_at"));
            s.executeUpdate("UPDATE sync_runs SET started_at = " + older.replace("%s", "started_at") + ", finished_at = "
                    + older.replace("%s", "finished_at"));
        }
    }

    private static long count(Store store, String table) {
        long[] n = {0};
        store.read(table, "SELECT count(*) FROM " + table, List.of(), rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    private static double megabytes(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum() / 1e6;
        }
    }

    private static long folders(Path dir) throws IOException {
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(Files::isDirectory).count();
        }
    }

    static {
        // The export logs a line per run: a year of them says nothing here.
        System.setProperty("org.slf4j.simpleLogger.log.identity-sync", "warn");
    }
}
