package io.identitysync.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the fleet's runs table says: each run is matched to the fire it belongs to (its tenant's latest cron slot at or
 * before its start), then fire→start, each node's share, runs late (fire→start past the 10 s target) or doubled (two
 * runs of one fire), whether every tenant ran in every period, and how the killed node's work moved.
 */
final class FleetReport {

    private static final long LATE_MS = 10_000;

    private record Run(String tenant, String node, String status, long fire, long start, int period) {
    }

    private final List<Run> runs = new ArrayList<>();
    private final List<Run> everything = new ArrayList<>();
    private final int tenants;
    private final long periodMs;
    private final long first;
    private final int periods;
    private final String killed;
    private final Instant killedAt;

    FleetReport(String url, int tenants, int period, long first, int periods, String killed, Instant killedAt) throws Exception {
        this.tenants = tenants;
        this.periodMs = period * 1000L;
        this.first = first;
        this.periods = periods;
        this.killed = killed;
        this.killedAt = killedAt;
        Map<String, Long> offsets = new HashMap<>();
        for (int i = 0; i < tenants; i++) {
            offsets.put(FleetBench.tenant(i), FleetBench.offset(i, tenants, period));
        }
        try (Connection c = DriverManager.getConnection(url);
             ResultSet rs = c.createStatement().executeQuery("SELECT connector, node, status, started_at FROM sync_runs")) {
            while (rs.next()) {
                long start = Instant.parse(rs.getString("started_at")).toEpochMilli();
                long offset = offsets.get(rs.getString("connector"));
                long fire = Math.floorDiv(start - offset, periodMs) * periodMs + offset;
                int k = (int) Math.floorDiv(fire - first, periodMs);
                Run run = new Run(rs.getString("connector"), rs.getString("node"), rs.getString("status"), fire, start, k);
                everything.add(run);
                if (k >= 0 && k < periods) {
                    runs.add(run);
                }
            }
        }
    }

    void print() {
        List<Long> delays = new ArrayList<>(runs.stream().map(r -> r.start - r.fire).toList());
        Collections.sort(delays);
        System.out.printf("fleet: %d runs in %d periods; fire→start p50 %.2f s, p95 %.2f s, max %.2f s (target p95 ≤ 10 s)%n",
                runs.size(), periods, pct(delays, 50), pct(delays, 95), delays.isEmpty() ? 0 : delays.get(delays.size() - 1) / 1000.0);

        Map<String, Integer> share = new TreeMap<>();
        runs.forEach(r -> share.merge(r.node, 1, Integer::sum));
        StringBuilder shares = new StringBuilder();
        share.forEach((node, n) -> shares.append(String.format(" %s %d (%.0f%%)", node, n, 100.0 * n / runs.size())));
        int most = share.values().stream().max(Integer::compare).orElse(0);
        System.out.printf("fleet: share:%s; most on one node %.0f%% (target ≤ 50%%)%n", shares, 100.0 * most / Math.max(1, runs.size()));

        // Doubled: a fire that ran to the end twice. A fire whose run the kill cut and that ran again elsewhere (a
        // recovered Quartz job) is a re-run, counted apart.
        Map<String, Integer> perFire = new HashMap<>();
        Map<String, Integer> allPerFire = new HashMap<>();
        runs.forEach(r -> {
            allPerFire.merge(r.tenant + "@" + r.fire, 1, Integer::sum);
            if (r.status.equals("succeeded")) {
                perFire.merge(r.tenant + "@" + r.fire, 1, Integer::sum);
            }
        });
        long doubled = perFire.values().stream().filter(n -> n > 1).count();
        long rerun = allPerFire.entrySet().stream().filter(e -> e.getValue() > 1 && perFire.getOrDefault(e.getKey(), 0) == 1).count();
        long late = runs.stream().filter(r -> r.start - r.fire > LATE_MS).count();
        Map<String, Long> statuses = new TreeMap<>();
        runs.forEach(r -> statuses.merge(r.status, 1L, Long::sum));
        System.out.printf("fleet: runs late (fire→start > 10 s) %d, doubled (one fire succeeded twice) %d, re-run (a cut run, then one that "
                + "succeeded) %d; by status %s%n", late, doubled, rerun, statuses);

        boolean all = true;
        for (int k = 0; k < periods; k++) {
            TreeSet<String> missed = new TreeSet<>();
            for (int i = 0; i < tenants; i++) {
                missed.add(FleetBench.tenant(i));
            }
            for (Run r : runs) {
                if (r.period == k && r.status.equals("succeeded")) {
                    missed.remove(r.tenant);
                }
            }
            all &= missed.isEmpty();
            for (String t : missed.stream().limit(3).toList()) {
                System.out.printf("fleet:   %s's runs: %s%n", t, everything.stream().filter(r -> r.tenant.equals(t))
                        .map(r -> String.format("period %d %s on %s %.1f s after its fire", r.period + 1, r.status, r.node, (r.start - r.fire) / 1000.0)).toList());
            }
            System.out.printf("fleet: period %d: %s%n", k + 1, missed.isEmpty() ? "every tenant ran (succeeded)"
                    : missed.size() + " tenants without a successful run: " + (missed.size() > 20 ? List.copyOf(missed).subList(0, 20) + "…" : missed));
        }
        System.out.printf("fleet: every tenant ran in every period: %s%n", all ? "yes" : "no");
        failover();
    }

    /**
     * The killed node's work: its runs cut short, when their tenants next ran elsewhere, and how late the fires due
     * in the period after the kill started (the triggers it had acquired wait until Quartz finds it dead).
     */
    private void failover() {
        if (killedAt == null) {
            return;
        }
        long kill = killedAt.toEpochMilli();
        List<Run> cut = runs.stream().filter(r -> r.node.equals(killed) && r.start <= kill && !r.status.equals("succeeded")).toList();
        long rerun = -1;
        List<String> neverAgain = new ArrayList<>();
        for (Run c : cut) {
            long next = runs.stream().filter(r -> r.tenant.equals(c.tenant) && r.start > kill && r.status.equals("succeeded"))
                    .mapToLong(Run::start).min().orElse(-1);
            if (next < 0) {
                neverAgain.add(c.tenant);
            } else {
                rerun = Math.max(rerun, next - kill);
            }
        }
        long lastLate = runs.stream().filter(r -> r.fire >= kill - LATE_MS && r.fire < kill + periodMs && r.start - r.fire > LATE_MS)
                .mapToLong(r -> r.start - kill).max().orElse(0);
        List<Long> after = new ArrayList<>(runs.stream().filter(r -> r.fire >= kill && r.fire < kill + periodMs).map(r -> r.start - r.fire).toList());
        Collections.sort(after);
        System.out.printf("fleet: failover: %s killed with %d runs going (%s); their tenants ran again on another node within %s of the kill%s; "
                        + "fires in the %d s after the kill: fire→start p95 %.2f s, max %.2f s; the last late run started %.1f s after the kill%n",
                killed, cut.size(), cut.stream().map(Run::tenant).toList(), rerun < 0 ? "-" : String.format("%.1f s", rerun / 1000.0),
                neverAgain.isEmpty() ? "" : " (not again in the measured periods: " + neverAgain + ")", periodMs / 1000,
                pct(after, 95), after.isEmpty() ? 0 : after.get(after.size() - 1) / 1000.0, lastLate / 1000.0);
    }

    private static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, i)) / 1000.0;
    }
}
