package io.identitysync;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.config.Sources;
import io.identitysync.core.SourcePages;
import io.identitysync.core.SourceRequests;
import io.identitysync.core.SyncRuns;
import io.identitysync.destinations.files.FileExport;
import io.identitysync.destinations.webhooks.WebhookDispatcher;
import io.identitysync.destinations.webhooks.WebhookEndpoint;
import io.identitysync.observe.ConnectorsHealthCheck;
import io.identitysync.observe.IdentityMetrics;
import io.identitysync.observe.StoreHealthCheck;
import io.identitysync.store.Store;
import io.identitysync.store.SyncRunRows;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private final IdentityMetrics metrics;
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
        props.setProperty("webhooks.scheduled", Boolean.toString(scheduled && !endpoints.isEmpty()));
        java.nio.file.Path customRoutes = java.nio.file.Path.of(settings.get("routes.dir"));
        if (!settings.get("routes.dir").isEmpty() && java.nio.file.Files.isDirectory(customRoutes)) {
            props.setProperty("camel.main.routes-include-pattern", settings.get("camel.main.routes-include-pattern")
                    + ",file:" + customRoutes.toAbsolutePath() + "/*.yaml");
        }
        props.setProperty("webhooks.poll-interval-ms", Long.toString(settings.duration("webhooks.poll-interval").toMillis()));
        if (settings.bool("management.enabled")) {
            props.setProperty("camel.management.enabled", "true");
            props.setProperty("camel.management.host", settings.get("management.host"));
            props.setProperty("camel.management.port", settings.get("management.port"));
            props.setProperty("camel.management.healthCheckEnabled", "true");
            props.setProperty("camel.management.metricsEnabled", "true");
            props.setProperty("camel.metrics.enabled", "true");
            props.setProperty("camel.metrics.binders", "jvm-memory,jvm-gc,processor,uptime");
        }
        main.setOverrideProperties(props);
        main.bind("store", store);
        this.syncRuns = new SyncRuns(store, settings);
        main.bind("syncRuns", syncRuns);
        main.bind("sourcePages", new SourcePages());
        this.metrics = new IdentityMetrics(store);
        main.bind("sourceRequests", new SourceRequests(settings, metrics));
        this.files = new FileExport(store, settings.get("files.dir"));
        main.bind("fileExport", files);
        main.bind("webhookDispatcher", webhooks);
        main.bind("customRoutesFeed", new io.identitysync.destinations.custom.CustomRoutesFeed(store));
        for (Sources.Source source : Sources.ALL) {
            main.bind(source.id() + "Mapping", source.mapping().get());
        }
        List<Connectors.Connector> connectors = Connectors.enabled(settings);
        List<String> ids = connectors.stream().map(Connectors.Connector::id).toList();
        main.bind("storeHealthCheck", new StoreHealthCheck(store));
        main.bind("connectorsHealthCheck", new ConnectorsHealthCheck(store, ids));
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                for (Connectors.Connector c : connectors) {
                    addConnectorRoutes(configured.getCamelContext(), c, scheduled);
                }
            }

            @Override
            public void afterStart(BaseMainSupport started) {
                bindMetrics(started.getCamelContext(), ids, endpoints);
            }
        });
    }

    /**
     * A connector's routes, from its source's templates (routes/&lt;type&gt;.yaml) and the schedule template
     * (routes/run.yaml): &lt;id&gt;-schedule, &lt;id&gt;-run, &lt;id&gt;-read.
     */
    private void addConnectorRoutes(org.apache.camel.CamelContext context, Connectors.Connector c, boolean scheduled) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("connector", c.id());
        parameters.put("keyPrefix", c.keyPrefix());
        parameters.put("baseUrl", settings.get(c.key("base-url")));
        parameters.put("pageSize", settings.get(c.key("page-size")));
        parameters.put("connectTimeoutMs", settings.get(c.key("connect-timeout-ms")));
        parameters.put("readTimeoutMs", settings.get(c.key("read-timeout-ms")));
        parameters.put("apiVersion", settings.get(c.key("api-version")));
        try {
            for (String part : List.of("run", "read")) {
                org.apache.camel.builder.TemplatedRouteBuilder.builder(context, c.source().id() + "-" + part)
                        .routeId(c.id() + "-" + part).parameters(parameters).add();
            }
            org.apache.camel.builder.TemplatedRouteBuilder.builder(context, "connector-schedule").routeId(c.id() + "-schedule")
                    .parameter("connector", c.id()).parameter("schedule", settings.get(c.key("schedule")))
                    .parameter("scheduled", Boolean.toString(scheduled)).add();
        } catch (RuntimeException e) {
            throw new IllegalStateException("connector " + c.id() + ": its routes cannot be created: " + e.getMessage(), e);
        }
    }

    private void bindMetrics(org.apache.camel.CamelContext context, List<String> ids, List<WebhookEndpoint> endpoints) {
        java.util.Set<io.micrometer.core.instrument.MeterRegistry> registries =
                context.getRegistry().findByType(io.micrometer.core.instrument.MeterRegistry.class);
        org.slf4j.LoggerFactory.getLogger("identity-sync").debug("metrics registries: {}", registries);
        for (io.micrometer.core.instrument.MeterRegistry registry : registries) {
            metrics.bind(registry, ids, endpoints.stream().map(WebhookEndpoint::id).toList());
        }
    }

    /** Camel could not start: a custom route in routes.dir that does not load, a management port in use. */
    public static final class StartFailed extends Exception {
        StartFailed(Exception cause) {
            super("Camel cannot start (check the routes in routes.dir and management.port): " + cause.getMessage(), cause);
        }
    }

    public IdentitySyncApp start() throws Exception {
        try {
            main.start();
        } catch (Exception e) {
            throw new StartFailed(e);
        }
        bindMetrics(main.getCamelContext(), enabledSources(), WebhookEndpoint.all(settings));
        template = main.getCamelContext().createProducerTemplate();
        return this;
    }

    /** Service mode: runs until SIGTERM, when Camel shuts the routes down gracefully. */
    public void runUntilStopped() throws Exception {
        main.run();
    }

    /** One complete run of a source, in this thread. */
    public RunOutcome run(String connector) {
        Connectors.Connector enabled = Connectors.enabled(settings).stream().filter(c -> c.id().equals(connector)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("connector '" + connector + "' is not enabled"));
        Exchange result = template.send(enabled.runEndpoint(), ex -> { });
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

    /** The ids of the connectors that run, in configuration order. */
    public List<String> enabledSources() {
        return Connectors.enabled(settings).stream().map(Connectors.Connector::id).toList();
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
        try {
            SyncRunRows.failInterrupted(store, routing, "stopped: the service was shut down during the run; nothing was applied", cutOff::contains);
        } catch (io.identitysync.store.StoreException e) {
            // The next start fails whatever is left running; a broken store must not turn a shutdown into a crash.
            org.slf4j.LoggerFactory.getLogger("identity-sync").warn("shutdown: {}", e.getMessage());
        }
    }
}
