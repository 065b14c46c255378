package io.identitysync.destinations.webhooks;

import io.identitysync.config.Settings;
import io.identitysync.destinations.outbox.OutboxWorkers;
import io.identitysync.store.Store;
import io.identitysync.store.outbox.Outbox;

import java.sql.Connection;
import java.sql.SQLException;
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
    private final WebhookSender sender;

    public WebhookDispatcher(Store store, Settings settings) {
        super(store, "webhooks", settings.durations("webhooks.retry-schedule"));
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

    /** A send blocked on a receiver's answer ends now, its connection closed: it is not an attempt, and stays pending. */
    @Override
    protected void abandonInFlight() {
        sender.close();
    }

    /** Only the head decides: it holds back the endpoint's later events. */
    @Override
    protected Instant nextDue(String endpoint) {
        String due = outbox.headDue(endpoint);
        return due == null ? null : Instant.parse(due);
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

    /** What to record of a send (the shared retry schedule decides), logged when it failed. */
    private Outbox.Recorded recorded(WebhookEndpoint endpoint, Outbox.Pending p, WebhookSender.Outcome o) {
        Outbox.Recorded r = outcome(p, o.delivered(), o.retry(), o.retryAfter(), o.status(), o.error());
        if (!o.delivered()) {
            LOG.warn("webhooks: {} to {} failed ({}), attempt {}: {}", p.eventId(), endpoint.label(), o.error(), r.attempts(),
                    r.status().equals("dead") ? "dead, no more retries" : "retry at " + r.nextAttemptAt());
        }
        return r;
    }
}
