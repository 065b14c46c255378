package io.identitysync.destinations.custom;

import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.SyncRunRows;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * What integrators' own routes (routes.dir) can consume, after each run, without touching ours:
 * <ul>
 * <li>{@value #EVENTS}: one message per committed event of the run, in event order; the body is the event exactly as
 * webhooks get it (JSON text), with headers IdentitySyncEventId, IdentitySyncEventType, IdentitySyncConnector and
 * IdentitySyncRunId;</li>
 * <li>{@value #RUNS}: one message per run, whatever its outcome; the body is the sync_runs row as JSON, with headers
 * IdentitySyncConnector, IdentitySyncRunId and IdentitySyncRunStatus.</li>
 * </ul>
 * Consume them with {@code from: uri: "seda:identity-sync-events?multipleConsumers=true"} (any number of routes).
 * Delivery is in process and best effort: a consumer's failure is logged and never undoes the run; receivers that
 * need delivery that survives restarts use a webhook endpoint.
 */
public final class CustomRoutesFeed {

    public static final String EVENTS = "seda:identity-sync-events";
    public static final String RUNS = "seda:identity-sync-runs";
    private static final String OPTIONS = "?multipleConsumers=true&waitForTaskToComplete=Never&blockWhenFull=true";
    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");

    private final Store store;
    private ProducerTemplate producer;

    public CustomRoutesFeed(Store store) {
        this.store = store;
    }

    /** Route entry, after the commit: the run's events, then the run itself. */
    public void publish(Exchange exchange) {
        CamelContext context = exchange.getContext();
        boolean events = consumed(context, EVENTS);
        boolean runs = consumed(context, RUNS);
        if (!events && !runs) {
            return;
        }
        String runId = exchange.getProperty("runId", String.class);
        String connector = exchange.getProperty("connector", String.class);
        if (producer == null) {
            producer = context.createProducerTemplate();
        }
        try (Connection c = store.connect()) {
            if (events) {
                try (PreparedStatement ps = c.prepareStatement("SELECT id, type, payload FROM events WHERE run_id = ? ORDER BY seq")) {
                    ps.setString(1, runId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            producer.sendBodyAndHeaders(EVENTS + OPTIONS, rs.getString(3), Map.of("IdentitySyncEventId", rs.getString(1),
                                    "IdentitySyncEventType", rs.getString(2), "IdentitySyncConnector", connector, "IdentitySyncRunId", runId));
                        }
                    }
                }
            }
            if (runs) {
                var row = SyncRunRows.json(c, runId);
                producer.sendBodyAndHeaders(RUNS + OPTIONS, Rows.write(row), Map.of("IdentitySyncConnector", connector,
                        "IdentitySyncRunId", runId, "IdentitySyncRunStatus", row.path("status").asText()));
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot read the events of run " + runId + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            LOG.error("{}: custom routes: handing run {} over failed: {}", connector, runId, e.getMessage());
        }
    }

    private static boolean consumed(CamelContext context, String uri) {
        for (Route route : context.getRoutes()) {
            if (route.getEndpoint().getEndpointUri().startsWith(uri.replace("seda:", "seda://"))) {
                return true;
            }
        }
        return false;
    }
}
