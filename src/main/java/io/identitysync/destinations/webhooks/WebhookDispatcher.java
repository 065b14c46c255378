package io.identitysync.destinations.webhooks;

import io.identitysync.config.Settings;
import io.identitysync.core.Backoff;
import io.identitysync.destinations.outbox.OutboxWorkers;
import io.identitysync.store.Outbox;
import io.identitysync.store.Store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers what the outbox (webhook_deliveries) holds. Each endpoint has its own worker: events go to it one at a
 * time in event order, and a head delivery waiting for its retry holds back that endpoint's later events, so a
 * receiver sees them in order; endpoints never wait for each other. Everything it knows lives in the store, so a
 * process killed at any moment resumes after restart with the same webhook-ids (at least once: a delivery sent
 * but not yet recorded when the process died goes again). Sending is {@link WebhookSender}'s, the queries
 * {@link Outbox}'s, the workers {@link OutboxWorkers}'.
 */
public final class WebhookDispatcher extends OutboxWorkers {

    private static final int BATCH = 200;
    /** Outcomes are recorded in one transaction per this many sends: fewer commits, at most this many re-sent after a crash. */
    private static final int RECORD_EVERY = 50;

    private final Map<String, WebhookEndpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, WebhookSigner> signers = new LinkedHashMap<>();
    private final List<Duration> retrySchedule;
    private final WebhookSender sender;

    public WebhookDispatcher(Store store, Settings settings) {
        super(store, "webhooks");
        this.retrySchedule = settings.durations("webhooks.retry-schedule");
        this.sender = new WebhookSender(settings.duration("webhooks.timeout"));
        for (WebhookEndpoint endpoint : WebhookEndpoint.all(settings)) {
            endpoints.put(endpoint.id(), endpoint);
            signers.put(endpoint.id(), new WebhookSigner(endpoint.secrets()));
            add(endpoint.id());
        }
    }

    @Override
    protected String kind() {
        return "webhooks";
    }

    /** Only the head decides: it holds back the endpoint's later events. */
    @Override
    protected Instant nextDue(String endpoint) {
        return outbox.headsDueAt(List.of(endpoint)).stream().map(Instant::parse).findFirst().orElse(null);
    }

    /** One at a time in event order; a head waiting for its retry holds back the rest. */
    @Override
    protected void deliver(Connection c, String id) throws SQLException {
        WebhookEndpoint endpoint = endpoints.get(id);
        while (!closed()) {
            List<Outbox.Pending> queue = outbox.heads(c, id, BATCH);
            if (queue.isEmpty()) {
                return;
            }
            List<Outbox.Recorded> sent = new ArrayList<>();
            boolean stop = false;
            for (Outbox.Pending head : queue) {
                if (closed() || Instant.parse(head.nextAttemptAt()).isAfter(Instant.now())) {
                    stop = true;
                    break;
                }
                WebhookSender.Outcome outcome = sender.send(endpoint, signers.get(id), head.eventId(), head.payload());
                if (closed() && !outcome.delivered()) {
                    // Cut off by shutdown, not refused by the receiver: not an attempt.
                    stop = true;
                    break;
                }
                sent.add(recorded(endpoint, head, outcome));
                if (!outcome.delivered() && outcome.retry()) {
                    stop = true;
                    break;
                }
                if (sent.size() >= RECORD_EVERY) {
                    outbox.record(c, id, sent);
                    sent.clear();
                }
            }
            outbox.record(c, id, sent);
            if (stop) {
                return;
            }
        }
    }

    /** What to record of a send: delivered; pending until the next wait of the retry schedule; or dead. */
    private Outbox.Recorded recorded(WebhookEndpoint endpoint, Outbox.Pending p, WebhookSender.Outcome o) {
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
