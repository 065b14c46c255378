package io.identitysync.run;

import io.identitysync.config.Settings;
import io.identitysync.store.Dialect;
import io.identitysync.store.Store;
import io.identitysync.store.cluster.Leases;
import io.identitysync.store.cluster.Nodes;
import io.identitysync.store.outbox.Routing;
import io.identitysync.store.runs.SyncRunRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * This node's part in the cluster: it checks in every cluster.checkin-interval, renews the leases it holds, and
 * fails the runs that a dead node (silent for cluster.node-timeout) left running. On SQLite there is one node: at
 * its start, every run left running and every lease held belong to a process that died.
 */
public final class NodeHeartbeat implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");
    static final String DEAD_NODE = "interrupted: node %s stopped checking in during the run; nothing was applied";

    private final Store store;
    private final Routing routing;
    private final Nodes nodes;
    private final Leases leases;
    private final long intervalMillis;
    private final boolean dryRun;
    private volatile Supplier<Set<String>> active = Set::of;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "node-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public NodeHeartbeat(Store store, Settings settings, Routing routing) {
        this.store = store;
        this.routing = routing;
        this.nodes = new Nodes(store, store.nodeTimeout());
        this.leases = new Leases(store);
        this.intervalMillis = settings.duration("cluster.checkin-interval").toMillis();
        this.dryRun = settings.bool("sync.dry-run");
    }

    /** Checks in, recovers what dead processes left, and keeps checking in. */
    public NodeHeartbeat start() {
        nodes.checkIn();
        if (store.dialect() == Dialect.SQLITE) {
            if (!dryRun) {
                // A dry run writes no event: the sync.failed of a run a dead process left waits for a real start.
                SyncRunRows.failInterrupted(store, routing, "interrupted: the process stopped before the run finished; nothing was applied");
            }
            Leases.releaseAll(store);
        } else {
            failOrphanedRuns();
        }
        timer.scheduleWithFixedDelay(this::beat, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    private void beat() {
        try {
            nodes.checkIn();
            leases.renewAll();
            failOrphanedRuns();
        } catch (RuntimeException e) {
            // A store that is away for a moment: the next beat tries again; readiness reports it meanwhile.
            LOG.warn("node {}: check-in failed: {}", store.node(), e.getMessage());
        }
    }

    /** The runs this node has going: the heartbeat leaves those alone. */
    public void watch(Supplier<Set<String>> active) {
        this.active = active;
    }

    private void failOrphanedRuns() {
        if (dryRun) {
            return;
        }
        Set<String> orphaned = nodes.orphanedRuns(active.get());
        if (!orphaned.isEmpty()) {
            for (String runId : orphaned) {
                String node = SyncRunRows.json(store, runId).path("node").asText("?");
                if (node.equals(store.node())) {
                    int failed = SyncRunRows.failInterrupted(store, routing, "failed: the store could not record the outcome when the run "
                            + "ended; nothing was applied", runId::equals);
                    if (failed > 0) {
                        LOG.warn("node {}: run {} recorded as failed now that the store answers", store.node(), runId);
                    }
                    continue;
                }
                int failed = SyncRunRows.failInterrupted(store, routing, String.format(DEAD_NODE, node), runId::equals);
                if (failed > 0) {
                    LOG.warn("node {}: run {} of node {} failed: that node stopped checking in", store.node(), runId, node);
                }
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            leases.releaseMine();
            nodes.stopped();
        } catch (RuntimeException e) {
            LOG.warn("node {}: cannot record the stop: {}", store.node(), e.getMessage());
        }
    }
}
