package io.identitysync.observe;

import io.identitysync.store.Store;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Readiness: the last finished run of every enabled connector succeeded. A connector that has not run yet is not a
 * failure; one whose last run failed or was refused makes the service not ready, naming the connector and why.
 */
public final class ConnectorsHealthCheck extends AbstractHealthCheck {

    private final Store store;
    private final List<String> connectors;

    public ConnectorsHealthCheck(Store store, List<String> connectors) {
        super("identity-sync", "connectors");
        this.store = store;
        this.connectors = connectors;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> failing = new ArrayList<>();
        try (Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("SELECT status, error, finished_at FROM sync_runs WHERE connector = ? "
                     + "AND status <> 'running' ORDER BY started_at DESC LIMIT 1")) {
            for (String connector : connectors) {
                ps.setString(1, connector);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        builder.detail(connector + ".last_run", "not run yet");
                        continue;
                    }
                    String status = rs.getString(1);
                    builder.detail(connector + ".last_run", status);
                    builder.detail(connector + ".finished_at", rs.getString(3));
                    if (status.equals("failed") || status.equals("refused")) {
                        failing.add(connector + ": " + rs.getString(2));
                    }
                }
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
