package io.identitysync.observe;

import io.identitysync.store.Store;
import io.identitysync.store.runs.SyncRunRows;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/** Readiness: the store answers a query. Without it nothing can be staged, committed or delivered. */
public final class StoreHealthCheck extends AbstractHealthCheck {

    private final Store store;

    public StoreHealthCheck(Store store) {
        super("identity-sync", "store");
        this.store = store;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("store.url", Store.masked(store.url()));
        builder.detail("node", store.node());
        try {
            SyncRunRows.connectors(store);
            builder.up();
        } catch (Exception e) {
            builder.message("the store cannot be read: " + e.getMessage()).down();
        }
    }
}
