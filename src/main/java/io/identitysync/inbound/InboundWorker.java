package io.identitysync.inbound;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.run.SyncRuns;
import io.identitysync.store.InboundNotifications;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what sources announced: a connector with notifications no run has read yet is run now, unless one of its
 * runs is already going (the notifications that arrived before that run started are its; the rest wait for the
 * next). All of a connector's pending notifications are one run, however many there are: duplicates and bursts
 * cost nothing more. The run reads the source as a scheduled one does, so nothing a notification says is trusted,
 * and notifications stored before a crash are still pending at the next start.
 */
public final class InboundWorker {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");

    private final Settings settings;
    private final InboundNotifications notifications;
    private final SyncRuns runs;
    private ProducerTemplate template;

    public InboundWorker(Settings settings, InboundNotifications notifications, SyncRuns runs) {
        this.settings = settings;
        this.notifications = notifications;
        this.runs = runs;
    }

    /** Timer step (routes/destinations.camel.yaml, webhooks-in-worker). */
    public void handleDue(CamelContext context) {
        if (!settings.bool("webhooks-in.enabled")) {
            return;
        }
        for (String connector : notifications.pendingConnectors()) {
            Connectors.Connector c = Connectors.enabled(settings).stream().filter(x -> x.id().equals(connector)).findFirst().orElse(null);
            if (c == null || runs.running(connector)) {
                continue;
            }
            LOG.info("{}: {} webhook notifications pending; running now", connector, notifications.pending(connector));
            if (template == null) {
                template = context.createProducerTemplate();
            }
            template.send(c.runEndpoint(), exchange -> { });
        }
    }
}
