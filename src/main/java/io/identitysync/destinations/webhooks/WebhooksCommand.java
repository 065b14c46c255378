package io.identitysync.destinations.webhooks;

import io.identitysync.config.Settings;
import io.identitysync.store.Outbox;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;

import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** {@code webhooks list} and {@code webhooks replay …}: the outbox for an operator, straight from the store. */
public final class WebhooksCommand {

    private static final int OK = 0;
    private static final int FAILED = 1;
    private static final int BAD_USAGE = 2;

    private WebhooksCommand() {
    }

    public static int run(String action, Map<String, String> options, Settings settings, PrintStream out, PrintStream err) {
        Store store;
        try {
            store = new Store(settings.get("store.url")).migrate();
        } catch (StoreException e) {
            err.println("configuration error: " + e.getMessage());
            return BAD_USAGE;
        }
        List<WebhookEndpoint> endpoints = WebhookEndpoint.all(settings);
        Outbox outbox = new Outbox(store);
        if (action.equals("list")) {
            return list(outbox, endpoints, out);
        }
        Outbox.Selection selection;
        List<Outbox.Target> targets;
        try {
            selection = selection(options);
            targets = targets(endpoints, options.get("endpoint"));
        } catch (IllegalArgumentException e) {
            err.println("configuration error: " + e.getMessage());
            return BAD_USAGE;
        }
        int queued = outbox.replay(selection, targets);
        out.println("webhooks: " + queued + " deliveries queued again");
        try (WebhookDispatcher dispatcher = new WebhookDispatcher(store, settings)) {
            boolean empty = dispatcher.drain(settings.duration("webhooks.once-wait"));
            int pending = dispatcher.pending();
            out.println("webhooks: " + (empty ? "all delivered" : pending + " still pending (the service goes on with them)"));
            return empty ? OK : FAILED;
        }
    }

    private static int list(Outbox outbox, List<WebhookEndpoint> endpoints, PrintStream out) {
        out.printf("%-50s %9s %9s %9s%n", "endpoint", "pending", "delivered", "dead");
        outbox.counts(ids(endpoints)).forEach((endpoint, counts) -> out.printf("%-50s %9d %9d %9d%n", WebhookEndpoint.withoutQuery(endpoint),
                counts.getOrDefault("pending", 0), counts.getOrDefault("delivered", 0), counts.getOrDefault("dead", 0)));
        List<Outbox.Dead> dead = outbox.dead(1000);
        if (!dead.isEmpty()) {
            out.println();
            out.println("dead deliveries (oldest first; replay with: webhooks replay --dead [--endpoint=ID]):");
            for (Outbox.Dead d : dead) {
                out.printf("%s %s %-18s %s to %s after %d attempt(s): %s%n", d.createdAt(), d.eventId(), d.type(), d.connector(),
                        WebhookEndpoint.withoutQuery(d.endpoint()), d.attempts(), d.lastError() == null ? "" : d.lastError());
            }
        }
        return OK;
    }

    static Outbox.Selection selection(Map<String, String> options) {
        boolean dead = Boolean.parseBoolean(options.getOrDefault("dead", "false"));
        String run = options.get("run");
        String since = options.get("since");
        int chosen = (dead ? 1 : 0) + (run != null ? 1 : 0) + (since != null ? 1 : 0);
        if (chosen != 1) {
            throw new IllegalArgumentException("webhooks replay needs exactly one of --dead, --run=RUN_ID, --since=TIME");
        }
        return new Outbox.Selection(dead, run, since == null ? null : sinceInstant(since));
    }

    /** The configured endpoints a replay queues to: all, or the one --endpoint names. */
    static List<Outbox.Target> targets(List<WebhookEndpoint> endpoints, String only) {
        List<Outbox.Target> targets = endpoints.stream().filter(e -> only == null || e.id().equals(only))
                .map(e -> new Outbox.Target(e.id(), e::accepts)).toList();
        if (targets.isEmpty()) {
            throw new IllegalArgumentException(only == null ? "no webhook endpoint is configured (webhooks.urls or webhooks.endpoint.<id>.url)"
                    : "--endpoint: '" + only + "' is not a configured webhook endpoint");
        }
        return targets;
    }

    static List<String> ids(List<WebhookEndpoint> endpoints) {
        return endpoints.stream().map(WebhookEndpoint::id).toList();
    }

    /** An ISO-8601 instant, or a duration back from now ({@code 2h}, {@code 30m}), as the store writes times. */
    static String sinceInstant(String value) {
        try {
            return Store.format(Instant.parse(value));
        } catch (DateTimeParseException notAnInstant) {
            try {
                return Store.format(Instant.now().minus(Settings.parseDuration(value)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--since: '" + value + "' is neither a time such as 2026-11-22T10:00:00Z nor a duration such as 2h");
            }
        }
    }
}
