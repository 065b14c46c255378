package io.identitysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.core.CredentialRefusedException;
import io.identitysync.core.RunRefusedException;
import io.identitysync.core.Secrets;
import io.identitysync.core.SourceException;
import io.identitysync.destinations.Destinations;
import io.identitysync.model.MappedPage;
import io.identitysync.people.PersonTrace;
import io.identitysync.rules.ConnectorRules;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.cluster.Leases;
import io.identitysync.store.commit.CommitRun;
import io.identitysync.store.commit.Rehire;
import io.identitysync.store.identities.PersonDecisions;
import io.identitysync.store.commit.RunPlan;
import io.identitysync.store.quarantine.Quarantines;
import io.identitysync.store.runs.SyncRunRows;
import io.identitysync.store.staging.Staging;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import static io.identitysync.run.RunProperties.CONNECTOR;
import static io.identitysync.run.RunProperties.FETCH_MILLIS;
import static io.identitysync.run.RunProperties.PAGE;
import static io.identitysync.run.RunProperties.RESOURCE;
import static io.identitysync.run.RunProperties.RUN_ERROR;
import static io.identitysync.run.RunProperties.RUN_ID;
import static io.identitysync.run.RunProperties.RUN_STARTED_AT;
import static io.identitysync.run.RunProperties.RUN_STATUS;
import static io.identitysync.run.RunProperties.SCOPE;
import static io.identitysync.run.RunProperties.SOURCE_NAME;
import static io.identitysync.run.RunProperties.TODAY;

/**
 * The life of one run, the same for every source: start, stage each mapped page, then commit or fail.
 * The connector-run route calls it through the core routes (direct:run-start, direct:run-stage, …); it keeps its
 * state in exchange properties: connector, sourceName, runId, runStatus (see {@link RunProperties}).
 */
public final class SyncRuns {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");

    private final Store store;
    private final Settings settings;
    private final Secrets secrets;
    private final Destinations routing;
    /** --dry-run: every run is read and planned, and nothing is changed (one run can ask the same: {@link RunProperties#DRY_RUN}). */
    private final boolean dryRun;
    /** The runs this process has going: a shutdown that cuts one off fails exactly these. */
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private final Map<String, StageWriter> writers = new ConcurrentHashMap<>();
    /** Each connector's scope and map rules, compiled once (ConfigCheck compiled them at start). */
    private final Map<String, Optional<ConnectorRules>> people = new ConcurrentHashMap<>();
    /** One run of a connector at a time, in this process. */
    private final Map<String, Semaphore> turns = new ConcurrentHashMap<>();
    private static final String HOLDS_TURN = "holdsRunTurn";
    private static final String HOLDS_LEASE = "holdsRunLease";
    private static final String RUN_LEASE = "run:";
    private final Leases leases;
    private final ConnectorQuarantine quarantine;
    /** Exchange property: the run failed because the source refused the connector's key. */
    private static final String CREDENTIAL_REFUSED = "credentialRefused";
    /** Whose "today" decides start and termination dates. */
    private final Clock clock;

    public SyncRuns(Store store, Settings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.dryRun = settings.bool("sync.dry-run");
        this.clock = clock;
        this.secrets = new Secrets(settings.secrets());
        this.routing = new Destinations(settings);
        this.leases = new Leases(store);
        this.quarantine = new ConnectorQuarantine(store, settings, new Quarantines(store, routing));
    }

    /** Whether each schedule fires, and what a run's outcome does to the connector's quarantine. */
    public ConnectorQuarantine quarantine() {
        return quarantine;
    }

    /**
     * Waits until no other run of the connector is going in this process (a scheduled run and one a source's webhook
     * asked for never overlap); {@link #release} ends the turn, whatever happened in between.
     */
    public void acquire(Exchange exchange) throws InterruptedException {
        String connector = exchange.getProperty(CONNECTOR, String.class);
        Semaphore turn = turns.computeIfAbsent(connector, k -> new Semaphore(1));
        turn.acquire();
        exchange.setProperty(HOLDS_TURN, true);
        // And across the nodes that share the store: a run another node has going, or one a dead node held until
        // its lease lapses (cluster.node-timeout).
        long fence;
        boolean waited = false;
        while ((fence = leases.claim(RUN_LEASE + connector)) < 0) {
            if (!waited) {
                LOG.info("{}: another node has a run of it going; this run waits for its turn", connector);
                waited = true;
            }
            Thread.sleep(250);
        }
        exchange.setProperty(HOLDS_LEASE, fence);
    }

    public void release(Exchange exchange) {
        String connector = exchange.getProperty(CONNECTOR, String.class);
        Long fence = exchange.getProperty(HOLDS_LEASE, Long.class);
        if (fence != null) {
            exchange.removeProperty(HOLDS_LEASE);
            leases.release(RUN_LEASE + connector, fence);
        }
        if (exchange.getProperty(HOLDS_TURN, false, Boolean.class)) {
            exchange.removeProperty(HOLDS_TURN);
            turns.get(connector).release();
        }
    }

    /** Whether a run of the connector is going in this process now. */
    public boolean running(String connector) {
        Semaphore turn = turns.get(connector);
        return turn != null && turn.availablePermits() == 0;
    }

    public void start(Exchange exchange) {
        // Set first: run-results reads it to keep a dry run from every destination, whatever happens next.
        exchange.setProperty(RunProperties.DRY_RUN, dryRun(exchange));
        String connector = exchange.getProperty(CONNECTOR, String.class);
        exchange.setProperty(SOURCE_NAME, Connectors.byId(settings, connector).source().name());
        Collection<String> scope = exchange.getProperty(SCOPE, List.of(), Collection.class);
        String kind = RunKind.of(exchange, connector, scope, settings, store);
        exchange.setProperty(RunProperties.RUN_KIND, kind);
        // Active before its row exists: this node's heartbeat fails its own running rows that no run here holds.
        String runId = SyncRunRows.newId();
        active.add(runId);
        try {
            SyncRunRows.start(store, runId, connector, kind, scope);
        } catch (RuntimeException e) {
            active.remove(runId);
            throw e;
        }
        exchange.setProperty(RUN_ID, runId);
        exchange.setProperty(RUN_STARTED_AT, Instant.now());
        exchange.setProperty(TODAY, LocalDate.now(clock));
        exchange.setProperty(RUN_STATUS, "running");
        LOG.info("{}: run {} started{}", connector, exchange.getProperty(RUN_ID), !scope.isEmpty() ? " (targeted: " + scope.size()
                + " people named by webhooks)" : kind.equals(SyncRunRows.INCREMENTAL) ? " (incremental: what changed since the last successful run)" : "");
    }

    /** Body: a {@link MappedPage}. Written on the run's writer thread while the route fetches the next page. */
    public void stage(Exchange exchange) throws InvalidPayloadException, InterruptedException {
        SourceRequests.stopIfShuttingDown(exchange);
        MappedPage page = exchange.getMessage().getMandatoryBody(MappedPage.class);
        String runId = runId(exchange);
        String where = SourcePages.where(exchange);
        Object connector = exchange.getProperty(CONNECTOR);
        Object resource = exchange.getProperty(RESOURCE);
        Object pageNumber = exchange.getProperty(PAGE);
        Object fetchMillis = exchange.getProperty(FETCH_MILLIS);
        Connectors.Connector c = Connectors.byId(settings, String.valueOf(connector));
        Staging.Rules rules = new Staging.Rules(settings.bool("sync.require-email"), exchange.getProperty(TODAY, LocalDate.class),
                c.customAttributes(settings), people.computeIfAbsent(c.id(), id -> Optional.ofNullable(ConnectorRules.of(settings.values(), c.keyPrefix())))
                .orElse(null));
        writers.computeIfAbsent(runId, StageWriter::new).submit(() -> {
            long start = System.nanoTime();
            Staging.Counts counts = Staging.stage(store, runId, page, where, rules);
            LOG.info("{}: {} page {}: {} users, {} groups, {} memberships, {} employments, {} skipped (fetched in {} ms, staged in {} ms)",
                    connector, resource, pageNumber, counts.users(), counts.groups(), counts.memberships(), counts.employments(), counts.skipped(), fetchMillis,
                    (System.nanoTime() - start) / 1_000_000);
        });
    }

    /** Every page of the run is in the store (or the first failed write is thrown). */
    private void awaitStaging(Exchange exchange, boolean rethrow) throws InterruptedException {
        StageWriter writer = writers.remove(runId(exchange));
        if (writer != null) {
            if (rethrow) {
                writer.finish();
            } else {
                writer.stop();
            }
        }
    }

    public void commit(Exchange exchange) throws InterruptedException {
        String connector = exchange.getProperty(CONNECTOR, String.class);
        awaitStaging(exchange, true);
        SourceRequests.stopIfShuttingDown(exchange);
        PersonTrace.staged(store, exchange);
        if (dryRun(exchange)) {
            plan(exchange, connector);
            return;
        }
        try {
            Connectors.Connector c = Connectors.byId(settings, connector);
            Rehire rehire = Rehire.of(settings.get(c.key("rehire")), settings.get(c.key("match-on")));
            CommitRun.Result r = CommitRun.commit(store, runId(exchange), connector,
                    settings.decimal("sync.max-delete-ratio"), settings.decimal("sync.max-disable-ratio"), routing, rehire);
            exchange.setProperty(RUN_STATUS, "succeeded");
            ObjectNode row = SyncRunRows.json(store, runId(exchange));
            LOG.info("{}: run {} succeeded in {}: {} pages, {} users seen; users +{} pending {} ~{} disabled {} enabled {} -{}; groups +{} ~{} -{}; "
                            + "memberships +{} -{}; {} skipped; {} events", connector, runId(exchange), elapsed(exchange),
                    row.path("pages").asInt(), row.path("users_seen").asInt(), r.usersCreated, r.usersPending, r.usersUpdated,
                    r.usersDisabled, r.usersEnabled, r.usersDeleted, r.groupsCreated, r.groupsUpdated, r.groupsDeleted,
                    r.membershipsAdded, r.membershipsRemoved, r.skipped, r.events);
        } catch (RunRefusedException e) {
            PersonDecisions.refusedDeletions(store, connector, runId(exchange), e.getMessage() + " (runs approve " + runId(exchange) + ")");
            close(exchange, SyncRunRows.REFUSED, connector + ": " + e.getMessage() + " (see it: runs show " + runId(exchange)
                    + "; apply it: runs approve " + runId(exchange) + ")");
        }
    }

    /** A dry run: the commit worked out and rolled back, then the run's row and staging dropped. Nothing changes. */
    private void plan(Exchange exchange, String connector) {
        RunPlan plan = RunPlan.of(store, runId(exchange), connector, settings.decimal("sync.max-delete-ratio"),
                settings.decimal("sync.max-disable-ratio"), routing);
        SyncRunRows.discard(store, runId(exchange));
        exchange.setProperty(RunProperties.RUN_PLAN, plan);
        exchange.setProperty(RUN_STATUS, "planned");
        LOG.info("{}: dry run {} in {}: {} to create, {} to update, {} to delete{}; nothing was changed", connector, runId(exchange), elapsed(exchange),
                plan.counts().created(), plan.counts().updated(), plan.counts().deleted(), plan.refusal() == null ? "" : " (" + plan.refusal() + ")");
    }

    /** The caught exception becomes the run's one clear error; nothing staged is applied. */
    public void fail(Exchange exchange) throws InterruptedException {
        awaitStaging(exchange, false);
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (e == null) {
            e = exchange.getException();
        }
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof CredentialRefusedException) {
                exchange.setProperty(CREDENTIAL_REFUSED, true);
            }
        }
        close(exchange, "failed", describe(exchange, e));
    }

    private void close(Exchange exchange, String status, String error) {
        String clean = secrets.scrub(error);
        try {
            if (dryRun(exchange)) {
                SyncRunRows.discard(store, runId(exchange));
            } else {
                SyncRunRows.fail(store, runId(exchange), exchange.getProperty(CONNECTOR, String.class), status, clean, routing);
            }
        } catch (StoreException unrecorded) {
            // The store is away (the very reason, often): the row stays 'running' until the store answers again and
            // this node's heartbeat, or another node's, fails it. Nothing of the run was applied either way.
            active.remove(runId(exchange));
            LOG.error("{}: run {} {}, and the store cannot record it now: {}", exchange.getProperty(CONNECTOR), runId(exchange), status,
                    unrecorded.getMessage());
        }
        exchange.setProperty(RUN_STATUS, status);
        exchange.setProperty(RUN_ERROR, clean);
        exchange.setException(null);
        LOG.error("{}: run {} {} after {}: {}", exchange.getProperty(CONNECTOR), runId(exchange), status, elapsed(exchange), clean);
    }

    /** After the destinations: what was staged for the export files is no longer needed (a refused run's is kept for approval). */
    public void finish(Exchange exchange) throws InterruptedException {
        awaitStaging(exchange, false);
        active.remove(runId(exchange));
        if (!SyncRunRows.REFUSED.equals(exchange.getProperty(RUN_STATUS))) {
            Staging.clear(store, runId(exchange));
        }
        if (!dryRun(exchange)) {
            String connector = exchange.getProperty(CONNECTOR, String.class);
            try {
                quarantine.afterRun(connector, runId(exchange), exchange.getProperty(RUN_STATUS, "", String.class),
                        exchange.getProperty(RUN_ERROR, "", String.class), exchange.getProperty(CREDENTIAL_REFUSED, false, Boolean.class));
            } catch (StoreException e) {
                LOG.error("{}: run {}: its quarantine cannot be recorded now: {}", connector, runId(exchange), e.getMessage());
            }
        }
    }

    /** Run ids started here and not finished. */
    public Set<String> active() {
        return Set.copyOf(active);
    }

    private String describe(Exchange exchange, Throwable e) {
        String source = exchange.getProperty(SOURCE_NAME, String.class);
        if (e == null) {
            return source + ": the run failed without a reason";
        }
        if (e instanceof SourceException || e instanceof StoreException) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof SourceException) {
                return root.getMessage();
            }
            root = root.getCause();
        }
        // Connection errors and timeouts never get here: SourceRequests names them, with the key to fix, at the request.
        return source + ": " + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** The process is a dry run (--dry-run), or this run asked to be one (a console's or the API's preview). */
    private boolean dryRun(Exchange exchange) {
        return dryRun || exchange.getProperty(RunProperties.DRY_RUN, false, Boolean.class);
    }

    private static String runId(Exchange exchange) {
        return exchange.getProperty(RUN_ID, String.class);
    }

    private static String elapsed(Exchange exchange) {
        Instant started = exchange.getProperty(RUN_STARTED_AT, Instant.class);
        if (started == null) {
            return "?";
        }
        Duration d = Duration.between(started, Instant.now());
        return String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
