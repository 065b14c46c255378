package io.identitysync.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The sync benchmark's table: one row per case, its notes, and a last line with each target, met or not. */
final class BenchTable {

    static final List<String> COLUMNS = List.of("source", "scenario", "wall s", "start s", "run s", "pages", "requests", "users/s", "run/floor",
            "peak heap MB", "peak RSS MB", "events", "deliveries", "delivered/s", "429s", "db MB", "KB/user");

    final List<Map<String, String>> rows = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    private final List<String> verdicts = new ArrayList<>();

    static Map<String, String> row(String what, String scenario) {
        Map<String, String> row = new LinkedHashMap<>();
        for (String c : COLUMNS) {
            row.put(c, "-");
        }
        row.put("source", what);
        row.put("scenario", scenario);
        return row;
    }

    /** A target and whether this run met it: the last line lists them all. */
    void target(String target, boolean met, String figure) {
        verdicts.add(target + " " + (met ? "met" : "NOT met") + " (" + figure + ")");
    }

    void print(String xmx) {
        Map<String, Integer> width = new LinkedHashMap<>();
        for (String c : COLUMNS) {
            width.put(c, c.length());
            for (Map<String, String> r : rows) {
                width.put(c, Math.max(width.get(c), r.get(c).length()));
            }
        }
        StringBuilder header = new StringBuilder();
        for (String c : COLUMNS) {
            header.append(String.format(Locale.ROOT, "%-" + width.get(c) + "s  ", c));
        }
        System.out.println(header.toString().stripTrailing());
        for (Map<String, String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (String c : COLUMNS) {
                line.append(String.format(Locale.ROOT, "%-" + width.get(c) + "s  ", r.get(c)));
            }
            System.out.println(line.toString().stripTrailing());
        }
        System.out.println();
        System.out.println("wall s: the whole --once process (JVM start, Camel start, run, exit); start s: from the process start to its first");
        System.out.println("request to the source; run s: sync_runs started_at → finished_at (read, map, stage, commit; not the export files).");
        System.out.println("run/floor compares run s with the fetch floor (Teamtailor: with requests ÷ allowed rate). requests: to the source.");
        System.out.println("events/deliveries: identity events of the run and their outbox rows; delivered/s: draining them to the local");
        System.out.println("receiver afterwards. Peak heap from -Xlog:gc of the child (-Xmx" + xmx + "); RSS from VmHWM. KB/user: the store after the run.");
        notes.forEach(n -> System.out.println("note: " + n));
        System.out.println("targets: " + (verdicts.isEmpty() ? "none measured" : String.join("; ", verdicts)));
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static double number(Map<String, String> row, String column) {
        try {
            return Double.parseDouble(row.get(column).replaceAll(" .*", ""));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
