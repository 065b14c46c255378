package io.identitysync.store;

import io.identitysync.config.Checks;
import io.identitysync.config.Settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * store.url: a SQLite URL whose file can be created or written, or a PostgreSQL URL (reached at start, by the
 * migration); the pool, the cluster's timings and what the store keeps. store.encryption-secret is the secrets' own
 * (SecretChecks).
 */
public final class StoreChecks {

    private StoreChecks() {
    }

    public static void check(Checks checks) {
        checkCluster(checks);
        checkRetention(checks);
        String url = checks.settings().get("store.url");
        Dialect dialect = Dialect.of(url);
        if (dialect == null) {
            checks.add("store.url", "must be a jdbc:sqlite: or jdbc:postgresql: URL, was '" + Store.masked(url) + "'");
            return;
        }
        if (dialect == Dialect.POSTGRESQL) {
            checkPool(checks);
            return;
        }
        Path file = Store.fileOf(url);
        if (file == null) {
            return;
        }
        Path dir = Checks.nearestExisting(file.toAbsolutePath().getParent());
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            checks.add("store.url", "the folder of " + file + " cannot be created or written");
        } else if (Files.exists(file) && (!Files.isRegularFile(file) || !Files.isWritable(file))) {
            checks.add("store.url", file + " is not a writable file");
        }
    }

    private static void checkPool(Checks checks) {
        int before = checks.problems().size();
        checks.range("store.pool-size", 2, 999);
        checks.duration("store.connect-timeout");
        checks.range("cluster.scheduler-threads", 1, 100);
        checks.range("cluster.scheduler-batch-size", 1, 100);
        checks.duration("cluster.scheduler-fire-ahead");
        checks.duration("cluster.misfire-threshold");
        Settings s = checks.settings();
        if (checks.problems().size() == before && Integer.parseInt(s.get("cluster.scheduler-batch-size")) > Integer.parseInt(s.get("cluster.scheduler-threads"))) {
            checks.add("cluster.scheduler-batch-size", "must be at most cluster.scheduler-threads (" + s.get("cluster.scheduler-threads")
                    + "), was " + s.get("cluster.scheduler-batch-size"));
        }
        if (checks.problems().size() == before && s.duration("cluster.misfire-threshold").toMillis() < 1000) {
            checks.add("cluster.misfire-threshold", "must be at least 1s, was " + s.get("cluster.misfire-threshold"));
        }
    }

    /** A node must be able to miss a check-in or two before the others count it dead. */
    private static void checkCluster(Checks checks) {
        Settings s = checks.settings();
        int before = checks.problems().size();
        checks.duration("cluster.checkin-interval");
        checks.duration("cluster.node-timeout");
        if (checks.problems().size() == before && s.duration("cluster.checkin-interval").isZero()) {
            checks.add("cluster.checkin-interval", "must be more than 0");
        } else if (checks.problems().size() == before && s.duration("cluster.node-timeout").compareTo(s.duration("cluster.checkin-interval").multipliedBy(2)) < 0) {
            checks.add("cluster.node-timeout", "must be at least twice cluster.checkin-interval (" + s.get("cluster.checkin-interval")
                    + "), was " + s.get("cluster.node-timeout"));
        }
    }

    /** What the store keeps: at least a day of events (a receiver down over a weekend still finds them), summaries at least as long. */
    private static void checkRetention(Checks checks) {
        Settings s = checks.settings();
        Duration events = within(checks, "store.retention", Duration.ofDays(1), Duration.ofDays(3650));
        Duration runs = within(checks, "store.run-retention", Duration.ofDays(1), Duration.ofDays(3650));
        if (events != null && runs != null && runs.compareTo(events) < 0) {
            checks.add("store.run-retention", "must be at least store.retention (" + s.get("store.retention") + "): run summaries outlive "
                    + "their details, was " + s.get("store.run-retention"));
        }
        within(checks, "store.prune-interval", Duration.ofSeconds(1), Duration.ofDays(7));
        checks.range("files.keep", 1, 100_000);
    }

    /** The duration of {@code key} when it is one and within bounds, else null (and a problem). */
    private static Duration within(Checks checks, String key, Duration min, Duration max) {
        try {
            Duration d = checks.settings().duration(key);
            if (d.compareTo(min) >= 0 && d.compareTo(max) <= 0) {
                return d;
            }
            checks.add(key, "must be between " + Checks.describe(min) + " and " + Checks.describe(max) + ", was " + checks.settings().get(key));
        } catch (IllegalArgumentException e) {
            checks.add(key, e.getMessage());
        }
        return null;
    }
}
