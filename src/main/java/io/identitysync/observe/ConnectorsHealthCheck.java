package io.identitysync.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.Store;
import io.identitysync.store.quarantine.Quarantines;
import io.identitysync.store.runs.SyncRunRows;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Readiness (unless management.readiness-includes-runs=false, when it is only shown on /observe/health): the last finished run of every enabled connector succeeded. A connector that has not run yet is not a
 * failure; one whose last run failed or was refused makes the service not ready, naming the connector and why. A
 * quarantined connector or directory is named with the error that quarantined it.
 */
public final class ConnectorsHealthCheck extends AbstractHealthCheck {

    private final Store store;
    private final List<String> connectors;
    private final boolean readiness;

    public ConnectorsHealthCheck(Store store, List<String> connectors, boolean readiness) {
        super("identity-sync", "connectors");
        this.store = store;
        this.connectors = connectors;
        this.readiness = readiness;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return readiness;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> failing = new ArrayList<>();
        try {
            for (String connector : connectors) {
                ObjectNode last = SyncRunRows.lastFinished(store, connector);
                if (last == null) {
                    builder.detail(connector + ".last_run", "not run yet");
                    continue;
                }
                String status = last.path("status").asText();
                builder.detail(connector + ".last_run", status);
                builder.detail(connector + ".finished_at", last.path("finished_at").asText(null));
                if (status.equals("failed") || status.equals("refused")) {
                    failing.add(connector + ": " + last.path("error").asText(null));
                }
            }
            for (Quarantines.Quarantine q : Quarantines.all(store)) {
                builder.detail(q.kind() + "." + q.name() + ".quarantined_since", q.since());
                failing.add(q.kind() + " " + q.name() + " quarantined since " + q.since() + ": " + q.lastError());
            }
        } catch (Exception e) {
            builder.message("the store cannot be read: " + e.getMessage()).down();
            return;
        }
        if (failing.isEmpty()) {
            builder.up();
        } else {
            builder.message("last run not succeeded: " + String.join("; ", failing)).down();
        }
    }
}
