package io.identitysync.run;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import org.apache.camel.builder.RouteBuilder;

import java.util.List;

/**
 * Each enabled connector's schedules, from the connector-schedule route template (routes/run.camel.yaml):
 * {@code <id>-schedule} (and {@code <id>-full-schedule} when it reads incrementally) and {@code <id>-quarantine-schedule}
 * (its back-off while quarantined: {@link ConnectorQuarantine}), a Quartz job each. They are the only routes a connector
 * has: its runs go through the shared {@code connector-run} route and its source's {@code <type>-resources} and
 * {@code <type>-request}, which take the connector from the exchange ({@link ConnectorKeys}). Camel checks each route it
 * adds against every route it has, so routes per connector make a start with many connectors quadratic.
 */
public final class ConnectorRoutes extends RouteBuilder {

    /** Where every connector's runs start; the exchange property connector names the connector. */
    public static final String RUN = "direct:connector-run";

    private final Settings settings;
    private final List<Connectors.Connector> connectors;

    public ConnectorRoutes(Settings settings, List<Connectors.Connector> connectors) {
        this.settings = settings;
        this.connectors = connectors;
    }

    @Override
    public void configure() {
        // A one-shot process runs each connector once and exits: no schedule, and no Quartz to start.
        if (settings.bool("sync.once")) {
            return;
        }
        for (Connectors.Connector c : connectors) {
            boolean incremental = settings.has(c.key("full-schedule")) && c.source().readsChanges(c, settings);
            String kind = incremental ? "incremental" : "full";
            schedule(c, "schedule", c.id(), settings.get(c.key("schedule")), kind, false);
            if (incremental) {
                schedule(c, "full-schedule", c.id() + "-full", settings.get(c.key("full-schedule")), "full", false);
            }
            schedule(c, "quarantine-schedule", c.id() + "-quarantine", ConnectorQuarantine.schedule(settings, c.id()), kind, true);
        }
    }

    /** The route {@code <id>-<part>} that fires the connector's runs of a kind on a cron (or, backoff, while it is quarantined). */
    private void schedule(Connectors.Connector c, String part, String job, String cron, String kind, boolean backoff) {
        templatedRoute("connector-schedule").routeId(c.id() + "-" + part).parameter("connector", c.id()).parameter("job", job)
                .parameter("cron", cron).parameter("kind", kind).parameter("backoff", Boolean.toString(backoff));
    }
}
