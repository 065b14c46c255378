package io.identitysync.destinations.webhooks;

import io.identitysync.config.Settings;
import io.identitysync.core.Backoff;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers what the outbox (webhook_deliveries) holds. Each endpoint has its own worker: events go to it one at a
 * time in event order, and a head delivery waiting for its retry holds back that endpoint's later events, so a
 * receiver sees them in order; endpoints never wait for each other. Everything it knows lives in the store, so a
 * process killed at any moment resumes after restart with the same webhook-ids (at least once: a delivery sent
 * but not yet recorded when the process died goes again).
 */
public final class WebhookDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");
    private static final int BATCH = 200;
    /** Outcomes are recorded in one transaction per this many sends: fewer commits, at most this many re-sent after a crash. */
    private static final int RECORD_EVERY = 50;
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final Store store;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final List<Duration> retrySchedule = new ArrayList<>();
    private final Duration timeout;
    private final HttpClient http;
    private final ExecutorService pool;
    private volatile boolean closed;

    public WebhookDispatcher(Store store, Settings settings) {
        this.store = store;
        for (String wait : settings.list("webhooks.retry-schedule")) {
            retrySchedule.add(Settings.parseDuration(wait));
        }
        this.timeout = settings.duration("webhooks.timeout");
        // One client for every endpoint: it keeps connections alive between deliveries.
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhooks");
            t.setDaemon(true);
            return t;
        });
        for (WebhookEndpoint endpoint : WebhookEndpoint.all(settings)) {
            workers.put(endpoint.id(), new Worker(endpoint, new WebhookSigner(endpoint.secrets())));
        }
    }

    /** Starts delivering, on every endpoint that is not already busy; returns at once. */
    public void deliverDue() {
        for (Worker worker : workers.values()) {
            worker.kick();
        }
    }

    /** Delivers until nothing deliverable is pending or {@code maxWait} has passed; true when the outbox is empty. */
    public boolean drain(Duration maxWait) {
        Instant deadline = Instant.now().plus(maxWait);
        try {
            while (true) {
                deliverDue();
                for (Worker worker : workers.values()) {
                    if (!worker.awaitIdle(deadline)) {
                        return stillPending();
                    }
                }
                Instant next = nextAttempt();
                if (next == null) {
                    return true;
                }
                if (!next.isBefore(deadline)) {
                    return stillPending();
                }
                Thread.sleep(Math.max(5, Duration.between(Instant.now(), next).toMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean stillPending() {
        LOG.warn("webhooks: {} deliveries still pending; they stay in the store for the next start", pending());
        return false;
    }

    private final class Worker implements Runnable {
        final WebhookEndpoint endpoint;
        final WebhookSigner signer;
        final AtomicBoolean busy = new AtomicBoolean();

        Worker(WebhookEndpoint endpoint, WebhookSigner signer) {
            this.endpoint = endpoint;
            this.signer = signer;
        }

        void kick() {
            if (!closed && busy.compareAndSet(false, true)) {
                pool.execute(this);
            }
        }

        boolean awaitIdle(Instant deadline) throws InterruptedException {
            synchronized (this) {
                while (busy.get()) {
                    long left = Duration.between(Instant.now(), deadline).toMillis();
                    if (left <= 0) {
                        return false;
                    }
                    wait(Math.min(left, 100));
                }
            }
            return true;
        }

        @Override
        public void run() {
            try (Connection c = store.connect()) {
                deliver(c);
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    LOG.error("webhooks: {}: {}", endpoint.label(), e.getMessage());
                }
            } finally {
                synchronized (this) {
                    busy.set(false);
                    notifyAll();
                }
            }
        }

        private void deliver(Connection c) throws SQLException {
            while (!closed) {
                List<Pending> queue = heads(c, endpoint.id(), BATCH);
                if (queue.isEmpty()) {
                    return;
                }
                List<Pending> sent = new ArrayList<>();
                boolean stop = false;
                for (Pending head : queue) {
                    if (closed || Instant.parse(head.nextAttemptAt).isAfter(Instant.now())) {
                        stop = true;
                        break;
                    }
                    head.outcome = send(endpoint, signer, head);
                    if (closed && !head.outcome.delivered()) {
                        // Cut off by shutdown, not refused by the receiver: not an attempt.
                        stop = true;
                        break;
                    }
                    sent.add(head);
                    if (!head.outcome.delivered() && head.outcome.retry()) {
                        stop = true;
                        break;
                    }
                    if (sent.size() >= RECORD_EVERY) {
                        record(c, endpoint, sent);
                        sent.clear();
                    }
                }
                record(c, endpoint, sent);
                if (stop) {
                    return;
                }
            }
        }
    }

    private static final class Pending {
        final String eventId;
        final String payload;
        final int attempts;
        final String nextAttemptAt;
        Outcome outcome;

        Pending(String eventId, String payload, int attempts, String nextAttemptAt) {
            this.eventId = eventId;
            this.payload = payload;
            this.attempts = attempts;
            this.nextAttemptAt = nextAttemptAt;
        }
    }

    private record Outcome(boolean delivered, boolean retry, Integer status, String error, Duration retryAfter) {
    }

    /** The oldest pending deliveries of an endpoint, in event order. */
    private static List<Pending> heads(Connection c, String endpoint, int limit) throws SQLException {
        List<Pending> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT d.event_id, e.payload, d.attempts, d.next_attempt_at FROM webhook_deliveries d "
                + "JOIN events e ON e.id = d.event_id WHERE d.endpoint = ? AND d.status = 'pending' ORDER BY d.event_seq LIMIT " + limit)) {
            ps.setString(1, endpoint);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    private Outcome send(WebhookEndpoint endpoint, WebhookSigner signer, Pending p) {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.url())).timeout(timeout);
        endpoint.headers().forEach(request::header);
        request.header("content-type", "application/json")
                .header("webhook-id", p.eventId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.sign(p.eventId, timestamp, p.payload))
                .POST(HttpRequest.BodyPublishers.ofString(p.payload));
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Outcome(true, false, status, null, null);
            }
            boolean retry = status >= 500 || status == 408 || status == 409 || status == 429;
            Duration retryAfter = status == 429 || status == 503
                    ? Backoff.retryAfter(response.headers().firstValue("Retry-After").orElse(null), MAX_RETRY_AFTER) : null;
            return new Outcome(false, retry, status, "HTTP " + status, retryAfter);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, true, null, "interrupted", null);
        } catch (Exception e) {
            return new Outcome(false, true, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), null);
        }
    }

    /** Writes the outcomes of a series of sends in one transaction. */
    private void record(Connection c, WebhookEndpoint endpoint, List<Pending> sent) throws SQLException {
        if (sent.isEmpty()) {
            return;
        }
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, "
                + "last_status_code = ?, last_error = ?, delivered_at = ? WHERE event_id = ? AND endpoint = ?")) {
            for (Pending p : sent) {
                Outcome o = p.outcome;
                int attempts = p.attempts + 1;
                String status;
                String next = Store.now();
                if (o.delivered()) {
                    status = "delivered";
                } else if (o.retry() && attempts <= retrySchedule.size()) {
                    status = "pending";
                    Duration wait = o.retryAfter() != null ? o.retryAfter() : Backoff.jittered(retrySchedule.get(attempts - 1));
                    next = Store.format(Instant.now().plus(wait));
                } else {
                    status = "dead";
                }
                ps.setString(1, status);
                ps.setInt(2, attempts);
                ps.setString(3, next);
                if (o.status() == null) {
                    ps.setNull(4, Types.INTEGER);
                } else {
                    ps.setInt(4, o.status());
                }
                ps.setString(5, o.error());
                ps.setString(6, o.delivered() ? Store.now() : null);
                ps.setString(7, p.eventId);
                ps.setString(8, endpoint.id());
                ps.addBatch();
                if (!o.delivered()) {
                    LOG.warn("webhooks: {} to {} failed ({}), attempt {}: {}", p.eventId, endpoint.label(), o.error(), attempts,
                            status.equals("dead") ? "dead, no more retries" : "retry at " + next);
                }
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** When the earliest endpoint can go on: only the head of each endpoint's queue decides, as it holds the rest. */
    private Instant nextAttempt() {
        Instant earliest = null;
        try (Connection c = store.connect()) {
            for (String endpoint : workers.keySet()) {
                Pending head = heads(c, endpoint, 1).stream().findFirst().orElse(null);
                if (head != null) {
                    Instant at = Instant.parse(head.nextAttemptAt);
                    earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
                }
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot read webhook_deliveries: " + e.getMessage(), e);
        }
        return earliest;
    }

    /** Pending deliveries to the configured endpoints (rows of endpoints no longer configured are left alone). */
    public int pending() {
        if (workers.isEmpty()) {
            return 0;
        }
        String marks = String.join(",", java.util.Collections.nCopies(workers.size(), "?"));
        try (Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending' AND endpoint IN (" + marks + ")")) {
            int i = 1;
            for (String id : workers.keySet()) {
                ps.setString(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot read webhook_deliveries: " + e.getMessage(), e);
        }
    }

    /** Stops sending: a delivery in flight is abandoned and stays pending, to go again after the next start. */
    @Override
    public void close() {
        closed = true;
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
