package io.identitysync;

import io.identitysync.api.ManagementApi;
import io.identitysync.console.Console;
import io.identitysync.config.Connectors;
import io.identitysync.config.MillisFunction;
import io.identitysync.config.Settings;
import io.identitysync.destinations.Destinations;
import io.identitysync.destinations.custom.CustomRoutesFeed;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryDispatcher;
import io.identitysync.destinations.files.FileExport;
import io.identitysync.destinations.webhooks.WebhookDispatcher;
import io.identitysync.destinations.webhooks.WebhookEndpoint;
import io.identitysync.inbound.InboundListener;
import io.identitysync.inbound.ListenerLimits;
import io.identitysync.inbound.InboundReceiver;
import io.identitysync.inbound.InboundWorker;
import io.identitysync.observe.ConnectorsHealthCheck;
import io.identitysync.observe.IdentityMetrics;
import io.identitysync.observe.StoreHealthCheck;
import io.identitysync.run.ClusteredSchedule;
import io.identitysync.run.ConnectorKeys;
import io.identitysync.run.ConnectorQuarantine;
import io.identitysync.run.ConnectorRoutes;
import io.identitysync.run.OAuthTokens;
import io.identitysync.run.SourcePages;
import io.identitysync.run.SourceRequests;
import io.identitysync.run.StorePruner;
import io.identitysync.run.SyncRuns;
import io.identitysync.store.Store;
import io.identitysync.store.runs.InboundNotifications;
import io.identitysync.store.secrets.OAuthGrants;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.quartz.QuartzComponent;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;

/**
 * The beans our routes call (by the names the routes use), each connector's schedules, and the {@code {{millis:…}}}
 * placeholder function, bound the camel-main way. Camel's own settings are {@code camel.*} keys in
 * application.properties; this class only makes what needs the store or the resolved configuration.
 */
public final class IdentitySyncConfiguration implements CamelConfiguration {

    private final Settings settings;
    private final Store store;
    private final List<Connectors.Connector> connectors;
    private final SyncRuns syncRuns;
    private final IdentityMetrics metrics;
    private final FileExport fileExport;
    private final WebhookDispatcher webhookDispatcher;
    private final DirectoryDispatcher directoryDispatcher;
    private final InboundReceiver inboundReceiver;
    private final InboundWorker inboundWorker;

    /** @param clock whose day decides start and termination dates (tests move it) */
    public IdentitySyncConfiguration(Settings settings, Store store, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.connectors = Connectors.enabled(settings);
        this.syncRuns = new SyncRuns(store, settings, clock);
        this.metrics = new IdentityMetrics(store);
        this.fileExport = FileExport.of(store, settings, metrics);
        this.webhookDispatcher = new WebhookDispatcher(store, settings);
        this.directoryDispatcher = new DirectoryDispatcher(store, settings, Destinations.DIRECTORY_KINDS, clock);
        this.inboundWorker = new InboundWorker(settings, new InboundNotifications(store), syncRuns);
        this.inboundReceiver = new InboundReceiver(settings, new InboundNotifications(store), inboundWorker::wake);
    }

    @BindToRegistry
    public Store store() {
        return store;
    }

    @BindToRegistry
    public SyncRuns syncRuns() {
        return syncRuns;
    }

    @BindToRegistry
    public ConnectorQuarantine connectorQuarantine() {
        return syncRuns.quarantine();
    }

    @BindToRegistry
    public InboundWorker inboundWorker() {
        return inboundWorker;
    }

    @BindToRegistry
    public InboundReceiver inboundReceiver() {
        return inboundReceiver;
    }

    @BindToRegistry
    public OAuthTokens oauthTokens() {
        return new OAuthTokens(settings, new OAuthGrants(store));
    }

    @BindToRegistry
    public SourcePages sourcePages() {
        return new SourcePages();
    }

    @BindToRegistry
    public SourceRequests sourceRequests() {
        return new SourceRequests(settings, metrics);
    }

    @BindToRegistry
    public FileExport fileExport() {
        return fileExport;
    }

    @BindToRegistry
    public WebhookDispatcher webhookDispatcher() {
        return webhookDispatcher;
    }

    @BindToRegistry
    public DirectoryDispatcher directoryDispatcher() {
        return directoryDispatcher;
    }

    @BindToRegistry
    public StorePruner storePruner() {
        return new StorePruner(store, settings, metrics);
    }

    @BindToRegistry
    public CustomRoutesFeed customRoutesFeed() {
        return new CustomRoutesFeed(store);
    }

    @BindToRegistry
    public StoreHealthCheck storeHealthCheck() {
        return new StoreHealthCheck(store);
    }

    @BindToRegistry
    public ConnectorsHealthCheck connectorsHealthCheck() {
        return new ConnectorsHealthCheck(store, ids(), settings.bool("management.readiness-includes-runs"));
    }

    @BindToRegistry
    public ConnectorKeys connectorKeys() {
        return new ConnectorKeys(settings, connectors);
    }

    @BindToRegistry
    public ConnectorRoutes connectorRoutes() {
        return new ConnectorRoutes(settings, connectors, syncRuns.quarantine());
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.getPropertiesComponent().addPropertiesFunction(new MillisFunction(settings));
        if (ClusteredSchedule.applies(store, settings)) {
            context.getComponent("quartz", QuartzComponent.class).setProperties(ClusteredSchedule.properties(store, settings));
        }
        if (ManagementApi.enabled(settings)) {
            Runnable deliverDue = () -> {
                webhookDispatcher.deliverDue();
                directoryDispatcher.deliverDue();
            };
            ManagementApi api = new ManagementApi(settings, store, deliverDue, new ServiceRuns(context, settings, store, fileExport, deliverDue));
            api.attach(context);
            if (Console.enabled(settings)) {
                new Console(settings, store, api).attach(context);
            }
        }
        if (InboundListener.listening(settings)) {
            InboundListener.attach(context, inboundReceiver);
        }
        if (ListenerLimits.applies(settings)) {
            ListenerLimits.install(context, settings);
        }
        // Camel creates its meter registry at start (camel.metrics.*); ours are bound to it then.
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                LoggerFactory.getLogger("identity-sync").info("node {}: started in {} ms: {} connectors, {} routes, store {}{}", store.node(),
                        ManagementFactory.getRuntimeMXBean().getUptime(), connectors.size(), started.getRoutesSize(), store.dialect().name().toLowerCase(),
                        ClusteredSchedule.applies(store, settings) ? " with the clustered schedule" : "");
                if (ClusteredSchedule.applies(store, settings)) {
                    ClusteredSchedule.prune(started);
                }
                List<String> endpoints = WebhookEndpoint.all(settings).stream().map(WebhookEndpoint::id).toList();
                for (MeterRegistry registry : started.getRegistry().findByType(MeterRegistry.class)) {
                    metrics.bind(registry, ids(), endpoints, DirectoryConfig.all(settings).stream().map(DirectoryConfig::id).toList());
                }
            }
        });
    }

    /** The enabled connectors' ids, in configuration order. */
    List<String> ids() {
        return connectors.stream().map(Connectors.Connector::id).toList();
    }

    SyncRuns runs() {
        return syncRuns;
    }

    FileExport files() {
        return fileExport;
    }

    WebhookDispatcher webhooks() {
        return webhookDispatcher;
    }

    DirectoryDispatcher directories() {
        return directoryDispatcher;
    }
}
