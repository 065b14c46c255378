package io.identitysync.observe;

import io.identitysync.store.Store;
import io.identitysync.store.identities.IdentityCounts;
import io.identitysync.store.outbox.Outbox;
import io.identitysync.store.quarantine.Quarantines;
import io.identitysync.store.runs.SyncRunRows;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus metrics per connector, beside Camel's own (served at /observe/metrics when management.enabled=true).
 * What the store knows (runs by status, last success, users and groups by status, webhook deliveries and backlog)
 * is read from it at scrape time, at most once per {@value #CACHE_MILLIS} ms; what happens in flight (pages, request
 * latency, 429s) is counted as it happens. Until a registry is bound (metrics off), recording does nothing.
 */
public final class IdentityMetrics {

    private static final long CACHE_MILLIS = 5_000;
    private static final List<String> RUN_STATUSES = List.of("succeeded", "failed", "refused", "running");

    private final Store store;
    private volatile MeterRegistry registry;
    private Map<String, Double> snapshot = Map.of();
    private long snapshotAt;

    public IdentityMetrics(Store store) {
        this.store = store;
    }

    /** Registers the store-backed gauges for these connectors, webhook endpoints and directories. */
    public synchronized void bind(MeterRegistry registry, List<String> connectors, List<String> endpoints, List<String> directories) {
        if (this.registry == registry) {
            return;
        }
        this.registry = registry;
        // Every identity_sync_* meter names the node it comes from; this one says which nodes there are.
        Gauge.builder("identity_sync_node", () -> 1).description("1: the node these metrics come from (its id in node)").tag("node", store.node()).register(registry);
        for (String connector : connectors) {
            for (String status : RUN_STATUSES) {
                gauge("identity_sync_runs", "sync runs in the store, by status", "runs|" + connector + "|" + status, "connector", connector, "status", status);
            }
            gauge("identity_sync_last_success_timestamp_seconds", "when the connector's last successful run finished",
                    "lastSuccess|" + connector, "connector", connector);
            gauge("identity_sync_last_read_timestamp_seconds", "when the connector's last run that read its source (succeeded, or refused by the guard) finished",
                    "lastRead|" + connector, "connector", connector);
            gauge("identity_sync_quarantined", "1 while the connector is quarantined (its key refused, or quarantine-after failed runs in a row)",
                    "quarantined|connector|" + connector, "connector", connector);
            for (String status : List.of("active", "pending", "disabled", "deleted")) {
                gauge("identity_sync_users", "users in the store, by status", "users|" + connector + "|" + status, "connector", connector, "status", status);
            }
            for (String status : List.of("present", "deleted")) {
                gauge("identity_sync_groups", "groups in the store, by status", "groups|" + connector + "|" + status, "connector", connector, "status", status);
            }
        }
        for (String endpoint : endpoints) {
            for (String status : List.of("pending", "delivered", "dead")) {
                gauge("identity_sync_webhook_deliveries", "webhook deliveries in the outbox, by status", "deliveries|" + endpoint + "|" + status,
                        "endpoint", endpoint, "status", status);
            }
            gauge("identity_sync_webhook_backlog", "deliveries waiting to be sent", "deliveries|" + endpoint + "|pending", "endpoint", endpoint);
        }
        for (String directory : directories) {
            for (String status : List.of("pending", "delivered", "dead")) {
                gauge("identity_sync_directory_changes", "changes queued for a directory, by status",
                        "deliveries|" + Outbox.DIRECTORY_PREFIX + directory + "|" + status, "directory", directory, "status", status);
            }
            gauge("identity_sync_directory_quarantined", "1 while the directory is quarantined (its key refused)",
                    "quarantined|directory|" + directory, "directory", directory);
            gauge("identity_sync_directory_backlog", "changes waiting to be pushed to a directory",
                    "deliveries|" + Outbox.DIRECTORY_PREFIX + directory + "|pending", "directory", directory);
        }
    }

    private void gauge(String name, String help, String key, String... tags) {
        Gauge.builder(name, this, m -> m.value(key)).description(help).tags(tags).tag("node", store.node()).register(registry);
    }

    /** A page answered: counts it and its latency. */
    public void pageFetched(String connector, Duration latency) {
        MeterRegistry r = registry;
        if (r != null) {
            Counter.builder("identity_sync_pages_fetched").description("pages read from the source").tag("connector", connector).tag("node", store.node()).register(r).increment();
            Timer.builder("identity_sync_request").description("source request latency").tag("connector", connector).tag("node", store.node()).register(r).record(latency);
        }
    }

    /** Rows the store's retention removed, by kind (events, deliveries, runs, notifications, staging, export_folders). */
    public void pruned(String kind, long rows) {
        MeterRegistry r = registry;
        if (r != null && rows > 0) {
            Counter.builder("identity_sync_pruned").description("rows (or export folders) removed by retention").tag("kind", kind).tag("node", store.node())
                    .register(r).increment(rows);
        }
    }

    public void rateLimited(String connector) {
        MeterRegistry r = registry;
        if (r != null) {
            Counter.builder("identity_sync_rate_limited").description("429 answers from the source").tag("connector", connector).tag("node", store.node()).register(r).increment();
        }
    }

    private synchronized double value(String key) {
        if (System.currentTimeMillis() - snapshotAt > CACHE_MILLIS) {
            snapshot = read();
            snapshotAt = System.currentTimeMillis();
        }
        return snapshot.getOrDefault(key, 0.0);
    }

    private Map<String, Double> read() {
        Map<String, Double> out = new HashMap<>();
        try {
            SyncRunRows.countsByStatus(store).forEach((key, n) -> out.put("runs|" + key, n.doubleValue()));
            IdentityCounts.byStatus(store).forEach((key, n) -> out.put(key, n.doubleValue()));
            new Outbox(store).counts(List.of()).forEach((endpoint, byStatus) ->
                    byStatus.forEach((status, n) -> out.put("deliveries|" + endpoint + "|" + status, n.doubleValue())));
            SyncRunRows.lastSuccess(store).forEach((connector, at) -> out.put("lastSuccess|" + connector, at.toEpochMilli() / 1000.0));
            SyncRunRows.lastRead(store).forEach((connector, at) -> out.put("lastRead|" + connector, at.toEpochMilli() / 1000.0));
            Quarantines.all(store).forEach(q -> out.put("quarantined|" + q.kind() + "|" + q.name(), 1.0));
        } catch (RuntimeException e) {
            return snapshot;
        }
        return out;
    }
}
