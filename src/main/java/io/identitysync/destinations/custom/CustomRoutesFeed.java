package io.identitysync.destinations.custom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.run.RunProperties;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.outbox.Events;
import io.identitysync.store.runs.SyncRunRows;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        String runId = exchange.getProperty(RunProperties.RUN_ID, String.class);
        String connector = exchange.getProperty(RunProperties.CONNECTOR, String.class);
        if (producer == null) {
            producer = context.createProducerTemplate();
        }
        try {
            if (events) {
                Events.ofRun(store, runId, e -> producer.sendBodyAndHeaders(EVENTS + OPTIONS, e.payload(), Map.of("IdentitySyncEventId", e.id(),
                        "IdentitySyncEventType", e.type(), "IdentitySyncConnector", connector, "IdentitySyncRunId", runId)));
            }
            if (runs) {
                ObjectNode row = SyncRunRows.json(store, runId);
                producer.sendBodyAndHeaders(RUNS + OPTIONS, Rows.write(row), Map.of("IdentitySyncConnector", connector,
                        "IdentitySyncRunId", runId, "IdentitySyncRunStatus", row.path("status").asText()));
            }
        } catch (StoreException e) {
            throw e;
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
