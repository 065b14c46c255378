package io.identitysync.destinations.outbox;

import io.identitysync.config.Settings;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.outbox.Outbox;

import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code <kind> list} and {@code <kind> replay …} for a kind of queued destination (webhooks, directories): the
 * outbox for an operator, straight from the store. Replayed events keep their id, so a receiver that already has
 * one can drop it.
 */
public final class OutboxCommand {

    private static final int OK = 0;
    private static final int FAILED = 1;
    private static final int BAD_USAGE = 2;

    /**
     * A kind of destination as the commands see it.
     *
     * @param name     webhooks or directories: the command and how messages name it
     * @param option   the option that picks one destination: endpoint or directory
     * @param targets  the configured destinations (outbox endpoint, what it wants), by the id --option names
     * @param label    how a destination's endpoint is printed
     * @param workers  delivers what a replay queued
     */
    public record Kind(String name, String option, Map<String, Outbox.Target> targets, Function<String, String> label, boolean directories,
                       String onceWaitKey, Function<Store, OutboxWorkers> workers) {
    }

    private OutboxCommand() {
    }

    public static int run(Kind kind, String action, Map<String, String> options, Settings settings, PrintStream out, PrintStream err) {
        Store store;
        try {
            store = Store.open(settings).migrate();
        } catch (StoreException e) {
            err.println("configuration error: " + e.getMessage());
            return BAD_USAGE;
        }
        try (store) {
            return run(kind, action, options, settings, store, out, err);
        }
    }

    private static int run(Kind kind, String action, Map<String, String> options, Settings settings, Store store, PrintStream out, PrintStream err) {
        Outbox outbox = new Outbox(store);
        if (action.equals("list")) {
            return list(kind, outbox, out);
        }
        Outbox.Selection selection;
        List<Outbox.Target> targets;
        try {
            selection = selection(kind, options);
            targets = targets(kind, options.get(kind.option()));
        } catch (IllegalArgumentException e) {
            err.println("configuration error: " + e.getMessage());
            return BAD_USAGE;
        }
        int queued = outbox.replay(selection, targets);
        out.println(kind.name() + ": " + queued + " deliveries queued again");
        try (OutboxWorkers workers = kind.workers().apply(store)) {
            boolean empty = workers.drain(settings.duration(kind.onceWaitKey()));
            out.println(kind.name() + ": " + (empty ? "all delivered" : workers.pending() + " still pending (the service goes on with them)"));
            return empty ? OK : FAILED;
        }
    }

    private static int list(Kind kind, Outbox outbox, PrintStream out) {
        out.printf("%-50s %9s %9s %9s%n", kind.option(), "pending", "delivered", "dead");
        outbox.counts(kind.targets().values().stream().map(Outbox.Target::endpoint).toList()).forEach((endpoint, counts) -> {
            if (Outbox.isDirectory(endpoint) == kind.directories()) {
                out.printf("%-50s %9d %9d %9d%n", kind.label().apply(endpoint), counts.getOrDefault("pending", 0),
                        counts.getOrDefault("delivered", 0), counts.getOrDefault("dead", 0));
            }
        });
        List<Outbox.Dead> dead = outbox.dead(1000, kind.directories());
        if (!dead.isEmpty()) {
            out.println();
            out.println("dead deliveries (oldest first; replay with: " + kind.name() + " replay --dead [--" + kind.option() + "=ID]):");
            for (Outbox.Dead d : dead) {
                out.printf("%s %s %-18s %s to %s after %d attempt(s): %s%n", d.createdAt(), d.eventId(), d.type(), d.connector(),
                        kind.label().apply(d.endpoint()), d.attempts(), d.lastError() == null ? "" : d.lastError());
            }
        }
        return OK;
    }

    static Outbox.Selection selection(Kind kind, Map<String, String> options) {
        boolean dead = Boolean.parseBoolean(options.getOrDefault("dead", "false"));
        String run = options.get("run");
        String since = options.get("since");
        int chosen = (dead ? 1 : 0) + (run != null ? 1 : 0) + (since != null ? 1 : 0);
        if (chosen != 1) {
            throw new IllegalArgumentException(kind.name() + " replay needs exactly one of --dead, --run=RUN_ID, --since=TIME");
        }
        return new Outbox.Selection(dead, run, since == null ? null : sinceInstant(since));
    }

    /** The configured destinations a replay queues to: all, or the one --endpoint / --directory names. */
    static List<Outbox.Target> targets(Kind kind, String only) {
        if (kind.targets().isEmpty()) {
            throw new IllegalArgumentException(kind.directories() ? "no directory is configured (directories.<id>.type)"
                    : "no webhook endpoint is configured (webhooks.urls or webhooks.endpoint.<id>.url)");
        }
        if (only == null) {
            return List.copyOf(kind.targets().values());
        }
        Outbox.Target target = kind.targets().get(only);
        if (target == null) {
            throw new IllegalArgumentException("--" + kind.option() + ": '" + only + "' is not a configured " + (kind.directories() ? "directory" : "webhook endpoint"));
        }
        return List.of(target);
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
