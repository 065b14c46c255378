package io.identitysync.run;

import io.identitysync.config.Settings;
import io.identitysync.store.Dialect;
import io.identitysync.store.Store;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * With a PostgreSQL store the schedule is the cluster's, not each node's: Quartz keeps the connectors' triggers in
 * the same database with its clustered JDBC job store, so each cron fire runs on exactly one node, a connector's
 * fires never overlap (the schedule route is stateful), and a node that dies leaves the schedule to the others.
 * Quartz, not us, does the clustering; this only configures it. Set in code, not in camel.* keys, so that Camel's
 * configuration summary never prints the database password.
 */
public final class ClusteredSchedule {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");

    private ClusteredSchedule() {
    }

    public static boolean applies(Store store, Settings settings) {
        return store.dialect() == Dialect.POSTGRESQL && !settings.bool("sync.once");
    }

    /**
     * Removes from the shared schedule our jobs that no route of this node has: the schedules of a connector taken out
     * of the configuration, or of an older version's routes. Kept, they would fire on some node every period and fail
     * there ("no active consumers"). The nodes of a cluster share one configuration, so the newest started wins.
     */
    public static void prune(CamelContext context) {
        Set<TriggerKey> ours = new HashSet<>();
        for (Endpoint e : context.getEndpoints()) {
            if (e instanceof QuartzEndpoint q && ConnectorRoutes.GROUP.equals(q.getTriggerKey().getGroup())) {
                ours.add(q.getTriggerKey());
            }
        }
        try {
            Scheduler scheduler = context.getComponent("quartz", QuartzComponent.class).getScheduler();
            for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(ConnectorRoutes.GROUP))) {
                if (!ours.contains(key) && scheduler.unscheduleJob(key)) {
                    LOG.info("schedule: removed the job {} from the shared schedule: no route of this configuration has it", key.getName());
                }
            }
        } catch (SchedulerException e) {
            LOG.warn("schedule: could not look for jobs no route has any more: {}", e.getMessage());
        }
    }

    /** Quartz's properties for the clustered job store on the store's database. */
    public static Map<String, Object> properties(Store store, Settings settings) {
        int threads = Integer.parseInt(settings.get("cluster.scheduler-threads"));
        Map<String, Object> p = new LinkedHashMap<>();
        // Every node must use the same instance name (camel-quartz adds camel.main.name) and a unique instance id.
        p.put("org.quartz.scheduler.instanceName", "IdentitySync");
        p.put("org.quartz.scheduler.instanceId", store.node());
        p.put("org.quartz.threadPool.threadCount", String.valueOf(threads));
        // Many tenants: a node takes several due fires per locked round trip on QRTZ_LOCKS, not one (Quartz then
        // acquires within the lock itself); a batch beyond the threads would only wait for a free one.
        p.put("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", settings.get("cluster.scheduler-batch-size"));
        p.put("org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow",
                String.valueOf(settings.duration("cluster.scheduler-fire-ahead").toMillis()));
        p.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.put("org.quartz.jobStore.useProperties", "true");
        p.put("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.put("org.quartz.jobStore.isClustered", "true");
        p.put("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(settings.duration("cluster.checkin-interval").toMillis()));
        // A fire missed by more than this (every node down, say) fires once, now, instead of once per missed slot.
        p.put("org.quartz.jobStore.misfireThreshold", String.valueOf(settings.duration("cluster.misfire-threshold").toMillis()));
        p.put("org.quartz.jobStore.dataSource", "store");
        p.put("org.quartz.dataSource.store.provider", "hikaricp");
        p.put("org.quartz.dataSource.store.driver", "org.postgresql.Driver");
        p.put("org.quartz.dataSource.store.URL", store.url());
        if (!settings.get("store.user").isEmpty()) {
            p.put("org.quartz.dataSource.store.user", settings.get("store.user"));
        }
        if (!settings.get("store.password").isEmpty()) {
            p.put("org.quartz.dataSource.store.password", settings.get("store.password"));
        }
        // Quartz's own advice: a few more connections than threads, for the cluster check-in and misfire handling.
        p.put("org.quartz.dataSource.store.maxConnections", String.valueOf(threads + 3));
        // Idle, the scheduler needs one connection for its check-ins, not its whole pool.
        p.put("org.quartz.dataSource.store.minimumIdle", "1");
        return p;
    }
}
