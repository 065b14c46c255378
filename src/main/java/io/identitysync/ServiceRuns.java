package io.identitysync;

import io.identitysync.config.Settings;
import io.identitysync.destinations.files.FileExport;
import io.identitysync.people.OnePerson;
import io.identitysync.store.Store;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;

import java.time.Duration;
import java.util.List;

/**
 * One person's run asked of the running service (POST /api/people/{who}/sync, the console's Sync now): sent to the
 * connector's run route on the service's own context, so it waits for the connector's turn like a scheduled run and
 * no second Camel context is ever started; what it queued is delivered by the service's own workers.
 */
final class ServiceRuns implements OnePerson.Runs {

    /** How long an answer waits for the run's deliveries: they go on afterwards, and the person's timeline shows them. */
    static final Duration DELIVERY_WAIT = Duration.ofSeconds(10);

    private final CamelContext context;
    private final Settings settings;
    private final Store store;
    private final FileExport files;
    private final Runnable deliverDue;
    private volatile ProducerTemplate template;

    ServiceRuns(CamelContext context, Settings settings, Store store, FileExport files, Runnable deliverDue) {
        this.context = context;
        this.settings = settings;
        this.store = store;
        this.files = files;
        this.deliverDue = deliverDue;
    }

    @Override
    public Store store() {
        return store;
    }

    @Override
    public IdentitySyncApp.RunOutcome run(String connector, Processor setup) {
        return IdentitySyncApp.send(template(), settings, files, connector, setup);
    }

    @Override
    public boolean deliver(String runId) {
        deliverDue.run();
        long until = System.nanoTime() + DELIVERY_WAIT.toNanos();
        while (pending(runId) > 0) {
            if (System.nanoTime() > until) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private long pending(String runId) {
        long[] n = {0};
        store.read("webhook_deliveries", "SELECT COUNT(*) FROM webhook_deliveries d JOIN events e ON e.id = d.event_id WHERE e.run_id = ? "
                + "AND d.status = 'pending'", List.of(runId), rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    private ProducerTemplate template() {
        if (template == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
            }
        }
        return template;
    }
}
