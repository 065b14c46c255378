package io.identitysync;

import io.identitysync.config.Settings;
import io.identitysync.config.Sources;
import io.identitysync.core.SourcePages;
import io.identitysync.core.SourceRequests;
import io.identitysync.core.SyncRuns;
import io.identitysync.destinations.files.FileExport;
import io.identitysync.destinations.webhooks.WebhookDispatcher;
import io.identitysync.destinations.webhooks.WebhookEndpoint;
import io.identitysync.store.Store;
import io.identitysync.store.SyncRunRows;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

import java.time.Duration;
import java.util.List;

/**
 * One Identity Sync process: the store, the beans the routes call, and Camel running the YAML routes.
 * Scheduled, Quartz fires the sources; unscheduled (--once, tests, the demo), runs are started with {@link #run}.
 */
public final class IdentitySyncApp implements AutoCloseable {

    /** How one run ended, as the sync_runs row says. */
    public record RunOutcome(String connector, String runId, String status, String error, String exportFolder) {
        public boolean succeeded() {
            return "succeeded".equals(status);
        }
    }

    private final Settings settings;
    private final Store store;
    private final Main main;
    private final WebhookDispatcher webhooks;
    private final FileExport files;
    private final java.util.function.Function<String, List<String>> routing;
    private final SyncRuns syncRuns;
    private ProducerTemplate template;

    public IdentitySyncApp(Settings settings, boolean scheduled) {
        this.settings = settings;
        this.store = new Store(settings.get("store.url")).migrate();
        List<WebhookEndpoint> endpoints = WebhookEndpoint.all(settings);
        this.routing = type -> WebhookEndpoint.idsFor(endpoints, type);
        SyncRunRows.failInterrupted(store, routing, "interrupted: the process stopped before the run finished; nothing was applied");
        this.webhooks = new WebhookDispatcher(store, settings);
        this.main = new Main();
        java.util.Properties props = settings.asProperties();
        for (Sources.Source source : Sources.ALL) {
            props.setProperty(source.key("scheduled"), Boolean.toString(scheduled && settings.sourceEnabled(source.id())));
        }
        props.setProperty("webhooks.scheduled", Boolean.toString(scheduled && !endpoints.isEmpty()));
        props.setProperty("webhooks.poll-interval-ms", Long.toString(settings.duration("webhooks.poll-interval").toMillis()));
        main.setOverrideProperties(props);
        main.bind("store", store);
        this.syncRuns = new SyncRuns(store, settings);
        main.bind("syncRuns", syncRuns);
        main.bind("sourcePages", new SourcePages());
        main.bind("sourceRequests", new SourceRequests(settings));
        this.files = new FileExport(store, settings.get("files.dir"));
        main.bind("fileExport", files);
        main.bind("webhookDispatcher", webhooks);
        for (Sources.Source source : Sources.ALL) {
            main.bind(source.id() + "Mapping", source.mapping().get());
        }
    }

    public IdentitySyncApp start() throws Exception {
        main.start();
        template = main.getCamelContext().createProducerTemplate();
        return this;
    }

    /** Service mode: runs until SIGTERM, when Camel shuts the routes down gracefully. */
    public void runUntilStopped() throws Exception {
        main.run();
    }

    /** One complete run of a source, in this thread. */
    public RunOutcome run(String connector) {
        Exchange result = template.send(Sources.byId(connector).runEndpoint(), ex -> { });
        String status = result.getProperty("runStatus", String.class);
        String error = result.getProperty("runError", String.class);
        if (result.getException() != null) {
            // The commit succeeded but a destination failed: the run stands, the process reports it.
            error = "destination failed: " + result.getException().getMessage();
            status = "succeeded".equals(status) ? "destination-failed" : status;
        }
        String runId = result.getProperty("runId", String.class);
        java.nio.file.Path folder;
        try {
            folder = runId == null || !"succeeded".equals(status) ? null : files.folderOf(connector, runId);
        } catch (java.io.IOException e) {
            folder = null;
        }
        return new RunOutcome(connector, runId, status, error, folder == null ? null : folder.toString());
    }

    public List<String> enabledSources() {
        return Sources.ALL.stream().filter(s -> settings.sourceEnabled(s.id())).map(Sources.Source::id).toList();
    }

    public boolean drainWebhooks(Duration maxWait) {
        return webhooks.drain(maxWait);
    }

    public Store store() {
        return store;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void close() throws Exception {
        if (template != null) {
            template.close();
        }
        main.stop();
        webhooks.close();
        // A run cut off by the shutdown (SIGTERM) that could not record its own failure: nothing of it was applied.
        java.util.Set<String> cutOff = syncRuns.active();
        SyncRunRows.failInterrupted(store, routing, "stopped: the service was shut down during the run; nothing was applied", cutOff::contains);
    }
}
