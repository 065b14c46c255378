package io.identitysync.destinations.directories;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.core.Backoff;
import io.identitysync.core.Secrets;
import io.identitysync.destinations.Destinations;
import io.identitysync.destinations.outbox.OutboxWorkers;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.identities.DirectoryState;
import io.identitysync.store.outbox.Outbox;
import io.identitysync.store.quarantine.Pauses;
import io.identitysync.store.quarantine.Quarantines;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Pushes what the outbox holds for each directory ({@code directory:<id>}), on the same workers as webhooks. Changes
 * of one person (or group) go in event order, and one that waits for its retry holds back only that person's later
 * ones; a failure on one person never blocks the others. A directory enabled on a store that already has users is
 * first filled from the current state. A refused token quarantines the directory: its queue stays and waits for
 * {@code directories.<id>.quarantine-schedule}, and the first change it takes again ends the quarantine.
 */
public final class DirectoryDispatcher extends OutboxWorkers {

    private static final int BATCH = 500;

    private record Directory(DirectoryConfig config, DirectoryPush push, DirectoryState state) {
    }

    private final Map<String, Directory> directories = new LinkedHashMap<>();
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();
    /** Each directory's back-off while quarantined (directories.<id>.quarantine-schedule), by endpoint. */
    private final Map<String, String> backoff = new ConcurrentHashMap<>();
    private final Secrets secrets;
    private final List<String> connectors;
    private final Quarantines quarantines;
    private final Pauses pauses;
    /** The directories quarantined, as the store said at start and as pushes found since. */
    private final Set<String> quarantined = ConcurrentHashMap.newKeySet();

    public DirectoryDispatcher(Store store, Settings settings, Map<String, DirectoryKind> kinds) {
        this(store, settings, kinds, java.time.Clock.systemUTC());
    }

    /** @param clock what "now" is for {@code delete-after} (tests move it) */
    public DirectoryDispatcher(Store store, Settings settings, Map<String, DirectoryKind> kinds, java.time.Clock clock) {
        super(store, "directories", settings.durations("directories.retry-schedule"));
        this.secrets = new Secrets(settings.secrets());
        this.connectors = Connectors.enabled(settings).stream().map(Connectors.Connector::id).toList();
        this.quarantines = new Quarantines(store, new Destinations(settings));
        this.pauses = new Pauses(store, null);
        for (DirectoryConfig config : DirectoryConfig.all(settings)) {
            DirectoryState state = new DirectoryState(store, config.id(), clock);
            if (!state.filled() && connectors.stream().filter(config::feeds).noneMatch(state::hasPresentUsers)) {
                // Nothing to fill from: every change will come through the queue.
                state.markFilled();
            }
            directories.put(config.endpoint(), new Directory(config, push(settings, config, state, kinds), state));
            add(config.endpoint());
            backoff.put(config.endpoint(), DirectoryConfig.value(settings, config.id(), "quarantine-schedule"));
        }
        // After a restart a quarantined directory is tried once at once (its key may be what was fixed), then backs off.
        for (Quarantines.Quarantine q : quarantines.all()) {
            if (q.kind().equals(Quarantines.DIRECTORY)) {
                quarantined.add(DirectoryConfig.ENDPOINT_PREFIX + q.name());
            }
        }
    }

    /** An operator paused the directory (directories pause): its queue waits, whatever is due. */
    private boolean operatorPaused(String endpoint) {
        return pauses.paused(Quarantines.DIRECTORY, directories.get(endpoint).config().id());
    }

    /** The push of one directory, by its kind; our ids are scoped by connector when several connectors feed it. */
    static DirectoryPush push(Settings settings, DirectoryConfig config, DirectoryState state, Map<String, DirectoryKind> kinds) {
        boolean scoped = Connectors.enabled(settings).stream().map(Connectors.Connector::id).filter(config::feeds).count() > 1;
        return kinds.get(config.type()).push(config, settings.get(config.tokenKey()), settings.duration("directories.timeout"), state, scoped);
    }

    @Override
    protected String kind() {
        return "directories";
    }

    /** A directory paused for its token has nothing due for a drain: the key will not fix itself; the service polls again. */
    @Override
    protected Instant nextDue(String endpoint) {
        Instant paused = pausedUntil.get(endpoint);
        if (paused != null && paused.isAfter(Instant.now()) || operatorPaused(endpoint)) {
            return null;
        }
        String due = outbox.earliestDue(endpoint);
        return due == null ? null : Instant.parse(due);
    }

    @Override
    public void deliverDue() {
        pausedUntil.values().removeIf(until -> until.isBefore(Instant.now()));
        super.deliverDue();
    }

    @Override
    protected void deliver(Connection c, String endpoint) throws SQLException {
        Directory d = directories.get(endpoint);
        if (pausedUntil.containsKey(endpoint) || operatorPaused(endpoint)) {
            return;
        }
        try {
            if (!d.state().filled()) {
                fill(d);
            }
            while (!closed() && pass(c, d)) {
                // Again while a pass gets something done: what it recorded may have let later changes go.
                recovered(d);
            }
            deleteAfterGrace(d);
        } catch (DirectoryException e) {
            if (e.kind() == DirectoryException.Kind.CREDENTIAL) {
                String message = secrets.scrub(e.getMessage());
                String schedule = backoff.get(endpoint);
                Instant next = nextFire(schedule);
                pausedUntil.put(endpoint, next);
                // DirectoryHttp names the key already when it knows it; the queue's pause is this class's to say.
                String said = message + (message.contains("check " + d.config().tokenKey()) ? "" : "; check " + d.config().tokenKey());
                quarantined.add(endpoint);
                if (quarantines.enter(Quarantines.DIRECTORY, d.config().id(), "", Quarantines.CREDENTIAL, 1, said, schedule)) {
                    LOG.error("{}: quarantined: {} (its queue waits; tried again on {}={}, next at {})", d.config().label(), said,
                            d.config().key("quarantine-schedule"), schedule, next);
                } else {
                    LOG.error("{}: {} (still quarantined; its queue waits until {})", d.config().label(), said, next);
                }
            } else {
                // Only the fill gets here (a change's failure is recorded on it): it starts again after the first wait.
                pausedUntil.put(endpoint, Instant.now().plus(Backoff.jittered(retrySchedule.get(0))));
                LOG.warn("{}: fill interrupted: {}; it starts again shortly", d.config().label(), secrets.scrub(e.getMessage()));
            }
        }
    }

    /**
     * With on-delete=delete, the people deleted in the source whose delete-after has passed since: no change comes
     * for them any more, so each time the queue is looked at, those due are deleted here (one refused is logged and
     * tried again the next time).
     */
    private void deleteAfterGrace(Directory d) {
        if (!d.config().onDelete().equals("delete") || closed()) {
            return;
        }
        for (String[] due : d.state().deletedBefore(d.state().now().minus(d.config().deleteAfter()))) {
            try {
                LOG.info("{}: {} {}: {}", d.config().label(), due[0], due[1], d.push().user(due[0], due[1]));
            } catch (DirectoryException e) {
                if (e.kind() == DirectoryException.Kind.CREDENTIAL) {
                    throw e;
                }
                LOG.error("{}: {} {}: deletion after {}: {}", d.config().label(), due[0], due[1], d.config().key("delete-after"),
                        secrets.scrub(e.getMessage()));
            }
        }
    }

    /** A pass got answers other than a refused key: a quarantine of the directory ends. */
    private void recovered(Directory d) {
        if (quarantined.remove(d.config().endpoint()) && quarantines.leave(Quarantines.DIRECTORY, d.config().id(), "")) {
            LOG.info("{}: recovered: it takes changes again", d.config().label());
        }
    }

    /** When a back-off cron fires next (Quartz's reading of it, as the connectors' schedules); in an hour if it never does. */
    static Instant nextFire(String cron) {
        try {
            java.util.Date next = new org.quartz.CronExpression(cron).getNextValidTimeAfter(new java.util.Date());
            return next == null ? Instant.now().plus(Duration.ofHours(1)) : next.toInstant();
        } catch (java.text.ParseException e) {
            return Instant.now().plus(Duration.ofHours(1));
        }
    }

    /** One pass over the queue in event order; true when it pushed anything. */
    private boolean pass(Connection c, Directory d) throws SQLException {
        List<Outbox.Pending> queue = outbox.heads(c, d.config().endpoint(), BATCH);
        Set<String> waiting = new HashSet<>();
        Map<String, Integer> done = new TreeMap<>();
        long started = System.nanoTime();
        boolean progressed = false;
        for (Outbox.Pending p : queue) {
            if (closed()) {
                return false;
            }
            Change change = Change.of(p.eventId(), Rows.parse(p.payload()));
            if (change.keys().stream().anyMatch(waiting::contains)) {
                continue;
            }
            if (Instant.parse(p.nextAttemptAt()).isAfter(Instant.now())) {
                waiting.addAll(change.keys());
                continue;
            }
            Outbox.Recorded outcome = push(d, p, change, done);
            outbox.record(c, d.config().endpoint(), List.of(outcome));
            if (outcome.status().equals("pending")) {
                waiting.addAll(change.keys());
            }
            progressed = true;
        }
        if (!done.isEmpty()) {
            LOG.info("{}: {} changes in {} ms: {}", d.config().label(), done.values().stream().mapToInt(Integer::intValue).sum(),
                    (System.nanoTime() - started) / 1_000_000, done);
        }
        return progressed;
    }

    /** One change pushed: delivered, pending until its next try, or dead with the directory's message. */
    private Outbox.Recorded push(Directory d, Outbox.Pending p, Change change, Map<String, Integer> done) {
        try {
            String what = d.push().apply(change);
            // Every push at debug level (the audit trail: what each change did); a summary per pass at info.
            LOG.debug("{}: {} {}: {}", d.config().label(), change.type(), change.subject(), what);
            done.merge(what.startsWith("no change") ? "unchanged" : what.startsWith("not ") || what.endsWith(" are off") ? "skipped"
                    : what.split(" ")[0], 1, Integer::sum);
            return outcome(p, true, false, null, 200, null);
        } catch (DirectoryException e) {
            if (e.kind() == DirectoryException.Kind.CREDENTIAL) {
                throw e;
            }
            String error = secrets.scrub(e.getMessage());
            Outbox.Recorded r = outcome(p, false, e.kind() == DirectoryException.Kind.TRANSIENT, e.retryAfter(), e.status(), error);
            if (r.status().equals("pending")) {
                done.merge("retrying", 1, Integer::sum);
                LOG.warn("{}: {} {}: {}; attempt {}, again at {}", d.config().label(), change.type(), change.subject(), error, r.attempts(),
                        r.nextAttemptAt());
            } else {
                done.merge("dead", 1, Integer::sum);
                LOG.error("{}: {} {}: {}; dead after attempt {} (directories replay --dead sends it again)", d.config().label(),
                        change.type(), change.subject(), error, r.attempts());
            }
            return r;
        }
    }

    /** The first push to a directory: every present user of its connectors, then (with groups) each department and its members. */
    private void fill(Directory d) {
        int users = 0;
        for (String connector : connectors) {
            if (!d.config().feeds(connector)) {
                continue;
            }
            for (String user : d.state().presentUsers(connector)) {
                users += filled(d, () -> d.push().user(connector, user), "user " + user);
            }
            if (d.config().groups()) {
                for (String group : d.state().presentGroups(connector, "department")) {
                    filled(d, () -> d.push().group(connector, group), "group " + group);
                }
            }
        }
        d.state().markFilled();
        LOG.info("{}: filled from the current state ({} users)", d.config().label(), users);
    }

    /**
     * One record of the fill: a refusal of that record is logged and the fill goes on; a transient failure (or a
     * refused token) stops the fill, which starts again, idempotent, at the next delivery.
     */
    private int filled(Directory d, Supplier<String> push, String what) {
        try {
            LOG.debug("{}: fill: {}: {}", d.config().label(), what, push.get());
            return 1;
        } catch (DirectoryException e) {
            if (e.kind() != DirectoryException.Kind.PERMANENT) {
                throw e;
            }
            LOG.error("{}: fill: {}: {}", d.config().label(), what, secrets.scrub(e.getMessage()));
            return 0;
        }
    }
}
