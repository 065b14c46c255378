package io.identitysync.destinations.outbox;

import io.identitysync.config.Settings;
import io.identitysync.destinations.Destinations;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryDispatcher;
import io.identitysync.destinations.webhooks.WebhookDispatcher;
import io.identitysync.destinations.webhooks.WebhookEndpoint;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.outbox.Outbox;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * {@code <kind> list} and {@code <kind> replay …} for a kind of queued destination (webhooks, directories): the
 * outbox for an operator, straight from the store. Replayed events keep their id, so a receiver that already has
 * one can drop it. The command line (io.identitysync.cli) parses the options and calls these.
 */
public final class OutboxAdmin {

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

    /** What a replay queues again: exactly one of the dead deliveries, a run's, or those since a time; to all targets or {@code only}. */
    public record Replay(boolean dead, String runId, Instant since, String only) {
    }

    private OutboxAdmin() {
    }

    /** The webhook endpoints' side of the outbox ({@code webhooks list|replay}, the API's replay). */
    public static Kind webhooks(Settings settings) {
        Map<String, Outbox.Target> targets = new LinkedHashMap<>();
        for (WebhookEndpoint e : WebhookEndpoint.all(settings)) {
            targets.put(e.id(), new Outbox.Target(e.id(), (connector, type) -> e.accepts(type)));
        }
        return new Kind("webhooks", "endpoint", targets, WebhookEndpoint::withoutQuery, false,
                "webhooks.once-wait", store -> new WebhookDispatcher(store, settings));
    }

    /** The directories' side of the outbox ({@code directories list|replay}, the API's replay). */
    public static Kind directories(Settings settings) {
        Map<String, Outbox.Target> targets = new LinkedHashMap<>();
        for (DirectoryConfig d : DirectoryConfig.all(settings)) {
            targets.put(d.id(), new Outbox.Target(d.endpoint(), d::wants));
        }
        return new Kind("directories", "directory", targets, endpoint -> endpoint, true,
                "directories.once-wait", store -> new DirectoryDispatcher(store, settings, Destinations.DIRECTORY_KINDS));
    }

    /**
     * Queues the chosen deliveries again, as {@code replay} does, and leaves delivering them to the caller's workers
     * (a running service's). {@link IllegalArgumentException} says, in the commands' words, what is wrong with the choice.
     */
    public static int queue(Kind kind, Replay replay, Store store) {
        return new Outbox(store).replay(selection(kind, replay), targets(kind, replay.only()));
    }

    /** Deliveries by destination and status, then the dead ones. */
    public static int list(Kind kind, Settings settings, PrintStream out, PrintStream err) {
        return withStore(settings, err, store -> list(kind, new Outbox(store), out));
    }

    /** Queues the chosen deliveries again and delivers them, up to the kind's once-wait: 1 when some are still pending. */
    public static int replay(Kind kind, Replay replay, Settings settings, PrintStream out, PrintStream err) {
        return withStore(settings, err, store -> replay(kind, replay, settings, store, out, err));
    }

    private static int withStore(Settings settings, PrintStream err, ToIntFunction<Store> action) {
        Store store;
        try {
            store = Store.open(settings).migrate();
        } catch (StoreException e) {
            err.println("configuration error: " + e.getMessage());
            return BAD_USAGE;
        }
        try (store) {
            return action.applyAsInt(store);
        }
    }

    private static int replay(Kind kind, Replay replay, Settings settings, Store store, PrintStream out, PrintStream err) {
        Outbox outbox = new Outbox(store);
        Outbox.Selection selection;
        List<Outbox.Target> targets;
        try {
            selection = selection(kind, replay);
            targets = targets(kind, replay.only());
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

    static Outbox.Selection selection(Kind kind, Replay replay) {
        int chosen = (replay.dead() ? 1 : 0) + (replay.runId() != null ? 1 : 0) + (replay.since() != null ? 1 : 0);
        if (chosen != 1) {
            throw new IllegalArgumentException(kind.name() + " replay needs exactly one of --dead, --run=RUN_ID, --since=TIME");
        }
        return new Outbox.Selection(replay.dead(), replay.runId(), replay.since() == null ? null : Store.format(replay.since()));
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
}
