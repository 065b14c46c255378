package io.identitysync.core;

import io.identitysync.config.Settings;
import io.identitysync.config.Connectors;
import io.identitysync.destinations.webhooks.WebhookEndpoint;
import io.identitysync.store.CommitRun;
import io.identitysync.store.Staging;
import io.identitysync.store.Store;
import io.identitysync.store.SyncRunRows;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * The life of one run, the same for every source: start, stage each mapped page, then commit or fail.
 * Source routes call it through the core routes (direct:run-start, direct:run-stage, …); it keeps its state in
 * exchange properties: connector, sourceName, runId, runStatus.
 */
public final class SyncRuns {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");

    private final Store store;
    private final Settings settings;
    private final Secrets secrets;
    private final java.util.function.Function<String, java.util.List<String>> routing;
    /** The runs this process has going: a shutdown that cuts one off fails exactly these. */
    private final java.util.Set<String> active = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, StageWriter> writers = new java.util.concurrent.ConcurrentHashMap<>();

    public SyncRuns(Store store, Settings settings) {
        this.store = store;
        this.settings = settings;
        this.secrets = new Secrets(settings.secrets());
        java.util.List<WebhookEndpoint> endpoints = WebhookEndpoint.all(settings);
        this.routing = type -> WebhookEndpoint.idsFor(endpoints, type);
    }

    public void start(Exchange exchange) {
        String connector = exchange.getProperty("connector", String.class);
        exchange.setProperty("sourceName", Connectors.byId(settings, connector).source().name());
        exchange.setProperty("runId", SyncRunRows.start(store, connector));
        active.add(exchange.getProperty("runId", String.class));
        exchange.setProperty("runStartedAt", Instant.now());
        exchange.setProperty("runStatus", "running");
        LOG.info("{}: run {} started", connector, exchange.getProperty("runId"));
    }

    /** Body: a {@link MappedPage}. Written on the run's writer thread while the route fetches the next page. */
    public void stage(Exchange exchange) throws org.apache.camel.InvalidPayloadException, InterruptedException {
        SourceRequests.stopIfShuttingDown(exchange);
        MappedPage page = exchange.getMessage().getMandatoryBody(MappedPage.class);
        String runId = runId(exchange);
        String where = SourcePages.where(exchange);
        Object connector = exchange.getProperty("connector");
        Object resource = exchange.getProperty("resource");
        Object pageNumber = exchange.getProperty("page");
        Object fetchMillis = exchange.getProperty("fetchMillis");
        boolean requireEmail = settings.bool("sync.require-email");
        writers.computeIfAbsent(runId, StageWriter::new).submit(() -> {
            long start = System.nanoTime();
            Staging.Counts counts = Staging.stage(store, runId, page, requireEmail, where);
            LOG.info("{}: {} page {}: {} users, {} groups, {} memberships, {} skipped (fetched in {} ms, staged in {} ms)", connector,
                    resource, pageNumber, counts.users(), counts.groups(), counts.memberships(), counts.skipped(), fetchMillis,
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
        String connector = exchange.getProperty("connector", String.class);
        awaitStaging(exchange, true);
        SourceRequests.stopIfShuttingDown(exchange);
        try {
            CommitRun.Result r = CommitRun.commit(store, runId(exchange), connector,
                    settings.decimal("sync.max-delete-ratio"), routing);
            exchange.setProperty("runStatus", "succeeded");
            com.fasterxml.jackson.databind.node.ObjectNode row = SyncRunRows.json(store, runId(exchange));
            LOG.info("{}: run {} succeeded in {}: {} pages, {} users seen; users +{} ~{} disabled {} enabled {} -{}; groups +{} ~{} -{}; "
                            + "memberships +{} -{}; {} skipped; {} events", connector, runId(exchange), elapsed(exchange),
                    row.path("pages").asInt(), row.path("users_seen").asInt(), r.usersCreated, r.usersUpdated,
                    r.usersDisabled, r.usersEnabled, r.usersDeleted, r.groupsCreated, r.groupsUpdated, r.groupsDeleted,
                    r.membershipsAdded, r.membershipsRemoved, r.skipped, r.events);
        } catch (RunRefusedException e) {
            close(exchange, "refused", connector + ": " + e.getMessage());
        }
    }

    /** The caught exception becomes the run's one clear error; nothing staged is applied. */
    public void fail(Exchange exchange) throws InterruptedException {
        awaitStaging(exchange, false);
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (e == null) {
            e = exchange.getException();
        }
        close(exchange, "failed", describe(exchange, e));
    }

    private void close(Exchange exchange, String status, String error) {
        String clean = secrets.scrub(error);
        SyncRunRows.fail(store, runId(exchange), exchange.getProperty("connector", String.class), status, clean, routing);
        exchange.setProperty("runStatus", status);
        exchange.setProperty("runError", clean);
        exchange.setException(null);
        LOG.error("{}: run {} {} after {}: {}", exchange.getProperty("connector"), runId(exchange), status, elapsed(exchange), clean);
    }

    /** After the destinations: what was staged for the export files is no longer needed. */
    public void finish(Exchange exchange) throws InterruptedException {
        awaitStaging(exchange, false);
        active.remove(runId(exchange));
        Staging.clear(store, runId(exchange));
    }

    /** Run ids started here and not finished. */
    public java.util.Set<String> active() {
        return java.util.Set.copyOf(active);
    }

    private String describe(Exchange exchange, Throwable e) {
        String source = exchange.getProperty("sourceName", String.class);
        if (e == null) {
            return source + ": the run failed without a reason";
        }
        if (e instanceof SourceException || e instanceof io.identitysync.store.StoreException) {
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

    private static String runId(Exchange exchange) {
        return exchange.getProperty("runId", String.class);
    }

    private static String elapsed(Exchange exchange) {
        Instant started = exchange.getProperty("runStartedAt", Instant.class);
        if (started == null) {
            return "?";
        }
        Duration d = Duration.between(started, Instant.now());
        return String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
