package io.identitysync.destinations.outbox;

import io.identitysync.core.Backoff;
import io.identitysync.store.Store;
import io.identitysync.store.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The delivery side of the outbox, the same for every kind of queued destination (webhook endpoints,
 * directories): one worker per destination, started on demand, never two at once for one destination, each on a
 * connection of its own; {@link #drain} delivers until nothing is due; {@link #close} abandons what is in flight,
 * which stays pending in the store. A kind says only how it delivers one destination's queue.
 */
public abstract class OutboxWorkers implements AutoCloseable {

    protected static final Logger LOG = LoggerFactory.getLogger("identity-sync");

    protected final Store store;
    protected final Outbox outbox;
    /** The wait before each retry; after the last one a delivery is dead. */
    protected final List<Duration> retrySchedule;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final ExecutorService pool;
    private volatile boolean closed;

    protected OutboxWorkers(Store store, String threadName, List<Duration> retrySchedule) {
        this.store = store;
        this.outbox = new Outbox(store);
        this.retrySchedule = List.copyOf(retrySchedule);
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Registers a destination by its outbox endpoint id. */
    protected final void add(String endpoint) {
        workers.put(endpoint, new Worker(endpoint));
    }

    protected final boolean closed() {
        return closed;
    }

    /**
     * What to record of one attempt, the same for every kind: delivered; or, while the retry schedule has a wait
     * left for a failure worth retrying, pending until then (the destination's Retry-After replacing the wait); or dead.
     */
    protected final Outbox.Recorded outcome(Outbox.Pending p, boolean delivered, boolean retry, Duration retryAfter,
                                            Integer status, String error) {
        int attempts = p.attempts() + 1;
        if (delivered) {
            return new Outbox.Recorded(p.seq(), p.own(), p.eventId(), "delivered", attempts, Store.now(), status, null, Store.now());
        }
        if (retry && attempts <= retrySchedule.size()) {
            Duration wait = retryAfter != null ? retryAfter : Backoff.jittered(retrySchedule.get(attempts - 1));
            return new Outbox.Recorded(p.seq(), p.own(), p.eventId(), "pending", attempts, Store.format(Instant.now().plus(wait)), status, error, null);
        }
        return new Outbox.Recorded(p.seq(), p.own(), p.eventId(), "dead", attempts, Store.now(), status, error, null);
    }

    /** Delivers what is due in one destination's queue, until nothing more can go now. */
    protected abstract void deliver(Connection c, String endpoint) throws SQLException;

    /** When this destination can go on next, or null when nothing is pending for it. */
    protected abstract Instant nextDue(String endpoint);

    /** Starts delivering, on every destination that is not already busy; returns at once. */
    public void deliverDue() {
        for (Worker worker : workers.values()) {
            worker.kick();
        }
    }

    /** Delivers until nothing deliverable is pending or {@code maxWait} has passed; true when every queue is empty. */
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
                Instant next = workers.keySet().stream().map(this::nextDue).filter(t -> t != null).min(Instant::compareTo).orElse(null);
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
        LOG.warn("{}: {} deliveries still pending; they stay in the store for the next start", kind(), pending());
        return false;
    }

    /** How logs name this kind: webhooks, directories. */
    protected abstract String kind();

    /** Pending deliveries to the configured destinations. */
    public int pending() {
        return outbox.pending(workers.keySet());
    }

    private final class Worker implements Runnable {
        final String endpoint;
        final AtomicBoolean busy = new AtomicBoolean();

        Worker(String endpoint) {
            this.endpoint = endpoint;
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
            boolean leased = false;
            try (Connection c = store.connect()) {
                // Another node may be delivering this queue: then it is that node's turn, and this one passes.
                leased = outbox.claim(endpoint);
                if (leased) {
                    deliver(c, endpoint);
                }
            } catch (Outbox.LeaseLost e) {
                LOG.warn("{}: {}: {}", kind(), endpoint, e.getMessage());
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    LOG.error("{}: {}: {}", kind(), endpoint, e.getMessage());
                }
            } finally {
                if (leased) {
                    releaseQuietly();
                }
                synchronized (this) {
                    busy.set(false);
                    notifyAll();
                }
            }
        }

        private void releaseQuietly() {
            try {
                outbox.release(endpoint);
            } catch (RuntimeException e) {
                // The lease lapses by itself after the node timeout.
                LOG.warn("{}: {}: {}", kind(), endpoint, e.getMessage());
            }
        }
    }

    /** A kind whose sends block in I/O that an interrupt does not end (a socket read) ends them here. */
    protected void abandonInFlight() {
    }

    /** Stops sending: a delivery in flight is abandoned and stays pending, to go again after the next start. */
    @Override
    public void close() {
        closed = true;
        abandonInFlight();
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
