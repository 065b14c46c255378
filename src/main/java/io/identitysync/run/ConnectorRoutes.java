package io.identitysync.run;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Each enabled connector's schedules: {@code <id>-schedule} (and {@code <id>-full-schedule} when it reads
 * incrementally) and {@code <id>-quarantine-schedule} (its back-off while quarantined: {@link ConnectorQuarantine}), a
 * Quartz job each. They are the only routes a connector
 * has: its runs go through the shared {@code connector-run} route and its source's {@code <type>-resources} and
 * {@code <type>-request}, which take the connector from the exchange ({@link ConnectorKeys}). Camel checks each route it
 * adds against every route it has, so routes per connector make a start with many connectors quadratic.
 */
public final class ConnectorRoutes extends RouteBuilder {

    /** Where every connector's runs start; the exchange property connector names the connector. */
    public static final String RUN = "direct:connector-run";
    /** Where each schedule hands its fires. */
    private static final String FIRE = "direct:connector-fire";

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

    /**
     * The route {@code <id>-<part>}: on the cron, it names the connector, the kind of run and whether it is the back-off
     * schedule, and hands over to the shared {@code connector-fire} route (routes/run.camel.yaml), which decides whether
     * the run starts. Stateful, so one job's fires never overlap. Made here, in one batch, not from a route template
     * (each route made from one is checked against every route added before it), and as few steps as can say it: at
     * start Camel visits every step of every route once per route.
     */
    private void schedule(Connectors.Connector c, String part, String job, String cron, String kind, boolean backoff) {
        from("quartz:identity-sync/" + job + "?stateful=true&cron=" + URLEncoder.encode(cron, StandardCharsets.UTF_8))
                .routeId(c.id() + "-" + part).routeConfigurationId("identity-sync")
                .process(new Fire(c.id(), kind, Boolean.toString(backoff)))
                .to(FIRE);
    }

    /** What one schedule's fire says: the exchange properties connector, runKind and backoffSchedule. */
    private record Fire(String connector, String kind, String backoff) implements Processor {
        @Override
        public void process(Exchange exchange) {
            exchange.setProperty(RunProperties.CONNECTOR, connector);
            exchange.setProperty(RunProperties.RUN_KIND, kind);
            exchange.setProperty(ConnectorQuarantine.BACKOFF, backoff);
        }
    }
}
