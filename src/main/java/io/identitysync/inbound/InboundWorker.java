package io.identitysync.inbound;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.run.ConnectorRoutes;
import io.identitysync.run.RunProperties;
import io.identitysync.run.SyncRuns;
import io.identitysync.store.runs.InboundNotifications;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Applies what sources announced: a connector with notifications no run has read yet is run now: a targeted run of
 * just the people they name where the source allows it (Source.targetable), else a full run; unless one of its runs
 * is already going (the notifications that arrived before that run started are its; the rest wait for the
 * next). All of a connector's pending notifications are one run, however many there are: duplicates and bursts
 * cost nothing more. The run reads the source as a scheduled one does, so nothing a notification says is trusted,
 * and notifications stored before a crash are still pending at the next start.
 */
public final class InboundWorker {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");
    /** More people than this at once are read in full: a list filter of a hundred ids is already a long URL. */
    private static final int MAX_TARGETED = 100;

    private final Settings settings;
    private final InboundNotifications notifications;
    private final SyncRuns runs;
    private ProducerTemplate template;
    /** Set by the timer's first pass: a wake before it has nothing to run on (and the timer comes soon). */
    private volatile CamelContext context;
    /** A wake already on its way: a burst of deliveries is one pass, not one each. */
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private ExecutorService waker;

    public InboundWorker(Settings settings, InboundNotifications notifications, SyncRuns runs) {
        this.settings = settings;
        this.notifications = notifications;
        this.runs = runs;
    }

    /**
     * A notification was just stored: look now instead of at the next tick. Half a poll interval on average was the
     * largest share of a change's way out once its run read only that person (bench/latency.sh's breakdown).
     */
    public void wake() {
        CamelContext c = context;
        if (c == null || !wakePending.compareAndSet(false, true)) {
            return;
        }
        synchronized (wakePending) {
            if (waker == null) {
                waker = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "identity-sync-webhooks-in-wake");
                    t.setDaemon(true);
                    return t;
                });
            }
        }
        waker.execute(() -> {
            wakePending.set(false);
            try {
                handleDue(c);
            } catch (RuntimeException e) {
                // The timer's next pass tries again; a wake must never lose a notification (it is in the store).
                LOG.warn("webhooks in: a pass on arrival failed ({}); the next poll retries", e.getMessage());
            }
        });
    }

    /** Timer step (routes/webhooks-in.camel.yaml, webhooks-in-worker), and each wake: one pass at a time. */
    public synchronized void handleDue(CamelContext context) {
        if (!settings.bool("webhooks-in.enabled")) {
            return;
        }
        this.context = context;
        for (String connector : notifications.pendingConnectors()) {
            Connectors.Connector c = Connectors.enabled(settings).stream().filter(x -> x.id().equals(connector)).findFirst().orElse(null);
            // A paused connector's notifications wait in the store: its resumption runs them.
            if (c == null || runs.running(connector) || runs.quarantine().paused(connector)) {
                continue;
            }
            List<String> people = notifications.pendingSubjects(connector);
            boolean targeted = people != null && !people.isEmpty() && people.size() <= MAX_TARGETED && c.source().targetable(c, settings);
            LOG.info("{}: {} webhook notifications pending; {}", connector, notifications.pending(connector),
                    targeted ? "reading the " + people.size() + " people they name" : "running in full");
            if (template == null) {
                template = context.createProducerTemplate();
            }
            template.send(ConnectorRoutes.RUN, exchange -> {
                exchange.setProperty(RunProperties.CONNECTOR, c.id());
                if (targeted) {
                    exchange.setProperty(RunProperties.SCOPE, people);
                }
            });
        }
    }
}
