package io.identitysync;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.destinations.webhooks.WebhookEndpoint;
import io.identitysync.destinations.webhooks.WebhookOutbox;
import io.identitysync.store.Store;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code status}: each connector's last runs and the webhook backlog, straight from the store, for an operator
 * without Prometheus. Reads only; safe beside a running service.
 */
final class StatusCommand {

    private static final int RUNS = 5;

    private StatusCommand() {
    }

    static int run(Settings settings, PrintStream out) throws SQLException {
        Store store = new Store(settings.get("store.url")).migrate();
        Set<String> connectors = new LinkedHashSet<>();
        Connectors.enabled(settings).forEach(c -> connectors.add(c.id()));
        try (Connection c = store.connect()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT connector FROM sync_runs ORDER BY connector");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    connectors.add(rs.getString(1));
                }
            }
            out.println("store: " + settings.get("store.url"));
            if (connectors.isEmpty()) {
                out.println("no connector is enabled and the store has no runs yet");
            }
            for (String connector : connectors) {
                out.println();
                out.println(connector + " (" + users(c, connector) + "):");
                runs(c, connector, out);
            }
        }
        out.println();
        out.println("webhooks:");
        Map<String, Map<String, Integer>> counts = new WebhookOutbox(store, WebhookEndpoint.all(settings)).counts();
        if (counts.isEmpty()) {
            out.println("  no endpoint configured and no deliveries stored");
        }
        counts.forEach((endpoint, byStatus) -> out.printf("  %-48s pending %d, delivered %d, dead %d%s%n", WebhookEndpoint.withoutQuery(endpoint),
                byStatus.getOrDefault("pending", 0), byStatus.getOrDefault("delivered", 0), byStatus.getOrDefault("dead", 0),
                oldestPending(store, endpoint)));
        return IdentitySync.OK;
    }

    private static String users(Connection c, String connector) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT sum(deleted_at IS NULL AND status = 'active'), "
                + "sum(deleted_at IS NULL AND status = 'disabled'), sum(deleted_at IS NOT NULL) FROM users WHERE connector = ?")) {
            ps.setString(1, connector);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) + " active, " + rs.getInt(2) + " disabled, " + rs.getInt(3) + " deleted users";
            }
        }
    }

    private static void runs(Connection c, String connector, PrintStream out) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, started_at, finished_at, status, pages, users_seen, created, updated, "
                + "deleted, skipped, error FROM sync_runs WHERE connector = ? ORDER BY started_at DESC LIMIT " + RUNS)) {
            ps.setString(1, connector);
            try (ResultSet rs = ps.executeQuery()) {
                boolean any = false;
                while (rs.next()) {
                    any = true;
                    String took = rs.getString(3) == null ? "still running"
                            : String.format("%.1fs", Duration.between(Instant.parse(rs.getString(2)), Instant.parse(rs.getString(3))).toMillis() / 1000.0);
                    out.printf("  %s  %-9s %7s  %4d pages  %6d users seen  +%d ~%d -%d  %d skipped  %s%n", rs.getString(2), rs.getString(4), took,
                            rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getString(1));
                    if (rs.getString(11) != null) {
                        out.println("      " + rs.getString(11));
                    }
                }
                if (!any) {
                    out.println("  no runs yet");
                }
            }
        }
    }

    private static String oldestPending(Store store, String endpoint) {
        try (Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("SELECT min(e.created_at) FROM webhook_deliveries d JOIN events e ON e.id = d.event_id "
                     + "WHERE d.endpoint = ? AND d.status = 'pending'")) {
            ps.setString(1, endpoint);
            try (ResultSet rs = ps.executeQuery()) {
                String oldest = rs.next() ? rs.getString(1) : null;
                return oldest == null ? "" : ", oldest pending since " + oldest;
            }
        } catch (SQLException e) {
            return "";
        }
    }
}
