package io.identitysync.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.cli.support.Context;
import io.identitysync.cli.support.SecretSources;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.webhooks.WebhookEndpoint;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.cluster.Nodes;
import io.identitysync.store.identities.IdentityCounts;
import io.identitysync.store.outbox.Outbox;
import io.identitysync.store.quarantine.Pauses;
import io.identitysync.store.quarantine.Quarantines;
import io.identitysync.store.runs.SyncRunRows;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code status}: each connector's last runs, the webhook backlog and the directories' queues, straight from the store, for an operator
 * without Prometheus. Reads only; safe beside a running service.
 */
@Command(name = "status", header = "Each connector's last runs, the nodes, the webhook and directory backlogs.",
        description = {"Each connector's last runs, the nodes sharing the store, the webhook backlog and the directories' "
        + "queues, straight from the store. Reads only; safe beside a running service."})
final class StatusCommand implements Callable<Integer> {

    private static final int RUNS = 5;

    private final Context context;

    StatusCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Settings settings = context.settings();
        try (Store store = Store.open(settings).migrate()) {
            return report(store, settings, context.out());
        } catch (StoreException e) {
            context.err().println("configuration error: store.url: " + e.getMessage());
            return IdentitySync.BAD_CONFIGURATION;
        }
    }

    private static int report(Store store, Settings settings, PrintStream out) {
        Set<String> connectors = new LinkedHashSet<>();
        Connectors.enabled(settings).forEach(c -> connectors.add(c.id()));
        connectors.addAll(SyncRunRows.connectors(store));
        out.println("store: " + Store.masked(settings.get("store.url")));
        if (connectors.isEmpty()) {
            out.println("no connector is enabled and the store has no runs yet");
        }
        nodes(store, out);
        quarantines(store, out);
        Map<String, Long> counts = IdentityCounts.byStatus(store);
        for (String connector : connectors) {
            out.println();
            long pending = count(counts, connector, "pending");
            out.println(connector + " (" + count(counts, connector, "active") + " active, " + (pending > 0 ? pending + " pending, " : "")
                    + count(counts, connector, "disabled") + " disabled, " + count(counts, connector, "deleted") + " deleted users):");
            runs(store, connector, out);
        }
        out.println();
        out.println("webhooks:");
        Outbox outbox = new Outbox(store);
        Map<String, Map<String, Integer>> deliveries = outbox.counts(WebhookEndpoint.all(settings).stream().map(WebhookEndpoint::id).toList());
        if (deliveries.keySet().stream().allMatch(Outbox::isDirectory)) {
            out.println("  no endpoint configured and no deliveries stored");
        }
        deliveries.forEach((endpoint, byStatus) -> {
            if (!Outbox.isDirectory(endpoint)) {
                backlog(outbox, WebhookEndpoint.withoutQuery(endpoint), endpoint, byStatus, out);
            }
        });
        List<DirectoryConfig> directories = DirectoryConfig.all(settings);
        Map<String, Map<String, Integer>> changes = outbox.counts(directories.stream().map(DirectoryConfig::endpoint).toList());
        if (changes.keySet().stream().anyMatch(Outbox::isDirectory)) {
            out.println();
            out.println("directories:");
            changes.forEach((endpoint, byStatus) -> {
                if (Outbox.isDirectory(endpoint)) {
                    backlog(outbox, endpoint.substring(Outbox.DIRECTORY_PREFIX.length()), endpoint, byStatus, out);
                }
            });
        }
        out.println();
        SecretSources.text(settings, out);
        return IdentitySync.OK;
    }

    /** The nodes that shared the store in the last day: alive, stopped, or silent (dead after cluster.node-timeout). */
    private static void nodes(Store store, PrintStream out) {
        Nodes nodes = new Nodes(store, store.nodeTimeout());
        List<Nodes.Node> recent = nodes.recent();
        if (recent.isEmpty()) {
            return;
        }
        out.println("nodes:");
        for (Nodes.Node n : recent) {
            String state = n.stoppedAt() != null ? "stopped " + n.stoppedAt() : nodes.alive(n) ? "alive" : "silent (dead)";
            out.printf("  %-40s last check-in %s  %s%n", n.id(), n.checkedInAt(), state);
        }
    }

    /**
     * What is paused (by whom, why), then what is quarantined and the error (in the vendor's words) that put it there:
     * first, as the operator's first concern.
     */
    private static void quarantines(Store store, PrintStream out) {
        List<Pauses.Pause> paused = Pauses.all(store);
        if (!paused.isEmpty()) {
            out.println("paused:");
            paused.forEach(p -> out.printf("  %s %s since %s by %s: %s%n", p.kind(), p.name(), p.since(), p.by(), p.reason()));
        }
        List<Quarantines.Quarantine> all = Quarantines.all(store);
        if (all.isEmpty()) {
            return;
        }
        out.println("quarantined:");
        for (Quarantines.Quarantine q : all) {
            out.printf("  %s %s since %s (%s): %s%n", q.kind(), q.name(), q.since(), q.reason().equals(Quarantines.CREDENTIAL) ? "key refused"
                    : q.failures() + " failed runs in a row", q.lastError());
        }
    }

    private static void backlog(Outbox outbox, String label, String endpoint, Map<String, Integer> byStatus, PrintStream out) {
        String oldest = outbox.oldestPending(endpoint);
        out.printf("  %-48s pending %d, delivered %d, dead %d%s%n", label, byStatus.getOrDefault("pending", 0),
                byStatus.getOrDefault("delivered", 0), byStatus.getOrDefault("dead", 0), oldest == null ? "" : ", oldest pending since " + oldest);
    }

    private static long count(Map<String, Long> counts, String connector, String status) {
        return counts.getOrDefault("users|" + connector + "|" + status, 0L);
    }

    private static void runs(Store store, String connector, PrintStream out) {
        List<ObjectNode> runs = SyncRunRows.recent(store, connector, RUNS);
        if (runs.isEmpty()) {
            out.println("  no runs yet");
        }
        for (ObjectNode run : runs) {
            String started = run.path("started_at").asText();
            String took = run.path("finished_at").isNull() ? "still running"
                    : String.format("%.1fs", Duration.between(Instant.parse(started), Instant.parse(run.path("finished_at").asText())).toMillis() / 1000.0);
            out.printf("  %s  %-9s %7s  %4d pages  %6d users seen  +%d ~%d -%d  %d skipped  %s%n", started, run.path("status").asText(), took,
                    run.path("pages").asInt(), run.path("users_seen").asInt(), run.path("created").asInt(), run.path("updated").asInt(),
                    run.path("deleted").asInt(), run.path("skipped").asInt(), run.path("id").asText()
                    + (run.path("node").isNull() ? "" : " on " + run.path("node").asText()));
            if (!run.path("error").isNull()) {
                out.println("      " + run.path("error").asText());
            }
        }
    }
}
