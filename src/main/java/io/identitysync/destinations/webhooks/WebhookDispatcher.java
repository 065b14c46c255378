package io.identitysync.destinations.webhooks;

import io.identitysync.config.Settings;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers what the outbox (webhook_deliveries) holds, oldest event first per endpoint. An endpoint whose head
 * delivery is waiting for its retry holds back its later events, so receivers see events in order; other
 * endpoints go on. Everything it knows lives in the store, so a restart resumes where it stopped.
 */
public final class WebhookDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");

    private final Store store;
    private final List<String> endpoints;
    private final WebhookSigner signer;
    private final List<Duration> retrySchedule = new ArrayList<>();
    private final Duration timeout;
    private final HttpClient http;

    public WebhookDispatcher(Store store, Settings settings) {
        this.store = store;
        this.endpoints = settings.list("webhooks.urls");
        this.signer = endpoints.isEmpty() ? null : new WebhookSigner(settings.get("webhooks.secret"));
        for (String wait : settings.list("webhooks.retry-schedule")) {
            retrySchedule.add(Settings.parseDuration(wait));
        }
        this.timeout = settings.duration("webhooks.timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Sends every delivery that is due now; returns how many were delivered. Safe to call from several places. */
    public synchronized int deliverDue() {
        int delivered = 0;
        try (Connection c = store.connect()) {
            for (String endpoint : endpoints) {
                delivered += deliverDue(c, endpoint);
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot read webhook_deliveries: " + e.getMessage(), e);
        }
        return delivered;
    }

    /** Delivers until nothing is pending or {@code maxWait} has passed; true when the outbox is empty. */
    public boolean drain(Duration maxWait) {
        Instant deadline = Instant.now().plus(maxWait);
        while (true) {
            deliverDue();
            Instant next = nextAttempt();
            if (next == null) {
                return true;
            }
            Instant now = Instant.now();
            if (!next.isBefore(deadline)) {
                LOG.warn("webhooks: {} deliveries still pending; they stay in the store for the next start", pending());
                return false;
            }
            try {
                Thread.sleep(Math.max(10, Duration.between(now, next).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private int deliverDue(Connection c, String endpoint) throws SQLException {
        int delivered = 0;
        while (true) {
            List<Pending> queue = heads(c, endpoint, 200);
            if (queue.isEmpty()) {
                return delivered;
            }
            for (Pending head : queue) {
                if (Instant.parse(head.nextAttemptAt).isAfter(Instant.now())) {
                    return delivered;
                }
                Outcome outcome = send(endpoint, head);
                record(c, endpoint, head, outcome);
                if (outcome.delivered()) {
                    delivered++;
                } else if (outcome.retry()) {
                    return delivered;
                }
            }
        }
    }

    private record Pending(String eventId, String payload, int attempts, String nextAttemptAt) {
    }

    private record Outcome(boolean delivered, boolean retry, Integer status, String error) {
    }

    /** The oldest pending deliveries of an endpoint, in event order. */
    private List<Pending> heads(Connection c, String endpoint, int limit) throws SQLException {
        List<Pending> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT d.event_id, e.payload, d.attempts, d.next_attempt_at FROM webhook_deliveries d "
                     + "JOIN events e ON e.id = d.event_id WHERE d.endpoint = ? AND d.status = 'pending' ORDER BY e.seq LIMIT " + limit)) {
            ps.setString(1, endpoint);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    private Outcome send(String endpoint, Pending p) {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(timeout)
                .header("content-type", "application/json")
                .header("webhook-id", p.eventId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.sign(p.eventId, timestamp, p.payload))
                .POST(HttpRequest.BodyPublishers.ofString(p.payload))
                .build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return new Outcome(true, false, status, null);
            }
            boolean retry = status >= 500 || status == 408 || status == 409 || status == 429;
            return new Outcome(false, retry, status, "HTTP " + status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, true, null, "interrupted");
        } catch (Exception e) {
            return new Outcome(false, true, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private void record(Connection c, String endpoint, Pending p, Outcome o) throws SQLException {
        int attempts = p.attempts + 1;
        String status;
        String next = Store.now();
        if (o.delivered()) {
            status = "delivered";
        } else if (o.retry() && attempts <= retrySchedule.size()) {
            status = "pending";
            next = Store.format(Instant.now().plus(retrySchedule.get(attempts - 1)));
        } else {
            status = "dead";
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, "
                     + "last_status_code = ?, last_error = ?, delivered_at = ? WHERE event_id = ? AND endpoint = ?")) {
            ps.setString(1, status);
            ps.setInt(2, attempts);
            ps.setString(3, next);
            if (o.status() == null) {
                ps.setNull(4, java.sql.Types.INTEGER);
            } else {
                ps.setInt(4, o.status());
            }
            ps.setString(5, o.error());
            ps.setString(6, o.delivered() ? Store.now() : null);
            ps.setString(7, p.eventId);
            ps.setString(8, endpoint);
            ps.executeUpdate();
        }
        if (!o.delivered()) {
            LOG.warn("webhooks: {} to {} failed ({}), attempt {}: {}", p.eventId, endpoint, o.error(), attempts,
                    status.equals("dead") ? "dead, no more retries" : "retry at " + next);
        }
    }

    /** When the earliest endpoint can go on: only the head of each endpoint's queue decides, as it holds the rest. */
    private Instant nextAttempt() {
        Instant earliest = null;
        try (Connection c = store.connect()) {
            for (String endpoint : endpoints) {
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

    public int pending() {
        try (Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot read webhook_deliveries: " + e.getMessage(), e);
        }
    }
}
