package io.identitysync.destinations.webhooks;

import io.identitysync.config.Settings;
import io.identitysync.core.Backoff;
import io.identitysync.store.Outbox;
import io.identitysync.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
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
 * but not yet recorded when the process died goes again). Sending is {@link WebhookSender}'s; the queries are
 * {@link Outbox}'s.
 */
public final class WebhookDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");
    private static final int BATCH = 200;
    /** Outcomes are recorded in one transaction per this many sends: fewer commits, at most this many re-sent after a crash. */
    private static final int RECORD_EVERY = 50;

    private final Store store;
    private final Outbox outbox;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final List<Duration> retrySchedule = new ArrayList<>();
    private final WebhookSender sender;
    private final ExecutorService pool;
    private volatile boolean closed;

    public WebhookDispatcher(Store store, Settings settings) {
        this.store = store;
        this.outbox = new Outbox(store);
        for (String wait : settings.list("webhooks.retry-schedule")) {
            retrySchedule.add(Settings.parseDuration(wait));
        }
        this.sender = new WebhookSender(settings.duration("webhooks.timeout"));
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
                Instant next = outbox.headsDueAt(workers.keySet()).stream().map(Instant::parse).min(Instant::compareTo).orElse(null);
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

    /** Pending deliveries to the configured endpoints. */
    public int pending() {
        return outbox.pending(workers.keySet());
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
                List<Outbox.Pending> queue = outbox.heads(c, endpoint.id(), BATCH);
                if (queue.isEmpty()) {
                    return;
                }
                List<Outbox.Recorded> sent = new ArrayList<>();
                boolean stop = false;
                for (Outbox.Pending head : queue) {
                    if (closed || Instant.parse(head.nextAttemptAt()).isAfter(Instant.now())) {
                        stop = true;
                        break;
                    }
                    WebhookSender.Outcome outcome = sender.send(endpoint, signer, head.eventId(), head.payload());
                    if (closed && !outcome.delivered()) {
                        // Cut off by shutdown, not refused by the receiver: not an attempt.
                        stop = true;
                        break;
                    }
                    sent.add(recorded(head, outcome));
                    if (!outcome.delivered() && outcome.retry()) {
                        stop = true;
                        break;
                    }
                    if (sent.size() >= RECORD_EVERY) {
                        outbox.record(c, endpoint.id(), sent);
                        sent.clear();
                    }
                }
                outbox.record(c, endpoint.id(), sent);
                if (stop) {
                    return;
                }
            }
        }

        /** What to record of a send: delivered; pending until the next wait of the retry schedule; or dead. */
        private Outbox.Recorded recorded(Outbox.Pending p, WebhookSender.Outcome o) {
            int attempts = p.attempts() + 1;
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
            if (!o.delivered()) {
                LOG.warn("webhooks: {} to {} failed ({}), attempt {}: {}", p.eventId(), endpoint.label(), o.error(), attempts,
                        status.equals("dead") ? "dead, no more retries" : "retry at " + next);
            }
            return new Outbox.Recorded(p.eventId(), status, attempts, next, o.status(), o.error(), o.delivered() ? Store.now() : null);
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
