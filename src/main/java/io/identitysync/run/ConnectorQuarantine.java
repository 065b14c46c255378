package io.identitysync.run;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.store.Store;
import io.identitysync.store.quarantine.Pauses;
import io.identitysync.store.quarantine.Quarantines;
import io.identitysync.store.runs.SyncRunRows;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A connector that keeps failing is quarantined: at once when its source refuses the key, else after
 * {@code <prefix>quarantine-after} failed runs in a row. Its regular schedules then skip, and the back-off schedule of
 * its {@code <prefix>quarantine-schedule} (hourly by default; one {@code quarantine-schedule-<hash>} route for all the
 * connectors that share a cron, {@link ConnectorRoutes}) tries again, until a run reads the source again (succeeded,
 * or refused by the mass-change guard, which read everything).
 */
public final class ConnectorQuarantine {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");

    public static final int DEFAULT_AFTER = 5;
    public static final String DEFAULT_SCHEDULE = "0 0 * * * ?";
    /** Exchange property the schedule routes set: true on the back-off schedule, false on the regular ones. */
    public static final String BACKOFF = "backoffSchedule";

    private final Settings settings;
    private final Store store;
    private final Quarantines quarantines;
    private final Pauses pauses;

    public ConnectorQuarantine(Store store, Settings settings, Quarantines quarantines) {
        this.store = store;
        this.settings = settings;
        this.quarantines = quarantines;
        this.pauses = new Pauses(store, null);
    }

    /**
     * The schedules' filter: none fires while an operator has paused the connector; else a regular schedule fires
     * unless the connector is quarantined, the back-off one only while it is.
     */
    public boolean fires(Exchange exchange) {
        String connector = exchange.getProperty(RunProperties.CONNECTOR, String.class);
        Pauses.Pause pause = pauses.get(Quarantines.CONNECTOR, connector);
        if (pause != null) {
            LOG.info("{}: paused since {} by {} ({}): its schedule skips until `connectors resume {}`", connector, pause.since(), pause.by(),
                    pause.reason(), connector);
            return false;
        }
        boolean backoff = exchange.getProperty(BACKOFF, false, Boolean.class);
        boolean quarantined = quarantines.get(Quarantines.CONNECTOR, connector) != null;
        if (backoff && quarantined) {
            LOG.info("{}: quarantined; trying again on {}", connector, schedule(settings, connector));
        }
        return backoff == quarantined;
    }

    /**
     * Which of these connectors are quarantined, in their order: a back-off schedule fires these, one query for all the
     * connectors that share its cron.
     */
    public List<String> quarantined(Collection<String> connectors) {
        Set<String> names = new HashSet<>();
        for (Quarantines.Quarantine q : quarantines.all()) {
            if (q.kind().equals(Quarantines.CONNECTOR)) {
                names.add(q.name());
            }
        }
        return connectors.stream().filter(names::contains).toList();
    }

    /** An operator paused it (connectors pause): no schedule, webhook or --once starts its runs. */
    public boolean paused(String connector) {
        return pauses.paused(Quarantines.CONNECTOR, connector);
    }

    /**
     * After a run closed (not a dry run): a run that read the source ends a quarantine; a failed one may start it.
     *
     * @param credentialRefused the source refused the connector's key
     */
    public void afterRun(String connector, String runId, String status, String error, boolean credentialRefused) {
        if (status.equals("succeeded") || status.equals(SyncRunRows.REFUSED)) {
            if (quarantines.leave(Quarantines.CONNECTOR, connector, runId)) {
                LOG.info("{}: recovered: run {} read the source again; back on its schedule", connector, runId);
            }
            return;
        }
        if (!status.equals("failed")) {
            return;
        }
        int after = after(settings, connector);
        int failures = failuresInARow(connector, Math.max(after, 1));
        if (!credentialRefused && failures < after && quarantines.get(Quarantines.CONNECTOR, connector) == null) {
            return;
        }
        String schedule = schedule(settings, connector);
        if (quarantines.enter(Quarantines.CONNECTOR, connector, runId, credentialRefused ? Quarantines.CREDENTIAL : Quarantines.FAILURES,
                failures, error, schedule)) {
            LOG.error("{}: quarantined ({}): it runs only on {}={} until a run reads the source again: {}", connector,
                    credentialRefused ? "its key was refused" : failures + " failed runs in a row", key(settings, connector, "quarantine-schedule"),
                    schedule, error);
        }
    }

    /** How many of the connector's newest finished runs failed, counting back until one that did not (at most {@code limit}). */
    private int failuresInARow(String connector, int limit) {
        List<String> statuses = new ArrayList<>();
        store.read("sync_runs", "SELECT status FROM sync_runs WHERE connector = ? AND status IN ('succeeded', 'failed', 'refused') "
                + "ORDER BY started_at DESC LIMIT " + limit, List.of(connector), rs -> statuses.add(rs.getString(1)));
        int n = 0;
        while (n < statuses.size() && statuses.get(n).equals("failed")) {
            n++;
        }
        return n;
    }

    /** {@code <prefix>quarantine-after}, or its default. */
    public static int after(Settings settings, String connector) {
        String v = settings.get(key(settings, connector, "quarantine-after")).trim();
        return v.isEmpty() ? DEFAULT_AFTER : Integer.parseInt(v);
    }

    /** {@code <prefix>quarantine-schedule}, or its default (hourly). */
    public static String schedule(Settings settings, String connector) {
        String v = settings.get(key(settings, connector, "quarantine-schedule")).trim();
        return v.isEmpty() ? DEFAULT_SCHEDULE : v;
    }

    private static String key(Settings settings, String connector, String key) {
        // Not Connectors.byId, which reads every key to find the named connectors: a start asks this of each connector.
        return Connectors.keyPrefix(connector) + key;
    }
}
