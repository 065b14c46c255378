package io.identitysync.run;

import io.identitysync.config.Settings;
import io.identitysync.observe.IdentityMetrics;
import io.identitysync.store.Store;
import io.identitysync.store.cluster.Leases;
import io.identitysync.store.retention.Retention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/** The store-prune route's bean: one node at a time prunes (a lease), says what it removed, and counts it. */
public final class StorePruner {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");
    private static final String LEASE = "prune";

    private final Retention retention;
    private final Leases leases;
    private final IdentityMetrics metrics;

    public StorePruner(Store store, Settings settings, IdentityMetrics metrics) {
        this.retention = new Retention(store, settings.duration("store.retention"), settings.duration("store.run-retention"));
        this.leases = new Leases(store);
        this.metrics = metrics;
    }

    public void prune() {
        long fence = leases.claim(LEASE);
        if (fence < 0) {
            return;
        }
        try {
            Retention.Pruned pruned = retention.prune(Instant.now());
            pruned.rows().forEach(metrics::pruned);
            if (pruned.total() > 0 || pruned.bytesReclaimed() > 0) {
                LOG.info("store: pruned {} ({} MB given back) in {} ms", pruned.rows(), pruned.bytesReclaimed() / (1024 * 1024), pruned.millis());
            }
        } finally {
            leases.release(LEASE, fence);
        }
    }
}
