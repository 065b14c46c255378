package io.identitysync.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The targets of issue 16, judged on a sync benchmark's rows (the SQLite ones; PostgreSQL has its own note). */
final class BenchTargets {

    private BenchTargets() {
    }

    /** Adds a verdict for each target the rows measure. */
    static void judge(BenchTable table) {
        List<Map<String, String>> rows = table.rows;
        List<Double> starts = new ArrayList<>();
        double worstOverhead = 0;
        for (Map<String, String> r : rows) {
            String source = r.get("source");
            if (!source.startsWith("factorial ") || source.endsWith(" pg") || r.get("run/floor").equals("-")) {
                continue;
            }
            String scenario = r.get("scenario");
            double runFloor = BenchTable.number(r, "run/floor");
            if (!source.endsWith(" all")) {
                if (scenario.equals("first sync")) {
                    table.target(source + " first sync ≤ 1.15× floor", runFloor <= 1.15, BenchTable.f(runFloor));
                    table.target(source + " ≤ 1.5 KB/user", BenchTable.number(r, "KB/user") <= 1.5, r.get("KB/user"));
                    table.target(source + " webhook delivery ≥ 5,000/s", BenchTable.number(r, "delivered/s") >= 5000, r.get("delivered/s") + "/s");
                } else if (scenario.equals("no-change re-sync") || scenario.startsWith("1% changed")) {
                    table.target(source + " " + scenario.replaceAll(" \\(.*", "") + " ≤ 1.10× floor", runFloor <= 1.10, BenchTable.f(runFloor));
                } else if (scenario.equals("incremental, no change") && source.matches("factorial \\d{6,}")) {
                    // The target is set at 100,000 people: below that, the fixed costs of a run outweigh 5% of the floor.
                    table.target(source + " incremental no-change ≤ 5 requests and ≤ 0.05× floor", BenchTable.number(r, "requests") <= 5
                            && runFloor <= 0.05, r.get("requests") + " requests, " + BenchTable.f(runFloor));
                } else if (scenario.equals("full after incrementals")) {
                    table.target(source + " full read after incrementals finds nothing", "0".equals(r.get("events")), r.get("events") + " events");
                }
            }
            if (!Double.isNaN(BenchTable.number(r, "start s"))) {
                starts.add(BenchTable.number(r, "start s"));
            }
            worstOverhead = Math.max(worstOverhead, BenchTable.number(r, "wall s") - BenchTable.number(r, "run s"));
        }
        noGrowth(table);
        if (!starts.isEmpty()) {
            Collections.sort(starts);
            double median = starts.get(starts.size() / 2);
            table.target("start-up ≤ 1.5 s to the first request", median <= 1.5, "median " + BenchTable.f(median) + " s, worst "
                    + BenchTable.f(starts.get(starts.size() - 1)) + " s");
            table.target("--once wall − run ≤ 2 s", worstOverhead <= 2, "worst " + BenchTable.f(worstOverhead) + " s");
        }
    }

    /** A no-change re-sync leaves the store the size it was. */
    private static void noGrowth(BenchTable table) {
        List<Map<String, String>> rows = table.rows;
        for (int i = 1; i < rows.size(); i++) {
            Map<String, String> r = rows.get(i);
            Map<String, String> before = rows.get(i - 1);
            if (r.get("scenario").equals("no-change re-sync") && !r.get("source").endsWith(" pg") && before.get("scenario").equals("first sync")) {
                // Pages in use, from the store once the first sync's deliveries were recorded (longer rows).
                double grew = BenchTable.number(r, "db used MB") - BenchTable.number(before, "db used MB delivered");
                table.target(r.get("source") + " no growth on a no-change re-sync", grew <= 0.01 * BenchTable.number(before, "db used MB"),
                        (grew >= 0 ? "+" : "") + BenchTable.f(grew) + " MB");
            }
        }
    }
}
