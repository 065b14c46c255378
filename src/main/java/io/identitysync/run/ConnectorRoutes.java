package io.identitysync.run;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.quartz.JobDataMap;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each enabled connector's schedules: {@code <id>-schedule} (and {@code <id>-full-schedule} when it reads
 * incrementally), a Quartz job each; and, for each distinct {@code <prefix>quarantine-schedule}, one
 * {@code quarantine-schedule-<hash>} route, the back-off of every connector that has that cron: on a fire it tries again
 * each of them that is quarantined ({@link ConnectorQuarantine}). They are the only routes of connectors: runs go
 * through the shared {@code connector-run} route and its source's {@code <type>-resources} and {@code <type>-request},
 * which take the connector from the exchange ({@link ConnectorKeys}). Camel checks each route it adds against every
 * route it has, and a clustered schedule stores each job in the database, so every route per connector costs a start
 * with many connectors dearly: 500 tenants that share the default back-off have 501 schedule routes, not 1,000.
 */
public final class ConnectorRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");

    /** Where every connector's runs start; the exchange property connector names the connector. */
    public static final String RUN = "direct:connector-run";
    /** Where each schedule hands its fires. */
    private static final String FIRE = "direct:connector-fire";
    /** The Quartz group of our jobs (a clustered schedule prunes in it what no route has any more: {@link ClusteredSchedule}). */
    public static final String GROUP = "identity-sync";

    private final Settings settings;
    private final List<Connectors.Connector> connectors;
    private final ConnectorQuarantine quarantine;

    public ConnectorRoutes(Settings settings, List<Connectors.Connector> connectors, ConnectorQuarantine quarantine) {
        this.settings = settings;
        this.connectors = connectors;
        this.quarantine = quarantine;
    }

    @Override
    public void configure() {
        // A one-shot process runs each connector once and exits: no schedule, and no Quartz to start.
        if (settings.bool("sync.once")) {
            return;
        }
        Map<String, Map<String, String>> backoffs = new TreeMap<>();
        for (Connectors.Connector c : connectors) {
            boolean incremental = settings.has(c.key("full-schedule")) && c.source().readsChanges(c, settings);
            String kind = incremental ? "incremental" : "full";
            schedule(c.id() + "-schedule", c.id(), settings.get(c.key("schedule")), new Fire(c.id(), kind, "false"));
            if (incremental) {
                schedule(c.id() + "-full-schedule", c.id() + "-full", settings.get(c.key("full-schedule")), new Fire(c.id(), "full", "false"));
            }
            backoffs.computeIfAbsent(ConnectorQuarantine.schedule(settings, c.id()), k -> new LinkedHashMap<>()).put(c.id(), kind);
        }
        backoffs.forEach((cron, kinds) -> {
            String name = "quarantine-schedule-" + hash(cron);
            from(quartz(name, cron)).routeId(name).routeConfigurationId("identity-sync")
                    .routeDescription("The back-off schedule " + cron + " of " + kinds.size() + " connector(s): tries again each that is quarantined")
                    .process(exchange -> exchange.getMessage().setBody(quarantine.quarantined(kinds.keySet()).stream()
                            .map(id -> new Fire(id, kinds.get(id), "true")).toList()))
                    // One after another: a quarantined source mostly refuses at once, and its timeouts bound the rest.
                    .split(body())
                    .process(exchange -> exchange.getMessage().getBody(Fire.class).process(exchange))
                    .to(FIRE);
        });
    }

    /**
     * The route {@code routeId}: on the cron, it names the connector, the kind of run and whether it is the back-off
     * schedule, and hands over to the shared {@code connector-fire} route (routes/run.camel.yaml), which decides whether
     * the run starts. Made here, in one batch, not from a route template (each route made from one is checked against
     * every route added before it), and as few steps as can say it: at start Camel visits every step of every route
     * once per route.
     */
    private void schedule(String routeId, String job, String cron, Fire fire) {
        from(quartz(job, cron)).routeId(routeId).routeConfigurationId("identity-sync").process(fire).to(FIRE);
    }

    /**
     * A Quartz job of our group; stateful, so one job's fires never overlap; recoverable, so that a fire a node was
     * running when it died (SIGKILL, a lost machine) runs again on another node once Quartz finds the node gone: the
     * re-run then waits for the dead run's lease to lapse ({@code cluster.node-timeout}), and the period is not lost.
     */
    private static String quartz(String job, String cron) {
        return "quartz:" + GROUP + "/" + job + "?stateful=true&recoverableJob=true&cron=" + URLEncoder.encode(cron, StandardCharsets.UTF_8);
    }

    /** A short name for a cron that stays the same from one start, and one node, to the next. */
    private static String hash(String cron) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cron.getBytes(StandardCharsets.UTF_8)), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What one schedule's fire says: the exchange properties connector, runKind and backoffSchedule. */
    private record Fire(String connector, String kind, String backoff) implements Processor {
        @Override
        public void process(Exchange exchange) {
            if (Scheduler.DEFAULT_RECOVERY_GROUP.equals(exchange.getMessage().getHeader("triggerGroup"))) {
                JobDataMap data = exchange.getMessage().getHeader("mergedJobDataMap", JobDataMap.class);
                String due = data == null ? null : data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
                LOG.info("{}: running again the fire {}that a stopped node left unfinished", connector,
                        due == null ? "" : "due at " + Instant.ofEpochMilli(Long.parseLong(due)) + " ");
            }
            exchange.setProperty(RunProperties.CONNECTOR, connector);
            exchange.setProperty(RunProperties.RUN_KIND, kind);
            exchange.setProperty(ConnectorQuarantine.BACKOFF, backoff);
        }
    }
}
