package io.identitysync;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.destinations.Destinations;
import io.identitysync.destinations.files.FileExport;
import io.identitysync.inbound.InboundListener;
import io.identitysync.run.ConnectorRoutes;
import io.identitysync.run.NodeHeartbeat;
import io.identitysync.run.RunProperties;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.commit.RunPlan;
import io.identitysync.store.runs.SyncRunRows;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * One Identity Sync process: the store, Camel main running the YAML routes with {@link IdentitySyncConfiguration}.
 * Scheduled, Quartz fires the connectors; unscheduled (--once, tests, the demo), runs are started with {@link #run}.
 */
public final class IdentitySyncApp implements AutoCloseable {

    /** How one run ended, as the sync_runs row says. */
    /** @param plan a dry run's plan (what a run would have changed), else null */
    public record RunOutcome(String connector, String runId, String status, String error, String exportFolder, RunPlan plan) {
        public boolean succeeded() {
            return "succeeded".equals(status);
        }
    }

    private final Settings settings;
    private final Store store;
    private final Main main;
    private final IdentitySyncConfiguration beans;
    private final Destinations routing;
    private ProducerTemplate template;
    private final NodeHeartbeat heartbeat;

    /** @param scheduled false: as with --once (sync.once=true), no cron and no background retries */
    public IdentitySyncApp(Settings settings, boolean scheduled) {
        this(settings, scheduled, Clock.systemUTC());
    }

    /** @param clock whose day decides start and termination dates: tests move it to a start date */
    public IdentitySyncApp(Settings settings, boolean scheduled, Clock clock) {
        this.settings = scheduled ? settings : settings.with("sync.once", "true");
        this.store = Store.open(settings).migrate();
        this.routing = new Destinations(settings);
        this.heartbeat = new NodeHeartbeat(store, settings, routing).start();
        this.beans = new IdentitySyncConfiguration(this.settings, store, clock);
        heartbeat.watch(beans.runs()::active);
        this.main = new Main();
        main.configure().addConfiguration(beans);
        main.setOverrideProperties(camelProperties());
    }

    /** The resolved configuration, the webhooks-in listener's, and integrators' routes in routes.dir when that folder exists. */
    private Properties camelProperties() {
        Properties props = settings.asProperties();
        InboundListener.configure(settings, props);
        Path customRoutes = Path.of(settings.get("routes.dir"));
        if (!settings.get("routes.dir").isEmpty() && Files.isDirectory(customRoutes)) {
            props.setProperty("camel.main.routes-include-pattern", props.getProperty("camel.main.routes-include-pattern")
                    + ",file:" + customRoutes.toAbsolutePath() + "/*.yaml");
        }
        return props;
    }

    /** Camel could not start: a custom route in routes.dir that does not load, a management port in use. */
    public static final class StartFailed extends Exception {
        StartFailed(Exception cause) {
            this("Camel cannot start (check the routes in routes.dir and management.port): " + cause.getMessage(), cause);
        }

        StartFailed(String message, Exception cause) {
            super(message, cause);
        }
    }

    public IdentitySyncApp start() throws Exception {
        probeListener();
        try {
            main.start();
        } catch (Exception e) {
            throw new StartFailed(e);
        }
        template = main.getCamelContext().createProducerTemplate();
        return this;
    }

    /** The webhooks-in listener's address, before Camel starts its server there (service mode when it is on). */
    private void probeListener() throws StartFailed {
        try {
            InboundListener.probe(settings);
        } catch (InboundListener.CannotListen e) {
            throw new StartFailed(e.getMessage(), e);
        }
    }

    /** The webhooks-in listener's port (service mode with webhooks-in.enabled), else -1. */
    public int inboundPort() {
        return InboundListener.listening(settings) ? InboundListener.port(main.getCamelContext()) : -1;
    }

    /** Service mode: runs until SIGTERM, when Camel shuts the routes down gracefully. */
    public void runUntilStopped() throws Exception {
        probeListener();
        main.run();
    }

    /** One complete run of a connector, in this thread. */
    public RunOutcome run(String connector) {
        return run(connector, ex -> { });
    }

    /** One run of a connector, its exchange first set up by {@code setup} (sync --person: its scope and its trace). */
    public RunOutcome run(String connector, org.apache.camel.Processor setup) {
        return send(template, settings, beans.files(), connector, setup);
    }

    /**
     * One run of a connector on {@code template}'s context, in this thread: how {@link #run} runs one, and how the
     * service runs one a caller asked for (POST /api/people/{who}/sync) on its own, already running, context.
     */
    static RunOutcome send(ProducerTemplate template, Settings settings, FileExport files, String connector, org.apache.camel.Processor setup) {
        Connectors.Connector enabled = Connectors.enabled(settings).stream().filter(c -> c.id().equals(connector)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("connector '" + connector + "' is not enabled"));
        Exchange result = template.send(ConnectorRoutes.RUN, exchange -> {
            exchange.setProperty(RunProperties.CONNECTOR, enabled.id());
            setup.process(exchange);
        });
        String status = result.getProperty(RunProperties.RUN_STATUS, String.class);
        String error = result.getProperty(RunProperties.RUN_ERROR, String.class);
        if (result.getException() != null) {
            // The commit succeeded but a destination failed: the run stands, the process reports it.
            error = "destination failed: " + result.getException().getMessage();
            status = "succeeded".equals(status) ? "destination-failed" : status;
        }
        String runId = result.getProperty(RunProperties.RUN_ID, String.class);
        Path folder;
        try {
            folder = runId == null || !"succeeded".equals(status) ? null : files.folderOf(connector, runId);
        } catch (IOException e) {
            folder = null;
        }
        return new RunOutcome(connector, runId, status, error, folder == null ? null : folder.toString(),
                result.getProperty(RunProperties.RUN_PLAN, RunPlan.class));
    }

    /** The ids of the connectors that run, in configuration order. */
    public List<String> enabledConnectors() {
        return beans.ids();
    }

    public boolean drainWebhooks(Duration maxWait) {
        return beans.webhooks().drain(maxWait);
    }

    /** Pushes what the directory queues hold, for at most {@code maxWait}; true when they are empty. */
    public boolean drainDirectories(Duration maxWait) {
        return beans.directories().drain(maxWait);
    }

    /** Camel's context, for route-level tests (AdviceWith, NotifyBuilder, MockEndpoint). */
    public CamelContext camelContext() {
        return main.getCamelContext();
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
        beans.webhooks().close();
        beans.directories().close();
        // A run cut off by the shutdown (SIGTERM) that could not record its own failure: nothing of it was applied.
        Set<String> cutOff = beans.runs().active();
        try {
            SyncRunRows.failInterrupted(store, routing, "stopped: the service was shut down during the run; nothing was applied", cutOff::contains);
        } catch (StoreException e) {
            // The next start fails whatever is left running; a broken store must not turn a shutdown into a crash.
            LoggerFactory.getLogger("identity-sync").warn("shutdown: {}", e.getMessage());
        }
        heartbeat.close();
        store.close();
    }
}
